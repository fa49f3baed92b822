# after: https://github.com/pytorch/vision/blob/00658a22f8824fb29cb53b7fc12c2e8097038dfb/torchvision/models/alexnet.py
# input: 1x3x64x64
# model: alexnet(num_classes=10)
# note: torchvision AlexNet (older release, plain Python, x.view(x.size(0), 256 * 6 * 6) after AdaptiveAvgPool2d((6, 6))) with its alexnet(pretrained=False, **kwargs) builder. __all__, model_urls and the model_zoo download dropped (pretrained=True raises here). Input 64x64 (smallest ~63) instead of 224 to stay near the MFLOP budget; ~93 MMAC, mostly the 57M-parameter classifier; written for ConvPlay after the source; same architecture, names and constructs.
import torch.nn as nn


class AlexNet(nn.Module):
    def __init__(self, num_classes=1000):
        super(AlexNet, self).__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(64, 192, kernel_size=5, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(192, 384, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(256, 256, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
        )
        # fixed 6x6 map whatever the input size
        self.avgpool = nn.AdaptiveAvgPool2d((6, 6))
        self.classifier = nn.Sequential(
            nn.Dropout(),
            nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True),
            nn.Dropout(),
            nn.Linear(4096, 4096), nn.ReLU(inplace=True),
            nn.Linear(4096, num_classes),
        )

    def forward(self, x):
        x = self.avgpool(self.features(x))
        x = x.view(x.size(0), 256 * 6 * 6)
        return self.classifier(x)


def alexnet(pretrained=False, **kwargs):
    if pretrained:
        raise NotImplementedError("pretrained weights are not part of this test case")
    return AlexNet(**kwargs)
