# after: https://github.com/udacity/deep-learning-v2-pytorch/blob/master/dcgan-svhn/DCGAN_Solution.ipynb
# input: 2x100
# model: G
# note: Udacity DCGAN (SVHN) Generator: Linear then out.view(-1, self.conv_dim*4, 4, 4), deconv() helper returning nn.Sequential(ConvTranspose2d[, BatchNorm2d]), F.tanh. conv_dim = 32, z_size = 100 as in the notebook; training dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch.nn as nn
import torch.nn.functional as F


def deconv(in_ch, out_ch, kernel_size, stride=2, padding=1, batch_norm=True):
    # a bias-free ConvTranspose2d, optionally followed by BatchNorm2d
    layers = [nn.ConvTranspose2d(in_ch, out_ch, kernel_size, stride, padding, bias=False)]
    if batch_norm:
        layers.append(nn.BatchNorm2d(out_ch))
    return nn.Sequential(*layers)


class Generator(nn.Module):
    def __init__(self, z_size, conv_dim=32):
        super(Generator, self).__init__()
        self.conv_dim = conv_dim
        self.fc = nn.Linear(z_size, conv_dim*4*4*4)
        # 4x4 -> 8x8 -> 16x16 -> 32x32 RGB
        self.t_conv1 = deconv(conv_dim*4, conv_dim*2, 4)
        self.t_conv2 = deconv(conv_dim*2, conv_dim, 4)
        self.t_conv3 = deconv(conv_dim, 3, 4, batch_norm=False)

    def forward(self, x):
        out = self.fc(x)
        out = out.view(-1, self.conv_dim*4, 4, 4)
        out = F.relu(self.t_conv1(out))
        out = F.relu(self.t_conv2(out))
        return F.tanh(self.t_conv3(out))


conv_dim = 32
z_size = 100
G = Generator(z_size=z_size, conv_dim=conv_dim)
