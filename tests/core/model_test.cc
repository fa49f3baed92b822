// Class code beyond the corpus: in-place edits of constructor arguments,
// exports, and the Python the interpreter must refuse or reproduce.
#include "convplay/model/model.h"

#include <gtest/gtest.h>

#include "convplay/run/network.h"
#include "convplay/spec/shape.h"

namespace convplay {
namespace {

const char* const kNet = R"(import torch.nn as nn
import torch.nn.functional as F

def block(c_in, c_out):
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU())

class Net(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(kernel_size=2)
        self.blocks = nn.Sequential(block(6, 8), block(8, 8))
        self.fc = nn.Linear(8 * 7 * 7, classes)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(self.blocks(x))
        return self.fc(x.view(x.size(0), -1))
)";

std::string Edit(const std::string& module, const std::string& param,
                 const std::string& value,
                 std::optional<Error>* err = nullptr) {
  std::string out;
  auto e = EditArgument(kNet, {}, module, param, value, &out);
  if (err) *err = e;
  return e ? "" : out;
}

TEST(EditArgument, ReplacesAPositionalArgumentInPlace) {
  const std::string code = Edit("conv1", "out_channels", "8");
  EXPECT_NE(code.find("self.conv1 = nn.Conv2d(3, 8, 5)"), std::string::npos)
      << code;
  // Everything else as written.
  EXPECT_EQ(code.size(), std::string(kNet).size());
  const ModelRead r = ReadModel(code, {1, 3, 32, 32});
  // conv1 now gives 8 channels, which blocks' first conv does not take.
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error->line, 17);
}

TEST(EditArgument, ReplacesAKeywordAndAddsAMissingOne) {
  EXPECT_NE(
      Edit("pool", "kernel_size", "3").find("nn.MaxPool2d(kernel_size=3)"),
      std::string::npos);
  EXPECT_NE(
      Edit("pool", "stride", "1").find("nn.MaxPool2d(kernel_size=2, stride=1)"),
      std::string::npos);
  EXPECT_NE(Edit("fc", "bias", "False")
                .find("nn.Linear(8 * 7 * 7, classes, bias=False)"),
            std::string::npos);
}

TEST(EditArgument, RefusesLayersBuiltByAHelperForSeveral) {
  std::optional<Error> err;
  Edit("blocks.0.0", "out_channels", "4", &err);
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->message.find("builds 2 layers"), std::string::npos)
      << err->message;
  Edit("nope", "out_channels", "4", &err);
  ASSERT_TRUE(err.has_value());
  Edit("conv1", "kernel", "4", &err);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->kind, ErrorKind::kTypeError);
}

TEST(Export, ClassFormKeepsPyTorchsNamesAndSequentialNeedsAChain) {
  const ModelRead r = ReadModel(kNet, {1, 3, 32, 32});
  ASSERT_TRUE(r.ok) << r.error->message;
  std::string cls;
  ASSERT_FALSE(ExportClass(r, &cls));
  const ModelRead again = ReadModel(cls, {1, 3, 32, 32});
  ASSERT_TRUE(again.ok) << cls;
  ASSERT_EQ(again.plan.state_dict.size(), r.plan.state_dict.size());
  for (size_t k = 0; k < r.plan.state_dict.size(); ++k) {
    EXPECT_EQ(again.plan.state_dict[k].name, r.plan.state_dict[k].name);
  }
  // pool is called twice with no weights: a chain Sequential can hold two.
  std::string seq;
  ASSERT_FALSE(ExportSequential(r, &seq)) << seq;
  EXPECT_EQ(seq.find("nn.Sequential(\n    nn.Conv2d(3, 6, kernel_size=5)"), 0u)
      << seq;
  const ModelRead residual = ReadModel(R"(import torch.nn as nn
class B(nn.Module):
    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(2, 2, 1)
    def forward(self, x):
        return x + self.c(x)
)",
                                       {1, 2, 4, 4});
  ASSERT_TRUE(residual.ok);
  std::optional<Error> err = ExportSequential(residual, &seq);
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->message.find("graph"), std::string::npos);
}

ModelRead Read(const std::string& body, const Shape& input = {1, 3, 8, 8}) {
  return ReadModel(
      "import torch\nimport torch.nn as nn\nimport "
      "torch.nn.functional as F\n" +
          body,
      input);
}

