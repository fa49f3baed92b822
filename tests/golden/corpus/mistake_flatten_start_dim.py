# after: https://github.com/pytorch/examples/blob/main/mnist/main.py
# input: 2x1x28x28
# model: Net()
# note: mistake, a small edit of corpus/pt_examples_mnist_net.py: torch.flatten(x) without start_dim=1 also flattens the batch: with batch 2, fc1 gets a 1-D tensor of 18432; written for ConvPlay after the source; same architecture, names and constructs.
# expect: RuntimeError
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)  # 64 * 12 * 12
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x)
        x = F.relu(self.fc1(x))
        x = self.dropout2(x)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)
