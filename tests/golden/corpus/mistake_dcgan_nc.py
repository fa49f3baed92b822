# after: https://github.com/pytorch/tutorials/blob/main/beginner_source/dcgan_faces_tutorial.py
# input: 1x3x64x64
# model: Discriminator(ngpu)
# note: mistake, a small edit of corpus/pt_tutorial_dcgan_discriminator.py: nc = 1 (grayscale setting) while the Discriminator is fed 3-channel 64x64 images; written for ConvPlay after the source; same architecture, names and constructs.
# expect: RuntimeError
import torch
import torch.nn as nn

nc = 1  # image channels
nz = 100  # length of the latent vector z
ngf = 64  # generator feature maps
ndf = 64  # discriminator feature maps
ngpu = 1


class Discriminator(nn.Module):
    def __init__(self, ngpu):
        super(Discriminator, self).__init__()
        self.ngpu = ngpu
        self.main = nn.Sequential(
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 4),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 4, ndf * 8, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 8),
            nn.LeakyReLU(0.2, inplace=True),
            # 4x4 map -> one probability per image
            nn.Conv2d(ndf * 8, 1, 4, 1, 0, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, input):
        return self.main(input)
