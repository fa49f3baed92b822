# after: https://github.com/d2l-ai/d2l-en/blob/v0.17.6/chapter_convolutional-modern/resnet.md
# input: 4x3x6x6
# model: blk
# note: mistake, a small edit of corpus/d2l_residual_block.py: Residual(3,3, strides=2) without the 1x1 shortcut conv: Y is 3x3 spatially, X still 6x6, the in-place add fails; written for ConvPlay after the source; same architecture, names and constructs.
# expect: RuntimeError
import torch
from torch import nn
from torch.nn import functional as F


class Residual(nn.Module):
    def __init__(self, input_channels, num_channels,
                 use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3,
                               padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        # 1x1 projection on the shortcut when the shape changes
        if use_1x1conv:
            self.conv3 = nn.Conv2d(input_channels, num_channels, kernel_size=1,
                                   stride=strides)
        else:
            self.conv3 = None
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)


blk = Residual(3,3, strides=2)
