# after: https://github.com/udacity/deep-learning-v2-pytorch/blob/master/convolutional-neural-networks/cifar-cnn/cifar10_cnn_solution.ipynb
# input: 2x3x32x32
# model: model
# note: Udacity CIFAR-10 CNN solution: three conv layers sharing one self.pool (called three times) and one self.dropout (called twice), x.view(-1, 64 * 4 * 4). Imports as in the notebook's first cell (numpy/matplotlib/torchvision dropped); training dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        # 3x32x32 -> 16x16x16 -> 32x8x8 -> 64x4x4 (each conv followed by the pool)
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.conv3 = nn.Conv2d(32, 64, 3, padding=1)
        self.pool = nn.MaxPool2d(2, 2)
        self.fc1 = nn.Linear(64 * 4 * 4, 500)
        self.fc2 = nn.Linear(500, 10)
        self.dropout = nn.Dropout(0.25)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = self.pool(F.relu(self.conv3(x)))
        x = x.view(-1, 64 * 4 * 4)
        x = F.relu(self.fc1(self.dropout(x)))
        return self.fc2(self.dropout(x))


model = Net()
