# after: https://github.com/udacity/deep-learning-v2-pytorch/blob/master/intro-to-pytorch/Part%204%20-%20Fashion-MNIST%20(Solution).ipynb
# input: 2x1x28x28
# model: model
# note: Udacity intro-to-pytorch Fashion-MNIST classifier: Linear layers only, x.view(x.shape[0], -1) flattens a 1x28x28 image batch, log_softmax. Imports (torch, nn, F) as in the notebook's earlier cells; training dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn
import torch.nn.functional as F


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 64)
        self.fc4 = nn.Linear(64, 10)

    def forward(self, x):
        x = x.view(x.shape[0], -1)  # one row of 784 pixels per image
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = F.relu(self.fc3(x))
        return F.log_softmax(self.fc4(x), dim=1)


model = Classifier()
