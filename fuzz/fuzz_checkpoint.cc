// libFuzzer target: sweep checkpoints (ParseSweepCheckpoint).
// How an input is read: fuzz/harness.h, Checkpoint().
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return geostrat::fuzz::Initialize("checkpoint"); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return geostrat::fuzz::TestOneInput(geostrat::fuzz::Checkpoint, data, size);
}
