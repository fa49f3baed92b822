# after: https://github.com/udacity/deep-learning-v2-pytorch/blob/master/autoencoder/convolutional-autoencoder/Upsampling_Solution.ipynb
# input: 1x1x28x28
# model: model
# note: Udacity convolutional autoencoder, upsampling variant: decoder uses F.upsample(x, scale_factor=2, mode='nearest') (deprecated alias of F.interpolate in both 1.13 and 2.x, warns) then Conv2d. print(model) and training dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch.nn as nn
import torch.nn.functional as F


class ConvAutoencoder(nn.Module):
    def __init__(self):
        super(ConvAutoencoder, self).__init__()
        # encoder
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(2, 2)
        # decoder: nearest-neighbour upsampling, each followed by a conv
        self.conv4 = nn.Conv2d(4, 16, 3, padding=1)
        self.conv5 = nn.Conv2d(16, 1, 3, padding=1)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = F.upsample(x, scale_factor=2, mode='nearest')
        x = F.relu(self.conv4(x))
        x = F.upsample(x, scale_factor=2, mode='nearest')
        return F.sigmoid(self.conv5(x))


model = ConvAutoencoder()
