# after: https://github.com/d2l-ai/d2l-en/blob/v0.17.6/chapter_convolutional-modern/batch-norm.md
# input: 2x1x28x28
# model: net
# note: d2l LeNet with nn.BatchNorm2d / nn.BatchNorm1d ("concise implementation"); training dropped. Eval mode: running statistics are used; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn

net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5),
    nn.BatchNorm2d(6),
    nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5),
    nn.BatchNorm2d(16),
    nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(256, 120),
    nn.BatchNorm1d(120),
    nn.Sigmoid(),
    nn.Linear(120, 84),
    nn.BatchNorm1d(84),
    nn.Sigmoid(),
    nn.Linear(84, 10),
)
