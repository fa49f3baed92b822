#include "convplay/text/torch_text.h"

#include <gtest/gtest.h>

namespace convplay {
namespace {

TEST(TorchTextTest, ParsesSequentialWithEveryPrefixAndComments) {
  const ParseResult r = ParseTorch(R"(
import torch
from torch import nn
model = nn.Sequential(
    torch.nn.Conv2d(3, 10, kernel_size=(3, 3)),  # a comment
    MaxPool2d(4, stride=4),
    nn.Sequential(nn.ReLU(), nn.Dropout(p=0.25)),
    nn.Conv2d(10, 20, 5, padding='same', bias=False),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120),
)
)");
  ASSERT_TRUE(r.ok) << r.error->message;
  ASSERT_EQ(r.layers.size(), 7u);
  EXPECT_EQ(r.layers[0].kind, LayerKind::kConv2d);
  EXPECT_EQ(r.layers[0].Arg("kernel_size"), Value::IntTuple({3, 3}));
  EXPECT_EQ(r.layers[1].Arg("stride"), Value::Int(4));
  EXPECT_EQ(r.layers[2].kind, LayerKind::kReLU);
  EXPECT_EQ(r.layers[3].Arg("p"), Value::Float(0.25));
  EXPECT_EQ(r.layers[4].Arg("padding"), Value::String("same"));
  EXPECT_EQ(r.layers[4].Arg("bias"), Value::Bool(false));
  EXPECT_EQ(r.layers[6].Arg("in_features"), Value::Int(400));
}

TEST(TorchTextTest, ParsesTutorialStyleLayers) {
  const ParseResult r = ParseTorch(R"(
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = torch.flatten(x, 1)
        return x
)");
  ASSERT_TRUE(r.ok) << r.error->message;
  ASSERT_EQ(r.layers.size(), 4u);
  EXPECT_EQ(r.layers[3].kind, LayerKind::kLinear);
}

TEST(TorchTextTest, DeepNestingIsAnErrorNotAStackOverflow) {
  const std::string deep = "nn.Linear(" + std::string(5000, '(') + "1" +
                           std::string(5000, ')') + ", 2)";
  ParseResult r = ParseTorch(deep);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error->kind, ErrorKind::kSyntaxError);
  EXPECT_EQ(r.error->message,
            "too many nested parentheses or signs (more than 100 levels)");
  r = ParseTorch("nn.Linear(" + std::string(5000, '-') + "1, 2)");
  ASSERT_FALSE(r.ok);
  std::string nested;
  for (int i = 0; i < 2000; ++i) nested += "nn.Sequential(";
  r = ParseTorch(nested + std::string(2000, ')'));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error->kind, ErrorKind::kSyntaxError);
  // Within the limit, nesting still works.
  r = ParseTorch("nn.Linear(" + std::string(50, '(') + "4" +
                 std::string(50, ')') + ", 2)");
  ASSERT_TRUE(r.ok);
}

TEST(TorchTextTest, FormatPrintsCanonicalCode) {
  const ParseResult r = ParseTorch(
      "nn.Sequential(nn.Conv2d(3, 10, 3), nn.MaxPool2d(4, 4), "
      "nn.BatchNorm2d(10),"
      " nn.Linear(5, 2, bias=False), nn.LeakyReLU(0.2), nn.ZeroPad2d((1, 1, 2, "
      "0)))");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(FormatStack(r.layers),
            "nn.Sequential(\n"
            "    nn.Conv2d(3, 10, kernel_size=3),\n"
            "    nn.MaxPool2d(kernel_size=4, stride=4),\n"
            "    nn.BatchNorm2d(10),\n"
            "    nn.Linear(in_features=5, out_features=2, bias=False),\n"
            "    nn.LeakyReLU(negative_slope=0.2),\n"
            "    nn.ZeroPad2d((1, 1, 2, 0)),\n"
            ")");
  EXPECT_EQ(FormatStack({}), "nn.Sequential()");
}

