# after: https://github.com/pytorch/tutorials/blob/main/intermediate_source/speech_command_classification_with_torchaudio_tutorial.py
# input: 2x1x8000
# model: M5(n_input=1, n_output=35)
# note: torchaudio speech-commands tutorial M5 (Conv1d/BatchNorm1d/MaxPool1d, F.avg_pool1d(x, x.shape[-1]), permute, log_softmax on dim 2). Dataset, torchaudio transforms, count_parameters and training dropped; n_input=transformed.shape[0] (1, mono) and n_output=len(labels) (35) written as numbers; input: 1 s of audio resampled to 8 kHz, batch 2; written for ConvPlay after the source; same architecture, names and constructs.
import torch
import torch.nn as nn
import torch.nn.functional as F


class M5(nn.Module):
    def __init__(self, n_input=1, n_output=35, stride=16, n_channel=32):
        super().__init__()
        # wide first kernel (80 samples = 10 ms at 8 kHz), then three 3-tap convs
        self.conv1 = nn.Conv1d(n_input, n_channel, kernel_size=80, stride=stride)
        self.bn1 = nn.BatchNorm1d(n_channel)
        self.pool1 = nn.MaxPool1d(4)
        self.conv2 = nn.Conv1d(n_channel, n_channel, kernel_size=3)
        self.bn2 = nn.BatchNorm1d(n_channel)
        self.pool2 = nn.MaxPool1d(4)
        self.conv3 = nn.Conv1d(n_channel, 2 * n_channel, kernel_size=3)
        self.bn3 = nn.BatchNorm1d(2 * n_channel)
        self.pool3 = nn.MaxPool1d(4)
        self.conv4 = nn.Conv1d(2 * n_channel, 2 * n_channel, kernel_size=3)
        self.bn4 = nn.BatchNorm1d(2 * n_channel)
        self.pool4 = nn.MaxPool1d(4)
        self.fc1 = nn.Linear(2 * n_channel, n_output)

    def forward(self, x):
        x = self.pool1(F.relu(self.bn1(self.conv1(x))))
        x = self.pool2(F.relu(self.bn2(self.conv2(x))))
        x = self.pool3(F.relu(self.bn3(self.conv3(x))))
        x = self.pool4(F.relu(self.bn4(self.conv4(x))))
        # global average over time, then (batch, 1, channels) for the Linear
        x = F.avg_pool1d(x, x.shape[-1])
        x = x.permute(0, 2, 1)
        return F.log_softmax(self.fc1(x), dim=2)
