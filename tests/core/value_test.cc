#include "convplay/spec/value.h"

#include <gtest/gtest.h>

namespace convplay {
namespace {

TEST(ValueTest, FloatReprMatchesPython) {
  EXPECT_EQ(FloatRepr(0.1), "0.1");
  EXPECT_EQ(FloatRepr(1.0), "1.0");
  EXPECT_EQ(FloatRepr(100.0), "100.0");
  EXPECT_EQ(FloatRepr(1e-5), "1e-05");
  EXPECT_EQ(FloatRepr(0.0001), "0.0001");
  EXPECT_EQ(FloatRepr(1e16), "1e+16");
  EXPECT_EQ(FloatRepr(123456789012345.0), "123456789012345.0");
  EXPECT_EQ(FloatRepr(-2.5), "-2.5");
  EXPECT_EQ(FloatRepr(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(FloatRepr(1e300), "1e+300");
}

TEST(ValueTest, ReprOfEveryType) {
  EXPECT_EQ(Repr(Value::None()), "None");
  EXPECT_EQ(Repr(Value::Bool(true)), "True");
  EXPECT_EQ(Repr(Value::Int(-3)), "-3");
  EXPECT_EQ(Repr(Value::String("same")), "'same'");
  EXPECT_EQ(Repr(Value::String("it's")), "\"it's\"");
  EXPECT_EQ(Repr(Value::IntTuple({3})), "(3,)");
  EXPECT_EQ(Repr(Value::IntTuple({3, 3})), "(3, 3)");
  EXPECT_EQ(Repr(Value::List({Value::Int(1), Value::Float(2.5)})), "[1, 2.5]");
  EXPECT_EQ(Repr(Value::Tuple({})), "()");
}

TEST(ValueTest, BoolIsAnIntButKeepsItsType) {
  EXPECT_TRUE(Value::Bool(true).is_int());
  EXPECT_EQ(Value::Bool(true).as_int(), 1);
  EXPECT_NE(Value::Bool(true), Value::Int(1));
}

}  // namespace
}  // namespace convplay
