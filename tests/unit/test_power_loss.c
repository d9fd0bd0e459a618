/*
 * Power loss, not only process death, on SQLite: as SQLite's own tests
 * do, a test VFS stands between the database and the disk. It passes
 * every operation to the default VFS and remembers, for each file, what
 * the bytes written since its last sync replaced. At a chosen operation
 * the power is cut: nothing more reaches the disk, and afterwards every
 * write not yet synced is undone, as a disk that lost its cache would
 * have it. The node is then opened again on the real VFS, and every write
 * acknowledged before the cut must be there, the signed checkpoint must
 * cover every event, and the log must verify. The cut is tried at every
 * few operations of a run of writes.
 */
#include "areas/org/org.h"
#include "record/verify.h"

#include <limits.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_node.h"

/* What one write replaced: its offset and the bytes there before (n
 * of them; short when the write went past the end, then the file is cut
 * back to old_size). */
struct undo {
    int64_t offset;
    int n;
    int64_t old_size;
    unsigned char *old;
};

/* A file opened through the test VFS: the real file first, as SQLite
 * requires of a VFS that wraps another. */
struct lossy_file {
    sqlite3_file base;
    sqlite3_file *real;
    char *name;
    struct undo *undo;
    int n_undo;
};

/* The power: operations counted until the cut; then nothing reaches
 * the disk. */
static struct {
    sqlite3_vfs *real;
    long ops;
    long cut_at; /* the operation at which the power goes, or -1 */
    bool cut;
    struct lossy_file *open[64];
} power;

static bool power_fails_now(void)
{
    if (!power.cut && power.cut_at >= 0 && ++power.ops >= power.cut_at) {
        power.cut = true;
    }
    return power.cut;
}

static int lossy_close(sqlite3_file *f)
{
    struct lossy_file *l = (struct lossy_file *)f;
    for (size_t i = 0; i < ARRAY_SIZE(power.open); i++) {
        if (power.open[i] == l) {
            power.open[i] = NULL;
        }
    }
    /* A file closed before the cut keeps what it synced; its unsynced
     * writes stay undoable only while it is open (SQLite syncs what
     * matters before closing). */
    for (int i = 0; i < l->n_undo; i++) {
        xfree(l->undo[i].old);
    }
    xfree(l->undo);
    xfree(l->name);
    int rc = l->real->pMethods ? l->real->pMethods->xClose(l->real) : SQLITE_OK;
    xfree(l->real);
    return rc;
}

static int lossy_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return l->real->pMethods->xRead(l->real, p, n, off);
}

static int lossy_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
    struct lossy_file *l = (struct lossy_file *)f;
    if (power_fails_now()) {
        return SQLITE_OK; /* lost: the process does not know yet */
    }
    sqlite3_int64 size = 0;
    l->real->pMethods->xFileSize(l->real, &size);
    struct undo u = {.offset = off, .old_size = size, .old = xmalloc((size_t)n)};
    u.n = off >= size ? 0 : (int)(off + n <= size ? n : size - off);
    if (u.n > 0 && l->real->pMethods->xRead(l->real, u.old, u.n, off) != SQLITE_OK) {
        u.n = 0;
    }
    l->undo = xrealloc(l->undo, (size_t)(l->n_undo + 1) * sizeof(*l->undo));
    l->undo[l->n_undo++] = u;
    return l->real->pMethods->xWrite(l->real, p, n, off);
}

static int lossy_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return power_fails_now() ? SQLITE_OK : l->real->pMethods->xTruncate(l->real, size);
}

static int lossy_sync(sqlite3_file *f, int flags)
{
    struct lossy_file *l = (struct lossy_file *)f;
    if (power_fails_now()) {
        return SQLITE_OK;
    }
    int rc = l->real->pMethods->xSync(l->real, flags);
    if (rc == SQLITE_OK) {
        /* On the disk now: nothing of it can be lost any more. */
        for (int i = 0; i < l->n_undo; i++) {
            xfree(l->undo[i].old);
        }
        l->n_undo = 0;
    }
    return rc;
}

static int lossy_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return l->real->pMethods->xFileSize(l->real, size);
}

static int lossy_lock(sqlite3_file *f, int level)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return l->real->pMethods->xLock(l->real, level);
}

