# after: https://github.com/pytorch/tutorials/blob/main/beginner_source/dcgan_faces_tutorial.py
# input: 1x100x1x1
# model: Generator(ngpu)
# note: DCGAN faces tutorial Generator (ConvTranspose2d stack, module-level constants nz/ngf/nc, ngpu ctor arg); dataset, weights_init, DataParallel and training dropped. ~105 MMAC; written for ConvPlay after the source; same architecture, names and constructs.
import torch
import torch.nn as nn

nc = 3  # image channels
nz = 100  # length of the latent vector z
ngf = 64  # generator feature maps
ndf = 64  # discriminator feature maps
ngpu = 1


class Generator(nn.Module):
    def __init__(self, ngpu):
        super(Generator, self).__init__()
        self.ngpu = ngpu
        # z (nz x 1 x 1) -> 4x4 -> 8x8 -> 16x16 -> 32x32 -> nc x 64 x 64
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 8),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False),
            nn.Tanh(),
        )

    def forward(self, input):
        return self.main(input)
