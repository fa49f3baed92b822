# after: https://github.com/pytorch/tutorials/blob/main/beginner_source/nn_tutorial.py
# input: 2x1x28x28
# model: model
# note: "What is torch.nn really?" final model: preprocessing moved out of the model (input already 1x28x28), nn.AdaptiveAvgPool2d(1) replaces AvgPool2d(4), Lambda(lambda x: x.view(x.size(0), -1)) flattens. Data, WrappedDataLoader and fit() dropped; written for ConvPlay after the source; same architecture, names and constructs.
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


model = nn.Sequential(
    nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1),
    Lambda(lambda x: x.view(x.size(0), -1)),
)
