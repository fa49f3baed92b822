# after: https://github.com/pytorch/tutorials/blob/main/beginner_source/blitz/cifar10_tutorial.py
# input: 1x3x32x32
# model: Net()
# note: mistake, a small edit of corpus/pt_tutorial_cifar10_net.py: Keras spelling nn.Conv2D for conv2 (torch.nn has no such attribute); written for ConvPlay after the source; same architecture, names and constructs.
# expect: AttributeError
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2D(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        # 3x32x32 -> 6x14x14 -> 16x5x5
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


net = Net()
