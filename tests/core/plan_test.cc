#include "convplay/plan/plan.h"

#include <gtest/gtest.h>

#include "convplay/text/torch_text.h"

namespace convplay {
namespace {

Plan PlanOf(const std::string& code, const Shape& input,
            const PlanOptions& options = {}) {
  ParseResult parsed = ParseTorch(code);
  EXPECT_TRUE(parsed.ok) << (parsed.error ? parsed.error->message : "");
  return MakePlan(parsed.layers, input, options);
}

TEST(PlanTest, ClassicExampleGives5120Features) {
  const Plan plan = PlanOf(
      "nn.Sequential(nn.Conv2d(3, 10, 3), nn.MaxPool2d(4, 4),"
      " nn.Conv2d(10, 20, 5, padding=2), nn.MaxPool2d(2, 2), nn.Flatten())",
      {1, 3, 130, 130});
  ASSERT_TRUE(plan.ok) << plan.error->message;
  ASSERT_EQ(plan.layers.size(), 5u);
  EXPECT_EQ(plan.layers[0].output_shape, (Shape{1, 10, 128, 128}));
  EXPECT_EQ(plan.layers[1].output_shape, (Shape{1, 10, 32, 32}));
  EXPECT_EQ(plan.layers[2].output_shape, (Shape{1, 20, 32, 32}));
  EXPECT_EQ(plan.layers[3].output_shape, (Shape{1, 20, 16, 16}));
  EXPECT_EQ(plan.output_shape, (Shape{1, 5120}));
  EXPECT_EQ(plan.layers[0].params, 280);
  EXPECT_EQ(plan.layers[0].params_formula, "10 × (3 × 3 × 3) + 10 = 280");
  EXPECT_EQ(plan.layers[2].params, 5020);
  EXPECT_EQ(plan.layers[2].params_formula, "20 × (10 × 5 × 5) + 20 = 5020");
  EXPECT_EQ(plan.total_params, 5300);
  EXPECT_EQ(plan.layers[0].macs, 128LL * 128 * 10 * 27);
  EXPECT_EQ(plan.layers[0].code, "nn.Conv2d(3, 10, kernel_size=3)");
}

TEST(PlanTest, ClassicExampleReceptiveField) {
  const Plan plan = PlanOf(
      "nn.Sequential(nn.Conv2d(3, 10, 3), nn.MaxPool2d(4, 4),"
      " nn.Conv2d(10, 20, 5, padding=2), nn.MaxPool2d(2, 2))",
      {3, 130, 130});
  ASSERT_TRUE(plan.ok);
  // r = 1 + 2·1 + 3·1 + 4·4 + 1·4 = 26, jump 8, start −2·4 = −8.
  const ReceptiveField& rf = plan.layers[3].receptive_field;
  EXPECT_EQ(rf.scope, ReceptiveField::Scope::kLocal);
  EXPECT_EQ(rf.size, (std::vector<int64_t>{26, 26}));
  EXPECT_EQ(rf.jump, (std::vector<int64_t>{8, 8}));
  EXPECT_EQ(rf.start, (std::vector<int64_t>{-8, -8}));
}

TEST(PlanTest, ConstructorErrorWinsOverEarlierForwardError) {
  const Plan plan = PlanOf(
      "nn.Sequential(nn.Conv2d(5, 4, 3), nn.ReLU(), nn.Conv2d(4, 6, 3, "
      "groups=4))",
      {1, 3, 8, 8});
  ASSERT_FALSE(plan.ok);
  EXPECT_EQ(plan.error->layer, 2);
  EXPECT_EQ(plan.error->kind, ErrorKind::kValueError);
  EXPECT_EQ(plan.error->message, "out_channels must be divisible by groups");
}

TEST(PlanTest, ChannelMismatchNamesLayerAndHints) {
  const Plan plan = PlanOf("nn.Sequential(nn.Conv2d(3, 4, 3))", {1, 5, 8, 8});
  ASSERT_FALSE(plan.ok);
  EXPECT_EQ(plan.error->layer, 0);
  EXPECT_EQ(plan.error->message,
            "Given groups=1, weight of size [4, 3, 3, 3], expected "
            "input[1, 5, 8, 8] to have 3 channels, but got 5 channels instead");
  EXPECT_EQ(plan.error->hint,
            "set in_channels=5 (the input to this layer has 5 channels)");
}

TEST(PlanTest, KernelTooLargeHintsPaddingOrKernel) {
  const Plan plan = PlanOf("nn.Sequential(nn.Conv2d(3, 4, 5))", {1, 3, 4, 4});
  ASSERT_FALSE(plan.ok);
  EXPECT_EQ(plan.error->message,
            "Calculated padded input size per channel: (4 x 4). Kernel size: "
            "(5 x 5). Kernel size can't be greater than actual input size");
  EXPECT_EQ(plan.error->hint, "use padding ≥ 1 or kernel_size ≤ 4 here");
}

TEST(PlanTest, CommonErrorsCarryAHint) {
  const char* const codes[] = {
      "nn.Sequential(nn.Conv2d(3, 4, -1))",
      "nn.Sequential(nn.Conv2d(3, 4, 2.5))",
      "nn.Sequential(nn.Softmax(dim=5))",
      "nn.Sequential(nn.Unflatten(1, (5, 5)))",
      "nn.Sequential(nn.Conv2d(3, 4, 3, stride=0))",
      "nn.Sequential(nn.MaxPool2d(2, dilation=0))",
      "nn.Sequential(nn.Conv2d(3, 4, 3, padding=-1))",
      "nn.Sequential(nn.MaxPool2d((2, 2, 2)))",
      "nn.Sequential(nn.MaxPool2d(9))",
      "nn.Sequential(nn.Flatten(), nn.Linear(10, 2))",
  };
  for (const char* code : codes) {
    const Plan plan = PlanOf(code, {1, 3, 8, 8});
    ASSERT_FALSE(plan.ok) << code;
    EXPECT_FALSE(plan.error->hint.empty())
        << code << ": " << plan.error->message;
  }
  const Plan softmax = PlanOf("nn.Sequential(nn.Softmax(dim=5))", {1, 3, 8, 8});
  EXPECT_EQ(softmax.error->hint,
            "this layer's input has 4 dims: use a dim from -4 to 3");
}

TEST(PlanTest, MemoryBudgetRefusesHugeWeightsBeforeAllocating) {
  const Plan plan =
      PlanOf("nn.Sequential(nn.Conv2d(64, 64, 1000))", {1, 64, 8, 8});
  ASSERT_FALSE(plan.ok);
  EXPECT_EQ(plan.error->kind, ErrorKind::kMemoryError);
  EXPECT_EQ(plan.error->layer, 0);
  EXPECT_NE(plan.error->message.find("16384000000 bytes"), std::string::npos)
      << plan.error->message;
}

TEST(PlanTest, MemoryBudgetCountsActivations) {
  PlanOptions small;
  small.memory_budget_bytes = 1 << 20;
  const Plan plan = PlanOf("nn.Sequential(nn.Conv2d(1, 64, 3, padding=1))",
                           {1, 1, 64, 64}, small);
  ASSERT_FALSE(plan.ok);
  EXPECT_EQ(plan.error->kind, ErrorKind::kMemoryError);
  EXPECT_NE(plan.error->message.find("output of size [1, 64, 64, 64]"),
            std::string::npos)
      << plan.error->message;
}

TEST(PlanTest, OverflowingSizesAreCaughtNotWrapped) {
  const Plan plan =
      PlanOf("nn.Sequential(nn.Conv2d(2**32, 2**32, 1))", {1, 1, 1, 1});
  ASSERT_FALSE(plan.ok);
  EXPECT_EQ(plan.error->message,
            "Storage size calculation overflowed with sizes=[4294967296, "
            "4294967296, 1, 1]");
  const Plan up =
      PlanOf("nn.Sequential(nn.Upsample(scale_factor=1e300))", {1, 1, 3, 3});
  ASSERT_FALSE(up.ok);
  EXPECT_EQ(up.error->kind, ErrorKind::kMemoryError);
  const Plan input = MakePlan({}, {1LL << 40, 1LL << 40});
  ASSERT_FALSE(input.ok);
  EXPECT_EQ(input.error->kind, ErrorKind::kMemoryError);
}

TEST(PlanTest, NegativeInputShapeIsAnError) {
  const Plan plan = MakePlan({}, {1, -3, 4});
  ASSERT_FALSE(plan.ok);
  EXPECT_EQ(plan.error->message,
            "Trying to create tensor with negative dimension -3: [1, -3, 4]");
}

TEST(PlanTest, WarnsWhenTheLastColumnsAreNeverCovered) {
  const Plan plan =
      PlanOf("nn.Sequential(nn.Conv2d(1, 1, 3, stride=2))", {1, 1, 8, 9});
  ASSERT_TRUE(plan.ok);
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0].message,
            "(8 − 3 + 2·0) / 2 + 1 is not an integer: the last 1 row of the "
            "padded input is never covered by the kernel");
}

