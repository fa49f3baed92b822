# after: https://github.com/pytorch/pytorch/blob/v1.13.0/torch/nn/modules/conv.py
# input: 1x16x10x20x20
# model: m
# note: nn.Conv3d docstring example, second form (non-square kernel, unequal stride and padding): m = nn.Conv3d(16, 33, (3, 5, 2), stride=(2, 1, 1), padding=(4, 2, 0)), assigned after the first form so m is rebound. The docs' input torch.randn(20, 16, 10, 50, 100) shrunk to 1x16x10x20x20 for the MFLOP budget; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn

# cubic kernel, same stride on every axis
m = nn.Conv3d(16, 33, 3, stride=2)
# rebound: per-axis kernel, stride and padding
m = nn.Conv3d(16, 33, (3, 5, 2), stride=(2, 1, 1), padding=(4, 2, 0))
