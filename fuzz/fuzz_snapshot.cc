// libFuzzer target: snapshots read by a branch (ReadBranch, BranchStart).
// How an input is read: fuzz/harness.h, Snapshot().
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return geostrat::fuzz::Initialize("snapshot"); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return geostrat::fuzz::TestOneInput(geostrat::fuzz::Snapshot, data, size);
}
