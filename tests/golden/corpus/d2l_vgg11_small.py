# after: https://github.com/d2l-ai/d2l-en/blob/v0.17.6/chapter_convolutional-modern/vgg.md
# input: 1x1x224x224
# model: net
# note: d2l VGG-11 built by the vgg_block / vgg helper functions from conv_arch, in the chapter's own reduced-width variant (ratio = 4, small_conv_arch) used for training on Fashion-MNIST resized to 224. Over the MFLOP budget (~0.5 GMAC) because Linear(out_channels * 7 * 7) needs the 224 input; written for ConvPlay after the source; same architecture, names and constructs.
import torch
from torch import nn


def vgg_block(num_convs, in_channels, out_channels):
    layers = []
    for _ in range(num_convs):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
        in_channels = out_channels
    layers.append(nn.MaxPool2d(kernel_size=2,stride=2))
    return nn.Sequential(*layers)


conv_arch = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))


def vgg(conv_arch):
    conv_blks = []
    in_channels = 1
    for (num_convs, out_channels) in conv_arch:
        conv_blks.append(vgg_block(num_convs, in_channels, out_channels))
        in_channels = out_channels
    # out_channels still holds the last block's width here
    return nn.Sequential(
        *conv_blks,
        nn.Flatten(),
        nn.Linear(out_channels * 7 * 7, 4096), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(4096, 10),
    )


ratio = 4
small_conv_arch = [(pair[0], pair[1] // ratio) for pair in conv_arch]
net = vgg(small_conv_arch)
