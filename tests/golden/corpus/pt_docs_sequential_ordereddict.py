# after: https://github.com/pytorch/pytorch/blob/v1.13.0/torch/nn/modules/container.py
# input: 1x1x28x28
# model: model
# note: nn.Sequential docstring example with collections.OrderedDict (named children conv1/relu1/conv2/relu2); input size not given in the docs, 28x28 chosen; written for ConvPlay after the source; same architecture, names and constructs.
from collections import OrderedDict

import torch
from torch import nn

model = nn.Sequential(OrderedDict([
    ('conv1', nn.Conv2d(1,20,5)),
    ('relu1', nn.ReLU()),
    ('conv2', nn.Conv2d(20,64,5)),
    ('relu2', nn.ReLU()),
]))
