// libFuzzer target: the config loader (LoadMergedConfig, ExperimentFromConfig).
// How an input is read: fuzz/harness.h, Config().
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return geostrat::fuzz::Initialize("config"); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return geostrat::fuzz::TestOneInput(geostrat::fuzz::Config, data, size);
}