TEST(Interpreter, FollowsPythonValuesAndRefusesDataDependentCode) {
  // Loops with literal ranges, comprehensions, defaults, constants, ifs on
  // Python values and on self.training.
  const ModelRead r = Read(R"(
n = 2
class Net(nn.Module):
    def __init__(self, width=4, depth=n):
        super(Net, self).__init__()
        self.layers = nn.ModuleList([nn.Conv2d(3 if i == 0 else width, width, 3, padding=1) for i in range(depth)])
        self.head = nn.ModuleDict({'a': nn.Linear(width, 2)})
    def forward(self, x):
        for layer in self.layers:
            x = F.relu(layer(x))
        if self.training:
            x = x * 0
        x = torch.mean(x, dim=(2, 3))
        return self.head['a'](x)
)");
  ASSERT_TRUE(r.ok) << r.error->message;
  EXPECT_EQ(r.plan.output_shape, (Shape{1, 2}));
  EXPECT_EQ(r.plan.total_params, (3 * 4 * 9 + 4) + (4 * 4 * 9 + 4) + 4 * 2 + 2);
  // A data-dependent if, a loop over a tensor, an unknown function.
  const char* const refused[] = {
      "class Net(nn.Module):\n    def forward(self, x):\n        if x.mean() > "
      "0:\n            return x\n        return -x\n",
      "class Net(nn.Module):\n    def forward(self, x):\n        for row in "
      "x:\n            pass\n        return x\n",
      "class Net(nn.Module):\n    def forward(self, x):\n        return "
      "torch.einsum('ij->ji', x)\n",
  };
  for (const char* code : refused) {
    const ModelRead bad = Read(code);
    ASSERT_FALSE(bad.ok) << code;
    EXPECT_TRUE(bad.error->kind == ErrorKind::kNotImplementedError ||
                bad.error->kind == ErrorKind::kAttributeError)
        << bad.error->message;
    EXPECT_GT(bad.error->line, 0) << bad.error->message;
  }
}

TEST(Interpreter, GivesPyTorchsMessagesForGraphOps) {
  const ModelRead cat = Read(R"(
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 4, 3)
        self.b = nn.Conv2d(3, 4, 1)
    def forward(self, x):
        return torch.cat([self.a(x), self.b(x)], dim=1)
)");
  ASSERT_FALSE(cat.ok);
  EXPECT_EQ(cat.error->message,
            "Sizes of tensors must match except in dimension 1. Expected size "
            "6 but got size 8 for tensor number 1 in the list.");
  EXPECT_EQ(cat.error->line, 11);
  const ModelRead infer = Read(R"(
class Net(nn.Module):
    def forward(self, x):
        return x.view(-1, -1)
)");
  ASSERT_FALSE(infer.ok);
  EXPECT_EQ(infer.error->message, "only one dimension can be inferred");
  const ModelRead view = Read(R"(
class Net(nn.Module):
    def forward(self, x):
        return x.permute(0, 2, 3, 1).view(1, -1)
)");
  ASSERT_FALSE(view.ok);
  EXPECT_NE(view.error->message.find("Use .reshape(...) instead."),
            std::string::npos);
  const ModelRead ok = Read(R"(
class Net(nn.Module):
    def forward(self, x):
        return x.permute(0, 2, 3, 1).reshape(1, -1)
)");
  EXPECT_TRUE(ok.ok);
}

// F.pixel_shuffle, torch.pixel_shuffle and F.pixel_unshuffle run as the
// layers; F.prelu (a weight passed in) is not modelled.
TEST(Interpreter, PixelShuffleFunctionalsAreTheLayers) {
  const ModelRead r = Read(R"(
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(12, 8, 1)
    def forward(self, x):
        x = F.pixel_unshuffle(x, 2)
        x = F.pixel_shuffle(self.conv(x), upscale_factor=2)
        return torch.pixel_shuffle(x, 1)
)");
  ASSERT_TRUE(r.ok) << r.error->message;
  EXPECT_EQ(r.plan.output_shape, (Shape{1, 2, 8, 8}));
  const ModelRead bad = Read(R"(
class Net(nn.Module):
    def forward(self, x):
        return F.pixel_shuffle(x, 2)
)");
  ASSERT_FALSE(bad.ok);
  EXPECT_EQ(bad.error->message,
            "pixel_shuffle expects its input's 'channel' dimension to be "
            "divisible by the square of upscale_factor, but input.size(-3)=3 "
            "is not divisible by 4");
  EXPECT_EQ(bad.error->line, 7);
  const ModelRead prelu = Read(R"(
class Net(nn.Module):
    def forward(self, x):
        return F.prelu(x, torch.ones(1))
)");
  ASSERT_FALSE(prelu.ok);
  EXPECT_EQ(prelu.error->kind, ErrorKind::kNotImplementedError);
}

}  // namespace
}  // namespace convplay

