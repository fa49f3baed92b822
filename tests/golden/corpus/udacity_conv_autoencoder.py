# after: https://github.com/udacity/deep-learning-v2-pytorch/blob/master/autoencoder/convolutional-autoencoder/Convolutional_Autoencoder_Solution.ipynb
# input: 1x1x28x28
# model: model
# note: Udacity Deep Learning nanodegree convolutional autoencoder (MNIST): encoder Conv2d + shared self.pool (called twice), decoder ConvTranspose2d(k=2, s=2), F.sigmoid. print(model) and training dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch.nn as nn
import torch.nn.functional as F


class ConvAutoencoder(nn.Module):
    def __init__(self):
        super(ConvAutoencoder, self).__init__()
        # encoder: 1 -> 16 -> 4 channels, halving the size twice
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(2, 2)
        # decoder: kernel 2, stride 2 doubles the size
        self.t_conv1 = nn.ConvTranspose2d(4, 16, 2, stride=2)
        self.t_conv2 = nn.ConvTranspose2d(16, 1, 2, stride=2)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = F.relu(self.t_conv1(x))
        return F.sigmoid(self.t_conv2(x))


model = ConvAutoencoder()
