/*
** test_crash.c - kill -9 at any moment loses no acknowledged record (SPEC section 6).
**
** Each round starts tests/crash_writer on one database, kills it with SIGKILL after a random
** 0-60 ms (every 8th round 60-600 ms, long enough to reach a WAL checkpoint), reads what it
** printed, reopens the database and checks, over all rounds so far: every record printed "ok" is
** there with its uuid (ok is a subset of present), every record present was attempted (present
** is a subset of attempted), no attempt is there twice, seq strictly increases in the writers'
** order, and PRAGMA integrity_check says ok. SD_CRASH_ROUNDS (default 200) sets the rounds,
** SD_CRASH_SEED the random seed (printed, to repeat a failing run).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "store.h"
#include "testutil.h"

#ifndef SD_CRASH_WRITER
#error "SD_CRASH_WRITER (the path of crash_writer) is set by tests/CMakeLists.txt"
#endif

struct round {
    long attempted;         /* the highest "attempt N" printed */
    long acked_count;
    long cap;
    char (*uuid)[37];       /* uuid[N] of "ok N uuid"; "" when not acknowledged */
    unsigned char *seen;    /* seen[N] while checking the database */
};

struct crash_state {
    struct round *rounds;
    int count;
    int64_t last_seq;
    int last_round;
    long last_n;
    long present;
    char problem[256];
};

static void round_grow(struct round *r, long n)
{
    if (n < r->cap)
        return;
    long cap = r->cap ? r->cap : 64;
    while (cap <= n)
        cap *= 2;
    r->uuid = realloc(r->uuid, (size_t)cap * sizeof r->uuid[0]);
    r->seen = realloc(r->seen, (size_t)cap);
    assert_non_null(r->uuid);
    assert_non_null(r->seen);
    memset(r->uuid + r->cap, 0, (size_t)(cap - r->cap) * sizeof r->uuid[0]);
    r->cap = cap;
}

/* Read the writer's output: "attempt N", "ok N UUID"; anything else fails the test. */
static void parse_output(struct round *r, char *out, int round_no)
{
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        long n;
        char uuid[64];
        if (sscanf(line, "attempt %ld", &n) == 1) {
            if (n != r->attempted + 1)
                fail_msg("round %d: attempt %ld after %ld", round_no, n, r->attempted);
            r->attempted = n;
            round_grow(r, n);
        } else if (sscanf(line, "ok %ld %63s", &n, uuid) == 2) {
            if (n != r->attempted || strlen(uuid) != 36)
                fail_msg("round %d: bad line '%s'", round_no, line);
            memcpy(r->uuid[n], uuid, 37);   /* 36 characters and the NUL, checked above */
            r->acked_count++;
        } else {
            fail_msg("round %d: the writer said '%s'", round_no, line);
        }
    }
}

static int check_record(void *arg, const struct record *rec)
{
    struct crash_state *cs = arg;
    int round_no;
    long n;
    char extra;
    if (rec->seq <= cs->last_seq) {
        snprintf(cs->problem, sizeof cs->problem, "seq %lld after %lld", (long long)rec->seq,
                 (long long)cs->last_seq);
        return 1;
    }
    cs->last_seq = rec->seq;
    if (sscanf(rec->value, "r%d-%ld%c", &round_no, &n, &extra) != 2 || round_no < 1
        || round_no > cs->count || n < 1) {
        snprintf(cs->problem, sizeof cs->problem, "a record no writer attempted: %.40s",
                 rec->value);
        return 1;
    }
    struct round *r = &cs->rounds[round_no - 1];
    if (n > r->attempted) {
        snprintf(cs->problem, sizeof cs->problem, "record %.40s was never attempted", rec->value);
        return 1;
    }
    if (r->seen[n]++) {
        snprintf(cs->problem, sizeof cs->problem, "record %.40s is there twice", rec->value);
        return 1;
    }
    if (r->uuid[n][0] && strcmp(r->uuid[n], rec->uuid) != 0) {
        snprintf(cs->problem, sizeof cs->problem, "record %.40s has uuid %s, the writer saw %s",
                 rec->value, rec->uuid, r->uuid[n]);
        return 1;
    }
    /* Writers run one after another, each counting up: seq order is (round, n) order. */
    if (round_no < cs->last_round || (round_no == cs->last_round && n <= cs->last_n)) {
        snprintf(cs->problem, sizeof cs->problem, "record %.40s out of order", rec->value);
        return 1;
    }
    cs->last_round = round_no;
    cs->last_n = n;
    cs->present++;
    return 0;
}

