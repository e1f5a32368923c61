// libFuzzer target: seminar saves (PlaySession::Load).
// How an input is read: fuzz/harness.h, Save().
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return geostrat::fuzz::Initialize("save"); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return geostrat::fuzz::TestOneInput(geostrat::fuzz::Save, data, size);
}
