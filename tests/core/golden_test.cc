#include <gtest/gtest.h>
TEST(GoldenTest, Placeholder) {}
