# after: https://github.com/pytorch/tutorials/blob/main/beginner_source/basics/buildmodel_tutorial.py
# input: 3x28x28
# model: seq_modules
# note: "Build the Neural Network" tutorial's seq_modules: nn.Sequential reusing the earlier flatten and layer1 objects (nn.Linear(in_features=28*28, out_features=20)), on the tutorial's minibatch of 3 images torch.rand(3,28,28). Prints dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn

flatten = nn.Flatten()
layer1 = nn.Linear(in_features=28*28, out_features=20)

# the two layers above are reused as the first children
seq_modules = nn.Sequential(flatten, layer1, nn.ReLU(), nn.Linear(20, 10))
