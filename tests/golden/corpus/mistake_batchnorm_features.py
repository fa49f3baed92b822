# after: https://github.com/yunjey/pytorch-tutorial/blob/master/tutorials/02-intermediate/convolutional_neural_network/main.py
# input: 2x1x28x28
# model: model
# note: mistake, a small edit of corpus/yunjey_convnet_mnist.py: layer1's BatchNorm2d(32) after a 16-channel conv (copied from layer2); written for ConvPlay after the source; same architecture, names and constructs.
# expect: RuntimeError
import torch
import torch.nn as nn

num_classes = 10


class ConvNet(nn.Module):
    def __init__(self, num_classes=10):
        super(ConvNet, self).__init__()
        # two conv/BN/ReLU/pool stages: 28 -> 14 -> 7
        self.layer1 = nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=5, stride=1, padding=2),
            nn.BatchNorm2d(32), nn.ReLU(),
            nn.MaxPool2d(kernel_size=2, stride=2),
        )
        self.layer2 = nn.Sequential(
            nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=2),
            nn.BatchNorm2d(32), nn.ReLU(),
            nn.MaxPool2d(kernel_size=2, stride=2),
        )
        self.fc = nn.Linear(7*7*32, num_classes)

    def forward(self, x):
        out = self.layer1(x)
        out = self.layer2(out)
        out = out.reshape(out.size(0), -1)
        return self.fc(out)


model = ConvNet(num_classes)
