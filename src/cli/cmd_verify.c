/*
 * probity verify: check a node's record, either from its data folder
 * (--data) or, as an outsider, through its HTTP log endpoints alone
 * (--remote URL --key VKEY: checkpoint, tiles and entry bundles). Exit 0
 * when everything agrees, 1 naming the first bad index and what is wrong,
 * 2 for bad usage, 3 when the folder could not be checked (unreadable, no
 * room for the scratch replay, an older schema on read-only media). The
 * folder is only read: the replay's scratch database is made in $TMPDIR.
 * See docs/log.md, "Verification", and docs/monitor.md, "verify --remote".
 */
#include "cli/cli.h"

#include "client/fetch.h"
#include "log/checkpoint.h"
#include "log/note.h"
#include "monitor/remote.h"
#include "monitor/tilecheck.h"
#include "record/node.h"
#include "record/verify.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Removes the scratch folder dir and what the replay left in it. */
static void remove_scratch(const char *dir)
{
    static const char *const names[] = {"scratch.db", "scratch.db-wal", "scratch.db-shm",
                                        "scratch.db-journal"};
    char path[NODE_PATH_MAX + 32];
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void show_progress(int64_t done, int64_t total, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "verify: %lld / %lld events\n", (long long)done, (long long)total);
}

/* Progress of a remote check, for logs of more than one tile. */
static void show_remote_progress(void *ctx, const char *phase, int64_t done, int64_t total)
{
    (void)ctx;
    if (total > TLOG_TILE_WIDTH) {
        fprintf(stderr, "verify: %s %lld / %lld\n", phase, (long long)done, (long long)total);
    }
}

/* Exit codes: the record agrees (0), it does not: tampered or damaged (1),
 * bad usage (2), it could not be checked: unreadable, no room, an older
 * schema on read-only media (3). */
#define VERIFY_EXIT_FAILED    1
#define VERIFY_EXIT_COULD_NOT 3

/* Says why the check could not run; returns its exit code. */
static int could_not(const struct err *err)
{
    fprintf(stderr, "probity: 无法验证 / could not check: %s\n", err_message(err, true));
    return VERIFY_EXIT_COULD_NOT;
}

/* Makes a scratch folder in the temporary folder ($TMPDIR, else /tmp):
 * the data folder is only read. */
static enum err_code scratch_folder(char dir[NODE_PATH_MAX], struct err *err)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, NODE_PATH_MAX, "%s/probity-verify-XXXXXX", tmp != NULL && tmp[0] ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        return err_set(err, ERR_IO, "TMPDIR", "无法在 %s 建立临时目录",
                       "cannot make a scratch folder in %s", tmp != NULL && tmp[0] ? tmp : "/tmp");
    }
    return ERR_OK;
}

static int verify_data(const char *data, int jobs)
{
    struct err err;
    struct store *st = NULL;
    struct tlog_key key;
    char dir[NODE_PATH_MAX], scratch[NODE_PATH_MAX + 32];
    struct verify_report rep;
    err_init(&err);
    if (node_key(data, &key, &err) != ERR_OK) {
        return could_not(&err);
    }
    /* A folder that can be written is migrated as any opening does; one
     * that cannot (read-only media, a sealed copy) is read as it is. */
    enum err_code rc = node_writable(data) ? node_open_as_is(data, &st, &err)
                                           : node_open_read_only(data, &st, &err);
    if (rc == ERR_OK) {
        rc = scratch_folder(dir, &err);
    }
    if (rc != ERR_OK) {
        sodium_memzero(&key, sizeof(key));
        store_close(st);
        return could_not(&err);
    }
    snprintf(scratch, sizeof(scratch), "%s/scratch.db", dir);
    struct store_conn *c = store_acquire(st);
    rc = verify_store(c, &key, jobs, scratch, show_progress, NULL, &rep, &err);
    sodium_memzero(&key, sizeof(key));
    store_release(c);
    store_close(st);
    remove_scratch(dir);
    if (rc != ERR_OK) {
        return could_not(&err);
    }
    if (rep.problem != VERIFY_OK) {
        printf("验证失败 / FAILED: %s at index %lld: %s\n", verify_problem_name(rep.problem),
               (long long)rep.index, rep.detail);
        return VERIFY_EXIT_FAILED;
    }
    printf("验证通过 / OK: %lld events, log hashes, signed checkpoint, sealed parts and query "
           "tables agree\n",
           (long long)rep.events);
    return 0;
}

