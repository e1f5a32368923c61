// libFuzzer target: the .nfg parser (ParseNfg).
// How an input is read: fuzz/harness.h, Nfg().
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return geostrat::fuzz::Initialize("nfg"); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return geostrat::fuzz::TestOneInput(geostrat::fuzz::Nfg, data, size);
}
