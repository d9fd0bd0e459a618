/*
 * Signed notes, checkpoints and cosignatures as a monitor or witness
 * receives them from another node: the strict note parser, every
 * signature's decoding and cosignature timestamp, the checkpoint text,
 * and opening the note as a checkpoint against a log key (which the
 * random bytes never sign: the checks must refuse, never crash).
 */
#define FUZZ_OWN_INITIALIZE
#include "fuzz.h"

#include "log/checkpoint.h"
#include "log/cosig.h"
#include "log/key.h"
#include "log/note.h"

#include <string.h>

static struct tlog_verifier log_key;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    struct tlog_key key;
    struct err err;
    err_init(&err);
    if (tlog_key_generate("fuzz.example/log", &key, &err) != ERR_OK) {
        abort();
    }
    tlog_verifier_from_key(&key, TLOG_KEY_TYPE_ED25519, &log_key);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct tlog_note note;
    struct err err;
    err_init(&err);
    if (tlog_note_parse(text, size, &note, &err) == ERR_OK) {
        for (size_t i = 0; i < note.n_sigs; i++) {
            uint8_t sig[TLOG_NOTE_MAX_SIG_BYTES];
            size_t len = 0;
            uint64_t when = 0;
            tlog_note_sig_bytes(&note.sigs[i], sig, &len);
            (void)tlog_cosig_timestamp(&note.sigs[i], &when, &err);
        }
        struct tlog_checkpoint cp;
        (void)tlog_checkpoint_parse(note.text, note.text_len, &cp, &err);
    }
    struct tlog_checkpoint cp;
    struct tlog_note opened;
    (void)tlog_checkpoint_open(text, size, &log_key, 1, "fuzz.example/log", &cp, &opened, &err);
    (void)tlog_checkpoint_parse(text, size, &cp, &err);
    return 0;
}
