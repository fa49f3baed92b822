# after: https://github.com/pytorch/examples/blob/main/dcgan/main.py
# input: 1x3x64x64
# model: Discriminator(ngpu)
# note: pytorch/examples DCGAN Discriminator: forward has a device check and returns output.view(-1, 1).squeeze(1). argparse values replaced by the parser defaults as module constants (ngpu=1, nz=100, ngf=ndf=64, nc=3); dataset/training dropped; written for ConvPlay after the source; same architecture, names and constructs.
import torch
import torch.nn as nn

# defaults of the command-line options
ngpu = 1
nz = 100
ngf = 64
ndf = 64
nc = 3


class Discriminator(nn.Module):
    def __init__(self, ngpu):
        super(Discriminator, self).__init__()
        self.ngpu = ngpu
        # 64x64 -> 32 -> 16 -> 8 -> 4 -> 1x1 score
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
            nn.Conv2d(ndf * 8, 1, 4, 1, 0, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, input):
        if (input.is_cuda or input.is_xpu) and self.ngpu > 1:
            output = nn.parallel.data_parallel(self.main, input, range(self.ngpu))
        else:
            output = self.main(input)
        return output.view(-1, 1).squeeze(1)
