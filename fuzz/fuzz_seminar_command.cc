// libFuzzer target: the seminar console's command reader (RunPlayConsole).
// How an input is read: fuzz/harness.h, SeminarCommand().
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return geostrat::fuzz::Initialize("seminar_command"); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return geostrat::fuzz::TestOneInput(geostrat::fuzz::SeminarCommand, data, size);
}
