# after: https://github.com/pytorch/pytorch/blob/v1.13.0/torch/nn/modules/container.py
# input: 1x1x28x28
# model: model
# note: nn.Sequential docstring example (first form); the input size is not given there, 28x28 chosen; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn

model = nn.Sequential(
    nn.Conv2d(1,20,5),
    nn.ReLU(),
    nn.Conv2d(20,64,5),
    nn.ReLU(),
)
