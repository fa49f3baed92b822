# after: https://github.com/kuangliu/pytorch-cifar/blob/master/models/mobilenet.py
# input: 1x3x32x32
# model: MobileNet()
# note: kuangliu/pytorch-cifar MobileNet (CIFAR-10): depthwise-separable Block (groups=in_planes 3x3 conv + 1x1 conv), cfg list with (planes, stride) tuples read in _make_layers, F.avg_pool2d(out, 2). The test() helper is dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, in_planes, out_planes, stride=1):
        super(Block, self).__init__()
        # depthwise 3x3 (one filter per channel), then pointwise 1x1
        self.conv1 = nn.Conv2d(in_planes, in_planes, kernel_size=3, stride=stride,
                               padding=1, groups=in_planes, bias=False)
        self.bn1 = nn.BatchNorm2d(in_planes)
        self.conv2 = nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=1,
                               padding=0, bias=False)
        self.bn2 = nn.BatchNorm2d(out_planes)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)))


class MobileNet(nn.Module):
    # an int is the width of a stride-1 block, a tuple is (width, stride)
    cfg = [64, (128,2), 128, (256,2), 256, (512,2), 512, 512, 512, 512, 512, (1024,2), 1024]

    def __init__(self, num_classes=10):
        super(MobileNet, self).__init__()
        self.conv1 = nn.Conv2d(3, 32, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        self.layers = self._make_layers(in_planes=32)
        self.linear = nn.Linear(1024, num_classes)

    def _make_layers(self, in_planes):
        blocks = []
        for item in self.cfg:
            out_planes = item if isinstance(item, int) else item[0]
            stride = 1 if isinstance(item, int) else item[1]
            blocks.append(Block(in_planes, out_planes, stride))
            in_planes = out_planes
        return nn.Sequential(*blocks)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layers(out)
        out = F.avg_pool2d(out, 2)
        out = out.view(out.size(0), -1)
        return self.linear(out)
