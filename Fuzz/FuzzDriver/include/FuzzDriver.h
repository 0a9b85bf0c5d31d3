#ifndef FEEDWATCH_FUZZ_DRIVER_H
#define FEEDWATCH_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Each fuzz target defines this (in Swift, with @_cdecl): run one input, return 0.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
