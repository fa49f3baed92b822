# after: https://github.com/d2l-ai/d2l-en/blob/v0.17.6/chapter_convolutional-modern/nin.md
# input: 1x1x28x28
# model: net
# note: mistake, a small edit of corpus/d2l_nin.py: the d2l NiN fed un-resized 28x28 Fashion-MNIST images: conv1 (k11, s4) leaves 5x5, the first MaxPool2d(3, stride=2) 2x2, and the second MaxPool2d(3, stride=2) would output 0x0; written for ConvPlay after the source; same architecture, names and constructs.
# expect: RuntimeError
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
