# after: https://github.com/pytorch/tutorials/blob/main/beginner_source/blitz/neural_networks_tutorial.py
# input: 1x1x32x32
# model: net
# note: "Neural Networks" (60-minute blitz) tutorial; loss/backprop/optimizer code and prints dropped. Uses a helper method num_flat_features; F.max_pool2d with (2, 2) and with 2; written for ConvPlay after the source; same architecture, names and constructs.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, self.num_flat_features(x))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)

    def num_flat_features(self, x):
        # product of all sizes but the batch size
        n = 1
        for d in x.size()[1:]:
            n *= d
        return n


net = Net()
