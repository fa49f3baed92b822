# after: https://github.com/d2l-ai/d2l-en/blob/v0.17.6/chapter_deep-learning-computation/model-construction.md
# input: 2x20
# model: net
# note: d2l "Layers and Blocks": a hand-written MySequential that stores children via self._modules[str(idx)] = module and loops over self._modules.values() in forward; X = torch.rand(2, 20) in the chapter.
import torch
from torch import nn
from torch.nn import functional as F

class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            # Here, `module` is an instance of a `Module` subclass. We save it
            # in the member variable `_modules` of the `Module` class, and its
            # type is OrderedDict
            self._modules[str(idx)] = module

    def forward(self, X):
        # OrderedDict guarantees that members will be traversed in the order
        # they were added
        for block in self._modules.values():
            X = block(X)
        return X

net = MySequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