TEST(PlanTest, WarnsOnFlattenOfUnbatchedInput) {
  const Plan plan =
      PlanOf("nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten())", {3, 8, 8});
  ASSERT_TRUE(plan.ok);
  EXPECT_EQ(plan.output_shape, (Shape{4, 36}));
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_NE(plan.warnings[0].message.find("unbatched"), std::string::npos);
}

TEST(PlanTest, WarnsOnEvenKernelWithSamePadding) {
  const Plan plan =
      PlanOf("nn.Sequential(nn.Conv2d(1, 1, 4, padding='same'))", {1, 1, 6, 6});
  ASSERT_TRUE(plan.ok);
  EXPECT_EQ(plan.output_shape, (Shape{1, 1, 6, 6}));
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_NE(plan.warnings[0].message.find("1 before and 2 after"),
            std::string::npos);
}

}  // namespace
}  // namespace convplay

namespace convplay {
namespace {

struct Absurd {
  const char* code;
  Shape input;
  ErrorKind kind;
  const char* message_part;
};

class AbsurdNumberTest : public testing::TestWithParam<Absurd> {};

// Negative, zero, huge and non-integer numbers: a clear error, never a
// crash, hang or wrapped size.
TEST_P(AbsurdNumberTest, GivesAClearError) {
  const Absurd& c = GetParam();
  const ParseResult parsed = ParseTorch(c.code);
  ASSERT_TRUE(parsed.ok) << parsed.error->message;
  const Plan plan = MakePlan(parsed.layers, c.input);
  ASSERT_FALSE(plan.ok) << c.code;
  EXPECT_EQ(plan.error->kind, c.kind) << plan.error->message;
  EXPECT_NE(plan.error->message.find(c.message_part), std::string::npos)
      << plan.error->message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AbsurdNumberTest,
    testing::Values(
        Absurd{"nn.Conv2d(3, 10, -3)",
               {1, 3, 8, 8},
               ErrorKind::kRuntimeError,
               "negative dimension -3"},
        Absurd{"nn.Conv2d(3, 0, 3)",
               {1, 3, 8, 8},
               ErrorKind::kRuntimeError,
               "expected weight to be at least 1"},
        Absurd{"nn.Conv2d(10**12, 10, 3)",
               {1, 3, 8, 8},
               ErrorKind::kMemoryError,
               "360000000000000 bytes"},
        Absurd{"nn.Conv2d(3, 10, 3)",
               {1, 3, 1000000000000, 8},
               ErrorKind::kMemoryError,
               "the input of size"},
        Absurd{"nn.Conv2d(3, 10, 2.5)",
               {1, 3, 8, 8},
               ErrorKind::kTypeError,
               "float"},
        Absurd{"nn.Conv2d(3, 10, 3, stride=0.5)",
               {1, 3, 8, 8},
               ErrorKind::kTypeError,
               "float"},
        Absurd{"nn.MaxPool2d(10**12)",
               {1, 3, 8, 8},
               ErrorKind::kRuntimeError,
               "integer out of range"},
        Absurd{"nn.AvgPool2d(10**12)",
               {1, 3, 8, 8},
               ErrorKind::kRuntimeError,
               "Output size is too small"},
        Absurd{"nn.Linear(10**12, 10**12)",
               {1, 4},
               ErrorKind::kRuntimeError,
               "Storage size calculation overflowed"},
        Absurd{"nn.Upsample(size=10**12)",
               {1, 1, 4, 4},
               ErrorKind::kMemoryError,
               "output of size [1, 1, 1000000000000, 1000000000000]"},
        Absurd{"nn.Upsample(scale_factor=-2)",
               {1, 1, 4, 4},
               ErrorKind::kRuntimeError,
               "should be greater than 0"},
        Absurd{"nn.ZeroPad2d(10**12)",
               {1, 1, 4, 4},
               ErrorKind::kMemoryError,
               "bytes"},
        Absurd{"nn.Unflatten(1, (10**12, -1))",
               {1, 4},
               ErrorKind::kRuntimeError,
               "don't multiply up"},
        Absurd{"nn.Flatten(10**12)",
               {1, 4},
               ErrorKind::kIndexError,
               "Dimension out of range"},
        Absurd{"nn.Dropout(-0.5)",
               {1, 4},
               ErrorKind::kValueError,
               "between 0 and 1"},
        // Found by the fuzzer: a 0-d input used to be read past its end.
        Absurd{"nn.Unflatten(0, (1,))",
               {},
               ErrorKind::kIndexError,
               "Dimension specified as 0 but tensor has no dimensions"}));

}  // namespace
}  // namespace convplay
