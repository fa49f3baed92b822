# after: https://github.com/d2l-ai/d2l-en/blob/v0.17.6/chapter_convolutional-modern/nin.md
# input: 1x1x67x67
# model: net
# note: d2l Network in Network via the nin_block helper, ending in AdaptiveAvgPool2d((1, 1)) + Flatten. The chapter trains at 224; input shrunk to 67x67, the smallest size the three MaxPool2d(3, 2) accept (the adaptive pool makes the net size-agnostic) to stay near the MFLOP budget; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn


def nin_block(in_ch, out_ch, kernel_size, strides, padding):
    # one spatial conv followed by two 1x1 convs, each with a ReLU
    return nn.Sequential(
        nn.Conv2d(in_ch, out_ch, kernel_size, strides, padding), nn.ReLU(),
        nn.Conv2d(out_ch, out_ch, kernel_size=1), nn.ReLU(),
        nn.Conv2d(out_ch, out_ch, kernel_size=1), nn.ReLU(),
    )


net = nn.Sequential(
    nin_block(1, 96, kernel_size=11, strides=4, padding=0),
    nn.MaxPool2d(3, stride=2),
    nin_block(96, 256, kernel_size=5, strides=1, padding=2),
    nn.MaxPool2d(3, stride=2),
    nin_block(256, 384, kernel_size=3, strides=1, padding=1),
    nn.MaxPool2d(3, stride=2),
    nn.Dropout(0.5),
    nin_block(384, 10, kernel_size=3, strides=1, padding=1),  # 10 classes
    nn.AdaptiveAvgPool2d((1, 1)),
    nn.Flatten(),
)
