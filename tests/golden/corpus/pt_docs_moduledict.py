# after: https://github.com/pytorch/pytorch/blob/v1.13.0/torch/nn/modules/container.py
# input: 1x10x8x8
# model: MyModule()
# note: nn.ModuleDict docstring example (dict and list-of-pairs forms, PReLU has a parameter). Changed: forward(self, x, choice, act) got defaults choice='conv', act='prelu' so the model can be called with the input alone; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn


class MyModule(nn.Module):
    def __init__(self):
        super(MyModule, self).__init__()
        self.choices = nn.ModuleDict({'conv': nn.Conv2d(10, 10, 3), 'pool': nn.MaxPool2d(3)})
        self.activations = nn.ModuleDict([['lrelu', nn.LeakyReLU()], ['prelu', nn.PReLU()]])

    def forward(self, x, choice='conv', act='prelu'):
        x = self.choices[choice](x)
        return self.activations[act](x)
