# after: https://github.com/pytorch/pytorch/blob/v1.13.0/torch/nn/modules/container.py
# input: 2x10
# model: MyModule()
# note: nn.ModuleList docstring example: 10 Linear(10, 10) built in a list comprehension; forward iterates with enumerate and also indexes self.linears[i // 2], so linears.0-4 are called 3 times and 5-9 once.
import torch
from torch import nn

class MyModule(nn.Module):
    def __init__(self):
        super(MyModule, self).__init__()
        self.linears = nn.ModuleList([nn.Linear(10, 10) for i in range(10)])

    def forward(self, x):
        # ModuleList can act as an iterable, or be indexed using ints
        for i, l in enumerate(self.linears):
            x = self.linears[i // 2](x) + l(x)
        return x
