# after: https://github.com/d2l-ai/d2l-en/blob/v0.17.6/chapter_deep-learning-computation/model-construction.md
# input: 2x20
# model: NestMLP()
# note: d2l "Layers and Blocks": MLP class with a hidden/out Linear pair and NestMLP (a Sequential inside a Module); the chapter's chimera also contains FixedHiddenMLP (torch.rand constant weights, data-dependent while loop), left out; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn
from torch.nn import functional as F


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, X):
        return self.out(F.relu(self.hidden(X)))


class NestMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(20, 64), nn.ReLU(),
            nn.Linear(64, 32), nn.ReLU(),
        )
        self.linear = nn.Linear(32, 16)

    def forward(self, X):
        return self.linear(self.net(X))
