// The entry points SwiftPM links fuzz executables with (`--defsym main=<target>_main`).
// The Swift side cannot have a `main` of its own: libFuzzer's driver owns the process and
// calls LLVMFuzzerTestOneInput for each input. Only built by scripts/fuzz, with
// -sanitize=fuzzer, which links the libFuzzer runtime that defines LLVMFuzzerRunDriver.
#include "FuzzDriver.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t));

#define FUZZ_MAIN(target)                                              \
  int target##_main(int argc, char **argv) {                           \
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);  \
  }

FUZZ_MAIN(FuzzFeedParser)
FUZZ_MAIN(FuzzHTMLText)
FUZZ_MAIN(FuzzExtraction)
FUZZ_MAIN(FuzzRuleParser)
FUZZ_MAIN(FuzzConfigLoader)
