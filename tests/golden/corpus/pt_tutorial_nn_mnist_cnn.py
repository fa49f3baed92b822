# after: https://github.com/pytorch/tutorials/blob/main/beginner_source/nn_tutorial.py
# input: 2x784
# model: model
# note: "What is torch.nn really?" Mnist_CNN: forward starts with xb.view(-1, 1, 28, 28) on flat 784-vectors, F.avg_pool2d(xb, 4), returns xb.view(-1, xb.size(1)); super().__init__(). Data, lr, fit() and optimizer dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn
import torch.nn.functional as F


class Mnist_CNN(nn.Module):
    def __init__(self):
        super().__init__()
        # three stride-2 convs: 28 -> 14 -> 7 -> 4
        self.conv1 = nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1)

    def forward(self, xb):
        xb = xb.view(-1, 1, 28, 28)
        xb = F.relu(self.conv1(xb))
        xb = F.relu(self.conv2(xb))
        xb = F.relu(self.conv3(xb))
        xb = F.avg_pool2d(xb, 4)
        return xb.view(-1, xb.size(1))


model = Mnist_CNN()
