# after: https://github.com/udacity/deep-learning-v2-pytorch/blob/master/dcgan-svhn/DCGAN_Solution.ipynb
# input: 2x3x32x32
# model: D
# note: Udacity DCGAN (SVHN) Discriminator: conv() helper returning nn.Sequential(Conv2d[, BatchNorm2d]), F.leaky_relu, out.view(-1, self.conv_dim*4*4*4). conv_dim = 32 as in the notebook; z_size and training dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch.nn as nn
import torch.nn.functional as F


def conv(in_ch, out_ch, kernel_size, stride=2, padding=1, batch_norm=True):
    # a bias-free Conv2d, optionally followed by BatchNorm2d
    layers = [nn.Conv2d(in_ch, out_ch, kernel_size, stride, padding, bias=False)]
    if batch_norm:
        layers.append(nn.BatchNorm2d(out_ch))
    return nn.Sequential(*layers)


class Discriminator(nn.Module):
    def __init__(self, conv_dim=32):
        super(Discriminator, self).__init__()
        self.conv_dim = conv_dim
        # 32x32 -> 16x16 -> 8x8 -> 4x4; no batch norm on the first layer
        self.conv1 = conv(3, conv_dim, 4, batch_norm=False)
        self.conv2 = conv(conv_dim, conv_dim*2, 4)
        self.conv3 = conv(conv_dim*2, conv_dim*4, 4)
        self.fc = nn.Linear(conv_dim*4*4*4, 1)

    def forward(self, x):
        out = F.leaky_relu(self.conv1(x), 0.2)
        out = F.leaky_relu(self.conv2(out), 0.2)
        out = F.leaky_relu(self.conv3(out), 0.2)
        out = out.view(-1, self.conv_dim*4*4*4)
        return self.fc(out)


conv_dim = 32
D = Discriminator(conv_dim)
