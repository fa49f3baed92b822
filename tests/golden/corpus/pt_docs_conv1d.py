# after: https://github.com/pytorch/pytorch/blob/v1.13.0/torch/nn/modules/conv.py
# input: 20x16x50
# model: m
# note: nn.Conv1d docstring example (m = nn.Conv1d(16, 33, 3, stride=2); input = torch.randn(20, 16, 50)): a batch of 20 sequences, 16 channels, 50 time steps; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn

m = nn.Conv1d(16, 33, 3, stride=2)
