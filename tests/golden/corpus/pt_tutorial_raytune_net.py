# after: https://github.com/pytorch/tutorials/blob/main/beginner_source/hyperparameter_tuning_tutorial.py
# input: 2x3x32x32
# model: Net(config["l1"], config["l2"])
# note: "Hyperparameter tuning with Ray Tune" tutorial; ray/torchvision imports and training dropped; config is one sample of the tutorial's search space (l1, l2 are powers of 2) written as a plain dict (lr and batch_size left out); written for ConvPlay after the source; same architecture, names and constructs.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, l1=120, l2=84):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        # l1, l2: widths of the two hidden layers being tuned
        self.fc1 = nn.Linear(16 * 5 * 5, l1)
        self.fc2 = nn.Linear(l1, l2)
        self.fc3 = nn.Linear(l2, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


config = {"l1": 2 ** 6, "l2": 2 ** 5}
