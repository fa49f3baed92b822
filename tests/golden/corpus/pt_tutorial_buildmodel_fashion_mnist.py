# after: https://github.com/pytorch/tutorials/blob/main/beginner_source/basics/buildmodel_tutorial.py
# input: 1x28x28
# model: model
# note: "Build the Neural Network" (Learn the Basics, Fashion-MNIST) NeuralNetwork: nn.Flatten() + nn.Sequential linear_relu_stack. Input as the tutorial's X = torch.rand(1, 28, 28) (3-D; Flatten keeps dim 0). ".to(device)", print and torchvision imports dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super(NeuralNetwork, self).__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28*28, 512), nn.ReLU(),
            nn.Linear(512, 512), nn.ReLU(),
            nn.Linear(512, 10), nn.ReLU(),
        )

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))


model = NeuralNetwork()
