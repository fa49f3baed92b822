# after: https://github.com/pytorch/tutorials/blob/main/beginner_source/nn_tutorial.py
# input: 2x784
# model: model
# note: mistake, a small edit of corpus/pt_tutorial_nn_lambda_sequential.py: preprocess reshapes to 32x32 while the rows hold 784 = 28*28 values; written for ConvPlay after the source; same architecture, names and constructs.
# expect: RuntimeError
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
    return x.view(-1, 1, 32, 32)


model = nn.Sequential(
    Lambda(preprocess),
    nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.AvgPool2d(4),
    Lambda(lambda x: x.view(x.size(0), -1)),
)