/* Checks the node at url with the verifier key vkey; returns the exit code. */
static int verify_remote(const char *url, const char *vkey)
{
    struct err err;
    struct remote r;
    struct buf note;
    struct tlog_verifier v;
    struct tlog_checkpoint cp;
    struct tlog_note parsed;
    struct tilecheck_report rep;
    int status = 1;
    err_init(&err);
    buf_init(&note, TLOG_NOTE_MAX_SIZE);
    fetch_global_init();
    enum err_code rc = remote_init(&r, url, &err);
    if (rc != ERR_OK || tlog_verifier_parse(vkey, strlen(vkey), &v, &err) != ERR_OK) {
        status = cli_fail(&err);
        goto done;
    }
    if (v.type != TLOG_KEY_TYPE_ED25519) {
        err_set(&err, ERR_INVALID, "--key", "--key 须为日志的签名验证密钥(类型 0x01)",
                "--key must be the log's note verifier key (type 0x01)");
        status = cli_fail(&err);
        goto done;
    }
    if (remote_checkpoint(&r, &note, &err) != ERR_OK) {
        status = cli_fail(&err);
        goto done;
    }
    struct err why;
    err_init(&why);
    if (tlog_checkpoint_open(note.data, note.len, &v, 1, v.name, &cp, &parsed, &why) != ERR_OK) {
        printf("验证失败 / FAILED: bad_signature: the checkpoint of %s does not verify with %s: "
               "%s\n",
               r.url, v.name, err_message(&why, true));
        goto done;
    }
    struct tilecheck_source src = remote_tiles(&r);
    struct tilecheck_job job = {
        .src = &src,
        .old_size = 0,
        .new_size = cp.size,
        .new_root = cp.root,
        .progress = show_remote_progress,
    };
    if (tilecheck_run(&job, &rep, &err) != ERR_OK) {
        status = cli_fail(&err);
        goto done;
    }
    if (rep.problem != TILECHECK_OK) {
        printf("验证失败 / FAILED: %s at index %lld: %s\n", tilecheck_problem_name(rep.problem),
               (long long)rep.index, rep.detail);
        goto done;
    }
    char root[TLOG_HASH_B64_SIZE];
    tlog_hash_to_b64(cp.root, root);
    printf("验证通过 / OK: %s, %lld entries: entry bundles, tiles and the signed checkpoint "
           "agree (root %s)\n",
           cp.origin, (long long)cp.size, root);
    status = 0;
done:
    remote_clear(&r);
    buf_clear(&note);
    fetch_global_cleanup();
    return status;
}

int cmd_verify(int argc, char **argv)
{
    const char *data = NULL, *remote = NULL, *key = NULL, *jobs_text = NULL;
    struct cli_opt opts[] = {
        {"--data", &data, NULL, false},     {"--jobs", &jobs_text, NULL, false},
        {"--remote", &remote, NULL, false}, {"--key", &key, NULL, false},
        {NULL, NULL, NULL, false},
    };
    struct err err;
    err_init(&err);
    if (cli_parse(argc, argv, opts, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    if ((data == NULL) == (remote == NULL)) {
        err_set(&err, ERR_INVALID, "--data", "须给出 --data 或 --remote 之一",
                "give exactly one of --data and --remote");
        return cli_fail(&err);
    }
    /* Hashing threads: as many as the cores by default. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = cores > 0 ? (int)(cores < VERIFY_JOBS_MAX ? cores : VERIFY_JOBS_MAX) : 1;
    if (jobs_text != NULL &&
        (cli_number(jobs_text, "--jobs", 1, VERIFY_JOBS_MAX, &jobs, &err) != ERR_OK)) {
        return cli_fail(&err);
    }
    if (remote != NULL && jobs_text != NULL) {
        err_set(&err, ERR_INVALID, "--jobs", "--jobs 只用于 --data", "--jobs goes with --data");
        return cli_fail(&err);
    }
    if (data != NULL && key != NULL) {
        err_set(&err, ERR_INVALID, "--key", "--key 只用于 --remote", "--key goes with --remote");
        return cli_fail(&err);
    }
    if (remote != NULL && key == NULL) {
        err_set(&err, ERR_INVALID, "--key", "--remote 需要 --key(节点的验证密钥)",
                "--remote needs --key (the node's verifier key)");
        return cli_fail(&err);
    }
    return data != NULL ? verify_data(data, jobs) : verify_remote(remote, key);
}
