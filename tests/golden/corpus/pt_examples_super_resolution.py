# after: https://github.com/pytorch/examples/blob/main/super_resolution/model.py
# input: 1x1x24x24
# model: Net(upscale_factor=3)
# note: pytorch/examples super-resolution (ESPCN) Net with nn.PixelShuffle and torch.nn.init in the constructor (the fill overwrites it); input is a small 24x24 luminance crop; a single self.relu is called three times; written for ConvPlay after the source; same architecture, names and constructs.
import torch
import torch.nn as nn
import torch.nn.init as init


class Net(nn.Module):
    def __init__(self, upscale_factor):
        super(Net, self).__init__()
        self.relu = nn.ReLU()
        self.conv1 = nn.Conv2d(1, 64, (5, 5), (1, 1), (2, 2))
        self.conv2 = nn.Conv2d(64, 64, (3, 3), (1, 1), (1, 1))
        self.conv3 = nn.Conv2d(64, 32, (3, 3), (1, 1), (1, 1))
        # r*r channels that PixelShuffle rearranges into an r-times larger image
        self.conv4 = nn.Conv2d(32, upscale_factor ** 2, (3, 3), (1, 1), (1, 1))
        self.pixel_shuffle = nn.PixelShuffle(upscale_factor)
        self._initialize_weights()

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        x = self.relu(self.conv3(x))
        return self.pixel_shuffle(self.conv4(x))

    def _initialize_weights(self):
        gain = init.calculate_gain('relu')
        init.orthogonal_(self.conv1.weight, gain)
        init.orthogonal_(self.conv2.weight, gain)
        init.orthogonal_(self.conv3.weight, gain)
        init.orthogonal_(self.conv4.weight)