static int lossy_unlock(sqlite3_file *f, int level)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return l->real->pMethods->xUnlock(l->real, level);
}

static int lossy_check_lock(sqlite3_file *f, int *out)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return l->real->pMethods->xCheckReservedLock(l->real, out);
}

static int lossy_control(sqlite3_file *f, int op, void *arg)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return l->real->pMethods->xFileControl(l->real, op, arg);
}

static int lossy_sector_size(sqlite3_file *f)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return l->real->pMethods->xSectorSize(l->real);
}

static int lossy_device(sqlite3_file *f)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return l->real->pMethods->xDeviceCharacteristics(l->real);
}

/* The WAL index (shared memory) is no data: it is rebuilt on recovery. */
static int lossy_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **p)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return l->real->pMethods->xShmMap(l->real, page, size, extend, p);
}

static int lossy_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return l->real->pMethods->xShmLock(l->real, offset, n, flags);
}

static void lossy_shm_barrier(sqlite3_file *f)
{
    struct lossy_file *l = (struct lossy_file *)f;
    l->real->pMethods->xShmBarrier(l->real);
}

static int lossy_shm_unmap(sqlite3_file *f, int delete_flag)
{
    struct lossy_file *l = (struct lossy_file *)f;
    return l->real->pMethods->xShmUnmap(l->real, delete_flag);
}

static const sqlite3_io_methods lossy_methods = {
    .iVersion = 2,
    .xClose = lossy_close,
    .xRead = lossy_read,
    .xWrite = lossy_write,
    .xTruncate = lossy_truncate,
    .xSync = lossy_sync,
    .xFileSize = lossy_file_size,
    .xLock = lossy_lock,
    .xUnlock = lossy_unlock,
    .xCheckReservedLock = lossy_check_lock,
    .xFileControl = lossy_control,
    .xSectorSize = lossy_sector_size,
    .xDeviceCharacteristics = lossy_device,
    .xShmMap = lossy_shm_map,
    .xShmLock = lossy_shm_lock,
    .xShmBarrier = lossy_shm_barrier,
    .xShmUnmap = lossy_shm_unmap,
};

static int lossy_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    (void)vfs;
    struct lossy_file *l = (struct lossy_file *)f;
    memset(l, 0, sizeof(*l));
    l->real = xcalloc(1, (size_t)power.real->szOsFile);
    int rc = power.real->xOpen(power.real, name, l->real, flags, out);
    if (rc != SQLITE_OK) {
        xfree(l->real);
        l->real = NULL;
        return rc;
    }
    l->base.pMethods = &lossy_methods;
    l->name = xstrdup(name != NULL ? name : "");
    for (size_t i = 0; i < ARRAY_SIZE(power.open); i++) {
        if (power.open[i] == NULL) {
            power.open[i] = l;
            break;
        }
    }
    return SQLITE_OK;
}

static int lossy_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return power_fails_now() ? SQLITE_OK : power.real->xDelete(power.real, name, sync_dir);
}

static int lossy_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return power.real->xAccess(power.real, name, flags, out);
}

static int lossy_full_name(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return power.real->xFullPathname(power.real, name, n, out);
}

static int lossy_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return power.real->xRandomness(power.real, n, out);
}

static int lossy_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return power.real->xSleep(power.real, us);
}

static int lossy_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return power.real->xCurrentTime(power.real, out);
}

static int lossy_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return power.real->xGetLastError(power.real, n, out);
}

static int lossy_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return power.real->xCurrentTimeInt64(power.real, out);
}

static sqlite3_vfs lossy_vfs = {
    .iVersion = 2,
    .szOsFile = sizeof(struct lossy_file),
    .mxPathname = 512,
    .zName = "lossy",
    .xOpen = lossy_open,
    .xDelete = lossy_delete,
    .xAccess = lossy_access,
    .xFullPathname = lossy_full_name,
    .xRandomness = lossy_randomness,
    .xSleep = lossy_sleep,
    .xCurrentTime = lossy_time,
    .xGetLastError = lossy_last_error,
    .xCurrentTimeInt64 = lossy_time64,
};

/* After the cut: each open file loses what was written since its last
 * sync, newest write undone first. */
