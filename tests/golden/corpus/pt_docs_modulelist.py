# after: https://github.com/pytorch/pytorch/blob/v1.13.0/torch/nn/modules/container.py
# input: 2x10
# model: MyModule()
# note: nn.ModuleList docstring example: 10 Linear(10, 10) built in a list comprehension; forward iterates with enumerate and also indexes self.linears[i // 2], so linears.0-4 are called 3 times and 5-9 once; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn


class MyModule(nn.Module):
    def __init__(self):
        super(MyModule, self).__init__()
        self.linears = nn.ModuleList([nn.Linear(10, 10) for _ in range(10)])

    def forward(self, x):
        # iterate over the list and index into it in the same loop
        for i, layer in enumerate(self.linears):
            x = self.linears[i // 2](x) + layer(x)
        return x