namespace convplay {
namespace {

TEST(Interpreter, OwnParametersAndBuffersAreInTheStateDictAndTheGraph) {
  const ModelRead r = ReadModel(R"(import torch
import torch.nn as nn

class Scale(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 1)
        self.alpha = nn.Parameter(torch.full((1, c, 1, 1), 0.5))
        self.register_buffer('shift', torch.ones(c, 1, 1))
        self.register_buffer('tmp', torch.zeros(1), persistent=False)

    def forward(self, x):
        return self.conv(x) * self.alpha + torch.sqrt(self.shift) + self.tmp

model = Scale(3)
)",
                                {1, 3, 4, 4});
  ASSERT_TRUE(r.ok) << r.error->message << " line " << r.error->line;
  std::vector<std::string> keys;
  for (const TensorSpec& t : r.plan.state_dict) keys.push_back(t.name);
  // Own parameters, then buffers, then children (PyTorch's order).
  EXPECT_EQ(keys, (std::vector<std::string>{"alpha", "shift", "conv.weight",
                                            "conv.bias"}));
  EXPECT_EQ(r.plan.total_params, 3 + 3 * 3 + 3);
  std::unique_ptr<Network> net;
  ASSERT_FALSE(Network::Create(r, 0, &net));
  EXPECT_EQ(*net->Weight("alpha"), std::vector<float>(3, 0.5f));
  std::vector<float> zero(3 * 3), zb(3);
  ASSERT_FALSE(net->SetWeights({{"conv.weight", zero}, {"conv.bias", zb}}));
  std::vector<float> x(48, 2.0f);
  ASSERT_FALSE(net->Forward(x.data(), 48));
  // 0·0.5 + √1 + 0 = 1 everywhere.
  EXPECT_EQ(net->final_output(), std::vector<float>(48, 1.0f));

  const ModelRead early = ReadModel(R"(import torch
import torch.nn as nn
class N(nn.Module):
    def __init__(self):
        self.w = nn.Parameter(torch.ones(2))
)",
                                    {1, 2});
  ASSERT_FALSE(early.ok);
  EXPECT_EQ(early.error->message,
            "cannot assign parameters before Module.__init__() call");
  const ModelRead noise = ReadModel(R"(import torch
import torch.nn as nn
class N(nn.Module):
    def __init__(self):
        super().__init__()
        self.noise = torch.randn(2)
    def forward(self, x):
        return x + self.noise
)",
                                    {1, 2});
  ASSERT_FALSE(noise.ok);
  EXPECT_EQ(noise.error->kind, ErrorKind::kNotImplementedError);
  EXPECT_EQ(noise.error->line, 8);
}

}  // namespace
}  // namespace convplay

namespace convplay {
namespace {

TEST(Interpreter, SaysThatDropoutIsTheIdentityInEvalMode) {
  const ModelRead r = ReadModel(R"(import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.25)
    def forward(self, x):
        x = self.drop(x)
        return F.dropout(x, 0.5)
)",
                                {1, 4});
  ASSERT_TRUE(r.ok) << r.error->message;
  std::string all;
  for (const PlanWarning& w : r.plan.warnings) all += w.message + "\n";
  EXPECT_NE(all.find("Dropout is the identity here"), std::string::npos) << all;
  // F.dropout without training=self.training drops even in eval mode.
  EXPECT_NE(all.find("unless you pass training=self.training"),
            std::string::npos)
      << all;
}

}  // namespace
}  // namespace convplay

namespace convplay {
namespace {

TEST(Export, FunctionalPixelShuffleAndTheNewLayersRoundTrip) {
  const char* const code = R"(import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.act = nn.PReLU()
        self.norm = nn.InstanceNorm2d(1, affine=True)
    def forward(self, x):
        x = F.pixel_shuffle(self.act(self.conv(x)), 2)
        return F.pixel_unshuffle(self.norm(x), 2)
)";
  const ModelRead r = ReadModel(code, {1, 1, 4, 4});
  ASSERT_TRUE(r.ok) << r.error->message;
  std::string cls;
  ASSERT_FALSE(ExportClass(r, &cls));
  EXPECT_NE(cls.find("F.pixel_shuffle("), std::string::npos) << cls;
  const ModelRead again = ReadModel(cls, {1, 1, 4, 4});
  ASSERT_TRUE(again.ok) << again.error->message << "\n" << cls;
  EXPECT_EQ(again.plan.output_shape, (Shape{1, 4, 4, 4}));
  EXPECT_EQ(again.plan.output_shape, r.plan.output_shape);
  EXPECT_EQ(again.plan.total_params, r.plan.total_params);
}

}  // namespace
}  // namespace convplay
