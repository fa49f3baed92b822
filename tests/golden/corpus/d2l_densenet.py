# after: https://github.com/d2l-ai/d2l-en/blob/v0.17.6/chapter_convolutional-modern/densenet.md
# input: 1x1x48x48
# model: net
# note: d2l DenseNet: conv_block / transition_block helpers, DenseBlock class whose forward loops "for blk in self.net" and concatenates with torch.cat((X, Y), dim=1); blocks built in a module-level for loop. The chapter trains at 96x96; input shrunk to 48x48 to stay near the MFLOP budget (AdaptiveAvgPool2d makes it size-agnostic). Training dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn


def conv_block(in_ch, out_ch):
    return nn.Sequential(nn.BatchNorm2d(in_ch), nn.ReLU(),
                         nn.Conv2d(in_ch, out_ch, kernel_size=3, padding=1))


def transition_block(in_ch, out_ch):
    return nn.Sequential(nn.BatchNorm2d(in_ch), nn.ReLU(),
                         nn.Conv2d(in_ch, out_ch, kernel_size=1),
                         nn.AvgPool2d(kernel_size=2, stride=2))


class DenseBlock(nn.Module):
    def __init__(self, num_convs, input_channels, num_channels):
        super(DenseBlock, self).__init__()
        convs = []
        for k in range(num_convs):
            convs.append(conv_block(input_channels + k * num_channels, num_channels))
        self.net = nn.Sequential(*convs)

    def forward(self, X):
        for blk in self.net:
            Y = blk(X)
            X = torch.cat((X, Y), dim=1)
        return X


b1 = nn.Sequential(nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3),
                   nn.BatchNorm2d(64),
                   nn.ReLU(),
                   nn.MaxPool2d(kernel_size=3, stride=2, padding=1))

num_channels, growth_rate = 64, 32
num_convs_in_dense_blocks = [4, 4, 4, 4]

blks = []
for i, num_convs in enumerate(num_convs_in_dense_blocks):
    blks.append(DenseBlock(num_convs, num_channels, growth_rate))
    num_channels += num_convs * growth_rate
    if i != len(num_convs_in_dense_blocks) - 1:
        # halve the channel count between two dense blocks
        blks.append(transition_block(num_channels, num_channels // 2))
        num_channels = num_channels // 2

net = nn.Sequential(b1, *blks,
                    nn.BatchNorm2d(num_channels),
                    nn.ReLU(),
                    nn.AdaptiveAvgPool2d((1, 1)),
                    nn.Flatten(),
                    nn.Linear(num_channels, 10))
