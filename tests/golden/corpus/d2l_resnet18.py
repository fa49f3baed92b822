# after: https://github.com/d2l-ai/d2l-en/blob/v0.17.6/chapter_convolutional-modern/resnet.md
# input: 1x1x32x32
# model: net
# note: d2l ResNet-18: Residual class (optional 1x1 conv3 shortcut, "if self.conv3:", in-place Y += X), resnet_block helper returning a list spread with *, AdaptiveAvgPool2d; The chapter trains at 96x96; input shrunk to 32x32 to stay near the MFLOP budget (AdaptiveAvgPool2d makes it size-agnostic). Training dropped; written for ConvPlay after the source; same architecture, names and constructs.
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


def resnet_block(in_ch, out_ch, num_residuals, first_block=False):
    blk = []
    for i in range(num_residuals):
        if i == 0 and not first_block:
            # first residual of a stage halves the size and changes channels
            blk.append(Residual(in_ch, out_ch, use_1x1conv=True, strides=2))
        else:
            blk.append(Residual(out_ch, out_ch))
    return blk


b1 = nn.Sequential(
    nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3),
    nn.BatchNorm2d(64), nn.ReLU(),
    nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
)
b2 = nn.Sequential(*resnet_block(64, 64, 2, first_block=True))
b3 = nn.Sequential(*resnet_block(64, 128, 2))
b4 = nn.Sequential(*resnet_block(128, 256, 2))
b5 = nn.Sequential(*resnet_block(256, 512, 2))

net = nn.Sequential(
    b1, b2, b3, b4, b5,
    nn.AdaptiveAvgPool2d((1,1)),
    nn.Flatten(),
    nn.Linear(512, 10),
)