static void lose_unsynced_writes(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(power.open); i++) {
        struct lossy_file *l = power.open[i];
        for (int k = l != NULL ? l->n_undo - 1 : -1; k >= 0; k--) {
            struct undo *u = &l->undo[k];
            if (u->n > 0) {
                l->real->pMethods->xWrite(l->real, u->old, u->n, u->offset);
            }
            l->real->pMethods->xTruncate(l->real, u->old_size);
            xfree(u->old);
        }
        if (l != NULL) {
            l->n_undo = 0;
        }
    }
}

#define WRITES 24

/* Creates WRITES cities until the power goes; returns how many were
 * acknowledged (their commit returned) before it went. */
static int write_until_the_cut(struct store_conn *c)
{
    int acknowledged = 0;
    for (int i = 0; i < WRITES; i++) {
        char input[160];
        struct err err;
        snprintf(input, sizeof(input),
                 "{\"id\":\"city%d\",\"name\":\"城市%d\",\"name_en\":\"City %d\"}", i, i, i);
        bool cut_before = power.cut;
        enum err_code rc =
            unit_org_create(c, &actor_system, ORG_CITY, NULL, input, NULL, NULL, &err);
        if (rc == ERR_OK && !cut_before && !power.cut) {
            acknowledged = i + 1;
        }
    }
    return acknowledged;
}

/* One run: a fresh node, the power cut at operation cut_at, the node
 * opened again as the disk kept it. Returns the operations the run took
 * (the power never cut when cut_at is beyond them). */
static long run_with_power_cut_at(long cut_at)
{
    struct unit_node n;
    struct err err;
    err_init(&err);
    unit_make_tmpdir(n.tmp);
    unit_path(n.data, n.tmp, "data");
    power.ops = 0;
    power.cut = false;
    power.cut_at = -1;
    assert_int_equal(node_init(n.data, "power.example/test", NULL, &err), ERR_OK);
    assert_int_equal(node_open(n.data, 1, &n.st, &err), ERR_OK);
    n.c = store_acquire(n.st);
    power.cut_at = cut_at;
    int acknowledged = write_until_the_cut(n.c);
    long ops = power.ops;
    if (power.cut) {
        lose_unsynced_writes();
    }
    store_release(n.c);
    store_close(n.st); /* nothing more reaches the disk after a cut */
    power.cut_at = -1;
    power.cut = false;

    /* The machine comes back: the node as the disk kept it. */
    sqlite3_vfs_register(power.real, 1);
    assert_int_equal(node_open(n.data, 1, &n.st, &err), ERR_OK);
    n.c = store_acquire(n.st);
    int64_t cities = 0;
    assert_int_equal(store_query_int(n.c, &cities, NULL, &err,
                                     "SELECT COUNT(*) FROM cities WHERE id LIKE 'city%'", ""),
                     ERR_OK);
    if (cities < acknowledged) {
        fail_msg("power cut at operation %ld: %d writes acknowledged, %lld kept", cut_at,
                 acknowledged, (long long)cities);
    }
    struct tlog_key key;
    struct verify_report rep;
    assert_int_equal(node_key(n.data, &key, &err), ERR_OK);
    assert_int_equal(verify_log(n.c, &key, 1, NULL, NULL, &rep, &err), ERR_OK);
    if (rep.problem != VERIFY_OK) {
        fail_msg("power cut at operation %ld: %s", cut_at, rep.detail);
    }
    unit_node_close(&n);
    sqlite3_vfs_register(&lossy_vfs, 1);
    return ops;
}

static void test_power_loss_at_every_point_keeps_every_acknowledged_write(void **state)
{
    (void)state;
    long total = run_with_power_cut_at(LONG_MAX);
    assert_true(total > 50);
    int runs = 0;
    for (long at = 1; at < total; at += total / 40 + 1, runs++) {
        run_with_power_cut_at(at);
    }
    assert_true(runs >= 30);
}

static int setup_power(void **state)
{
    (void)state;
    power.real = sqlite3_vfs_find(NULL);
    lossy_vfs.mxPathname = power.real->mxPathname;
    return sqlite3_vfs_register(&lossy_vfs, 1) == SQLITE_OK ? 0 : -1;
}

static int teardown_power(void **state)
{
    (void)state;
    sqlite3_vfs_unregister(&lossy_vfs);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_power_loss_at_every_point_keeps_every_acknowledged_write, setup_power,
            teardown_power),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