TEST(TorchTextTest, RoundTripKeepsEveryValueType) {
  const std::string code =
      "nn.Sequential(nn.Conv1d(2, 4, [3], stride=(2,), padding='valid',"
      " padding_mode='circular', dilation=True), nn.Upsample(scale_factor=1.5,"
      " mode='bilinear', align_corners=None), nn.Softmax(dim=-1),"
      " nn.Dropout(0.1), nn.BatchNorm1d(4, eps=1e-05, momentum=None),"
      " nn.LeakyReLU(1e400), nn.ELU(alpha=float('-inf')), "
      "nn.GELU(float('nan')),"
      " nn.Upsample(scale_factor=float('2.5')))";
  const ParseResult a = ParseTorch(code);
  ASSERT_TRUE(a.ok) << a.error->message;
  const ParseResult b = ParseTorch(FormatStack(a.layers));
  ASSERT_TRUE(b.ok) << b.error->message;
  EXPECT_EQ(a.layers, b.layers);
}

struct BadCode {
  const char* code;
  ErrorKind kind;
  const char* message;
  int line;
  int column;
  const char* hint;
};

class TorchTextErrorTest : public testing::TestWithParam<BadCode> {};

TEST_P(TorchTextErrorTest, ReportsKindMessageAndPosition) {
  const BadCode& c = GetParam();
  const ParseResult r = ParseTorch(c.code);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error->kind, c.kind);
  EXPECT_EQ(r.error->message, c.message);
  EXPECT_EQ(r.error->line, c.line);
  EXPECT_EQ(r.error->column, c.column);
  EXPECT_EQ(r.error->hint, c.hint);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TorchTextErrorTest,
    testing::Values(
        BadCode{"nn.Sequential(\n  nn.Conv2D(3, 4, 3))",
                ErrorKind::kAttributeError,
                "module 'torch.nn' has no attribute 'Conv2D'", 2, 6,
                "did you mean nn.Conv2d?"},
        BadCode{"Maxpool2d(2)", ErrorKind::kNameError,
                "name 'Maxpool2d' is not defined", 1, 1,
                "did you mean nn.MaxPool2d?"},
        BadCode{
            "nn.LSTM(10, 20)", ErrorKind::kNotImplementedError,
            "nn.LSTM is a real PyTorch layer, but ConvPlay does not support it",
            1, 4,
            "ConvPlay models convolution, pooling, activation, normalisation, "
            "dropout, flatten, linear, padding and upsampling layers"},
        BadCode{"nn.Sequential(nn.Conv2d(3, 4, 3)", ErrorKind::kSyntaxError,
                "'(' was never closed: expected ')' to end nn.Sequential(", 1,
                14, ""},
        BadCode{"nn.Sequential(nn.Conv2d(3 4, 3))", ErrorKind::kSyntaxError,
                "expected ',' or ')' after an argument, found '4'", 1, 27, ""},
        BadCode{"nn.Conv2d(3, 4)", ErrorKind::kTypeError,
                "Conv2d.__init__() missing 1 required positional argument: "
                "'kernel_size'",
                1, 4, ""},
        BadCode{"nn.Conv2d(3, 4, 3, kernel=3)", ErrorKind::kTypeError,
                "Conv2d.__init__() got an unexpected keyword argument 'kernel'",
                1, 4, ""},
        BadCode{
            "nn.Conv2d(3, 4, 3, in_channels=3)", ErrorKind::kTypeError,
            "Conv2d.__init__() got multiple values for argument 'in_channels'",
            1, 4, ""},
        BadCode{"nn.ReLU(True, 1)", ErrorKind::kTypeError,
                "ReLU.__init__() takes from 1 to 2 positional arguments but 3 "
                "were given",
                1, 4, ""},
        BadCode{
            "nn.Sigmoid(1)", ErrorKind::kTypeError,
            "Sigmoid.__init__() takes 1 positional argument but 2 were given",
            1, 4, ""},
        BadCode{"nn.Conv2d(c, 4, 3)", ErrorKind::kNameError,
                "name 'c' is not defined", 1, 11,
                "ConvPlay reads literal values: write the number instead of a "
                "variable"},
        BadCode{"nn.Conv2d(3, 4, 'same)", ErrorKind::kSyntaxError,
                "unterminated string literal", 1, 17, ""},
        BadCode{"x = 1\n", ErrorKind::kSyntaxError,
                "no layers found: write nn.Sequential(...) with layers in it, "
                "or lines "
                "like self.conv1 = nn.Conv2d(3, 10, 3)",
                1, 1, ""},
        BadCode{
            "nn.Linear(2**64, 3)", ErrorKind::kValueError,
            "integer out of range: ConvPlay reads whole numbers from -2**63 to "
            "2**63 - 1",
            1, 12, ""}));

}  // namespace
}  // namespace convplay