static void check_database(struct crash_state *cs, const char *path, int round_no)
{
    struct store *s = NULL;
    int rc = store_open(&s, path, NULL);
    if (rc != SD_OK)
        fail_msg("round %d: reopening: %s", round_no, store_errmsg(s));
    for (int i = 0; i < cs->count; i++)
        if (cs->rounds[i].cap)
            memset(cs->rounds[i].seen, 0, (size_t)cs->rounds[i].cap);
    cs->last_seq = 0;
    cs->last_round = 0;
    cs->last_n = 0;
    cs->present = 0;
    cs->problem[0] = '\0';
    rc = store_records_each(s, 0, check_record, cs);
    if (cs->problem[0])
        fail_msg("round %d: %s", round_no, cs->problem);
    if (rc != SD_OK)
        fail_msg("round %d: reading: %s", round_no, store_errmsg(s));
    for (int i = 0; i < cs->count; i++) {
        const struct round *r = &cs->rounds[i];
        for (long n = 1; n <= r->attempted; n++)
            if (r->uuid[n][0] && !r->seen[n])
                fail_msg("round %d: acknowledged record r%d-%ld (%s) is lost", round_no, i + 1,
                         n, r->uuid[n]);
    }
    rc = store_check_integrity(s);
    if (rc != SD_OK)
        fail_msg("round %d: %s", round_no, store_errmsg(s));
    store_close(s);
}

/* Start the writer with its stdout on a pipe, kill it after delay_us, return what it said. */
static char *run_writer(const char *path, int round_no, long delay_us, int *status)
{
    int fds[2];
    char tag[32];
    snprintf(tag, sizeof tag, "r%d", round_no);
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(SD_CRASH_WRITER, SD_CRASH_WRITER, path, tag, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    struct timespec ts = { delay_us / 1000000, (delay_us % 1000000) * 1000 };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
    kill(pid, SIGKILL);
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
        ssize_t got = read(fds[0], out + len, cap - len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        len += (size_t)got;
    }
    out[len] = '\0';
    close(fds[0]);
    assert_int_equal(waitpid(pid, status, 0), pid);
    return out;
}

static void test_crash_kill9(void **state)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    const char *env = getenv("SD_CRASH_ROUNDS");
    int rounds = env && atoi(env) > 0 ? atoi(env) : 200;
    env = getenv("SD_CRASH_SEED");
    unsigned seed = env ? (unsigned)strtoul(env, NULL, 10)
                        : (unsigned)time(NULL) ^ (unsigned)getpid();
    struct crash_state cs = { 0 };
    long acked = 0, mid_add = 0, before_first = 0;
    (void)state;
    print_message("crash test: %d rounds, SD_CRASH_SEED=%u\n", rounds, seed);
    srand(seed);
    snprintf(path, sizeof path, "%s/data/kiosk.db", dir);
    cs.rounds = calloc((size_t)rounds, sizeof cs.rounds[0]);
    assert_non_null(cs.rounds);

    for (int i = 1; i <= rounds; i++) {
        int status;
        long delay_us = i % 8 == 0 ? 60000 + rand() % 540000 : rand() % 60001;
        char *out = run_writer(path, i, delay_us, &status);
        if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
            fail_msg("round %d: the writer ended by itself (status %d): %s", i, status, out);
        struct round *r = &cs.rounds[i - 1];
        cs.count = i;
        parse_output(r, out, i);
        free(out);
        acked += r->acked_count;
        if (r->attempted == 0)
            before_first++;
        else if (!r->uuid[r->attempted][0])
            mid_add++;
        check_database(&cs, path, i);
    }
    print_message("crash test: %ld records acknowledged, %ld present, %ld kills inside "
                  "store_add_record, %ld before the first attempt\n",
                  acked, cs.present, mid_add, before_first);
    /* The test is blind unless writers got records through and were killed mid-write. */
    assert_true(acked > rounds);
    assert_true(mid_add > rounds / 4);
    for (int i = 0; i < rounds; i++) {
        free(cs.rounds[i].uuid);
        free(cs.rounds[i].seen);
    }
    free(cs.rounds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crash_kill9),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
