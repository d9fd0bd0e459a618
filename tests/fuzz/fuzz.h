/*
 * What every fuzz harness shares: libFuzzer's entry point and a one-time
 * set-up of the libraries (jansson through the project's allocators,
 * libsodium). Each fuzz_<name>.c tests one parser of untrusted input and
 * has its seeds in corpus/<name>/ (docs/testing.md, "Fuzzing").
 */
#ifndef PROBITY_FUZZ_H
#define PROBITY_FUZZ_H

#include "core/alloc.h"
#include "core/err.h"

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Sets the libraries up once, before the first input. */
static inline void fuzz_setup(void)
{
    alloc_install_json();
    if (sodium_init() < 0) {
        abort();
    }
}

/* The usual set-up; a harness that needs more defines FUZZ_OWN_INITIALIZE
 * and its own LLVMFuzzerInitialize. */
#ifndef FUZZ_OWN_INITIALIZE
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}
#endif

#endif
