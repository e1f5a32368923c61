// libFuzzer target: the observed-timeline parser (ReadObservedFile).
// How an input is read: fuzz/harness.h, Observed().
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return geostrat::fuzz::Initialize("observed"); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return geostrat::fuzz::TestOneInput(geostrat::fuzz::Observed, data, size);
}
