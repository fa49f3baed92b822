# after: https://github.com/d2l-ai/d2l-en/blob/v0.17.6/chapter_deep-learning-computation/model-construction.md
# input: 2x20
# model: net
# note: d2l "Layers and Blocks": a hand-written MySequential that stores children via self._modules[str(idx)] = module and loops over self._modules.values() in forward; X = torch.rand(2, 20) in the chapter; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn


class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        # _modules is an OrderedDict: children run in the order given
        for idx, module in enumerate(args):
            self._modules[str(idx)] = module

    def forward(self, X):
        for block in self._modules.values():
            X = block(X)
        return X


net = MySequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
