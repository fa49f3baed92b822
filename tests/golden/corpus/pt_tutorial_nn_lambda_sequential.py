# after: https://github.com/pytorch/tutorials/blob/main/beginner_source/nn_tutorial.py
# input: 2x784
# model: model
# note: "What is torch.nn really?" nn.Sequential with the custom Lambda(nn.Module): Lambda(preprocess) (a def doing x.view(-1, 1, 28, 28)) first and Lambda(lambda x: x.view(x.size(0), -1)) last, nn.AvgPool2d(4). Data, fit() and optimizer dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn
import torch.nn.functional as F


class Lambda(nn.Module):
    # wraps a plain function so it can sit inside nn.Sequential
    def __init__(self, func):
        super().__init__()
        self.func = func

    def forward(self, x):
        return self.func(x)


def preprocess(x):
    # flat 784-vectors back to 1x28x28 images
    return x.view(-1, 1, 28, 28)


model = nn.Sequential(
    Lambda(preprocess),
    nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.AvgPool2d(4),
    Lambda(lambda x: x.view(x.size(0), -1)),
)
