/*
** store_pin.c - checking host and admin PINs with a limit on wrong tries that survives restarts.
**
** Policy (reference notes, section 5): STORE_PIN_FREE_TRIES wrong PINs cost nothing, then each
** further failure makes the subject wait, 30 s doubling up to 15 min. A failure is committed
** before SD_EAUTH is returned, so pulling the power after a wrong PIN does not reset the count.
** The Pi has no real-time clock: when the wall clock is found before the last failure, the wait
** starts again from now rather than lasting until the clock catches up. PINs changed on the kiosk
** (pin_override) win over the pack's hashes. Hashing is pin.c's (Argon2id). Must not depend on SDL.
*/
#include "store_internal.h"

#include <string.h>

#include "err.h"
#include "log.h"
#include "pin.h"

struct store_pin_attempt {
    int64_t failures;
    int64_t last_failure;   /* wall time of the last wrong PIN */
    int64_t locked_until;   /* wall time before which no PIN is checked */
};

/* How long a subject waits after its failures-th wrong PIN in a row. */
static int64_t store_pin_wait_after(int64_t failures)
{
    if (failures < STORE_PIN_FREE_TRIES)
        return 0;
    int64_t wait = STORE_PIN_FIRST_WAIT_S;
    for (int64_t i = STORE_PIN_FREE_TRIES; i < failures && wait < STORE_PIN_MAX_WAIT_S; i++)
        wait *= 2;
    return wait < STORE_PIN_MAX_WAIT_S ? wait : STORE_PIN_MAX_WAIT_S;
}

static int store_pin_subject_ok(struct store *s, const char *subject)
{
    size_t n = subject ? strnlen(subject, PACK_ID_MAX) : 0;
    if (n > 0 && n < PACK_ID_MAX)
        return 1;
    store_set_error(s, SD_EINVAL, "no PIN subject, or it is too long");
    return 0;
}

/* The hash a PIN of subject is checked against: a PIN changed on the kiosk, else the pack's. */
static int store_pin_hash_for(struct store *s, const struct pack *p, const char *subject,
                              char hash[PIN_HASH_MAX])
{
    sqlite3_stmt *st;
    const char *from_pack = NULL;
    hash[0] = '\0';
    int rc = store_prepare(s, "SELECT pin_hash FROM pin_override WHERE subject = ?1", &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
    struct store_text changed = { hash, PIN_HASH_MAX, 0 };
    rc = store_row(s, st, store_row_text, &changed, "read PIN");
    if (rc == SD_ENOTFOUND)
        rc = SD_OK;
    if (rc != SD_OK || hash[0])
        return rc;
    if (p && strcmp(subject, "admin") == 0)
        from_pack = p->workplace.admin_pin_hash;
    for (int i = 0; p && !from_pack && i < p->host_count; i++)
        if (strcmp(p->hosts[i].id, subject) == 0)
            from_pack = p->hosts[i].pin_hash;
    if (!from_pack || !from_pack[0])
        return store_set_error(s, SD_ENOTFOUND, "no PIN is set for %s", subject);
    memcpy(hash, from_pack, PIN_HASH_MAX);
    hash[PIN_HASH_MAX - 1] = '\0';
    return SD_OK;
}

static int store_pin_attempt_row(void *arg, sqlite3_stmt *row)
{
    struct store_pin_attempt *a = arg;
    a->failures = sqlite3_column_int64(row, 0);
    a->last_failure = sqlite3_column_int64(row, 1);
    a->locked_until = sqlite3_column_int64(row, 2);
    return SD_OK;
}

static int store_pin_attempt_read(struct store *s, const char *subject,
                                  struct store_pin_attempt *a)
{
    sqlite3_stmt *st;
    memset(a, 0, sizeof *a);
    int rc = store_prepare(s, "SELECT failures, last_failure_wall, locked_until_wall "
                              "FROM pin_attempt WHERE subject = ?1", &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
    rc = store_row(s, st, store_pin_attempt_row, a, "read PIN attempts");
    return rc == SD_ENOTFOUND ? SD_OK : rc;
}

/* Inside a transaction: store a's values for subject (a->failures == 0 removes the row). */
static int store_pin_attempt_write(struct store *s, const char *subject,
                                   const struct store_pin_attempt *a)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, a->failures
                                  ? "INSERT INTO pin_attempt(subject, failures, last_failure_wall, "
                                    "locked_until_wall) VALUES(?1, ?2, ?3, ?4) "
                                    "ON CONFLICT(subject) DO UPDATE SET "
                                    "failures = excluded.failures, "
                                    "last_failure_wall = excluded.last_failure_wall, "
                                    "locked_until_wall = excluded.locked_until_wall"
                                  : "DELETE FROM pin_attempt WHERE subject = ?1",
                           &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
    if (a->failures) {
        sqlite3_bind_int64(st, 2, a->failures);
        sqlite3_bind_int64(st, 3, a->last_failure);
        sqlite3_bind_int64(st, 4, a->locked_until);
    }
    return store_step_done(s, st, "write PIN attempts");
}

/* One transaction around store_pin_attempt_write. */
static int store_pin_attempt_save(struct store *s, const char *subject,
                                  const struct store_pin_attempt *a)
{
    int rc = store_tx_begin(s);
    if (rc == SD_OK)
        rc = store_pin_attempt_write(s, subject, a);
    if (rc == SD_OK)
        return store_tx_commit(s);
    store_tx_rollback(s);
    return rc;
}

/* Count one more wrong PIN for subject at now, read and written in one transaction. */
static int store_pin_count_failure(struct store *s, const char *subject, int64_t now,
                                   int64_t *wait)
{
    struct store_pin_attempt a;
    int rc = store_tx_begin(s);
    if (rc == SD_OK)
        rc = store_pin_attempt_read(s, subject, &a);
    if (rc == SD_OK) {
        a.failures++;
        a.last_failure = now;
        *wait = store_pin_wait_after(a.failures);
        a.locked_until = now + *wait;
        rc = store_pin_attempt_write(s, subject, &a);
    }
    if (rc == SD_OK)
        return store_tx_commit(s);
    store_tx_rollback(s);
    return rc;
}

int store_pin_verify(struct store *s, const struct pack *p, const char *subject, const char *pin,
                     int *wait_s)
{
    struct store_pin_attempt a;
    char hash[PIN_HASH_MAX];
    int64_t wait = 0;
    int ignored;
    if (!wait_s)
        wait_s = &ignored;
    *wait_s = 0;
    if (!store_is_open(s))
        return SD_ERR;
    if (!store_pin_subject_ok(s, subject))
        return SD_EINVAL;
    int rc = store_pin_hash_for(s, p, subject, hash);
    if (rc != SD_OK)
        return rc;
    int64_t now = store_clock_read(s);
    rc = store_pin_attempt_read(s, subject, &a);
    if (rc != SD_OK)
        return rc;
    if (a.failures >= STORE_PIN_FREE_TRIES) {
        if (now < a.last_failure) {
            a.last_failure = now;
            a.locked_until = now + store_pin_wait_after(a.failures);
            rc = store_pin_attempt_save(s, subject, &a);
            if (rc != SD_OK)
                return rc;
        }
        if (now < a.locked_until) {
            int64_t left = a.locked_until - now;
            *wait_s = (int)(left < STORE_PIN_MAX_WAIT_S ? left : STORE_PIN_MAX_WAIT_S);
            return store_set_error(s, SD_ELOCKED, "too many wrong PINs for %s: %d s to wait",
                                   subject, *wait_s);
        }
    }
    if (pin_verify(hash, pin) == SD_OK) {
        if (a.failures > 0) {
            struct store_pin_attempt clear = { 0 };
            /* The PIN was right whatever happens here; a count left behind only costs tries. */
            if (store_pin_attempt_save(s, subject, &clear) != SD_OK)
                LOG_WARN("store: could not reset the PIN count of %s", subject);
        }
        return SD_OK;
    }
    rc = store_pin_count_failure(s, subject, now, &wait);
    if (rc == SD_EFULL && store_reclaim_space(s) == SD_OK)
        rc = store_pin_count_failure(s, subject, now, &wait);
    if (rc != SD_OK)
        return rc;
    *wait_s = (int)wait;
    return store_set_error(s, SD_EAUTH, "wrong PIN for %s", subject);
}

int store_pin_change(struct store *s, const char *subject, const char *new_pin)
{
    sqlite3_stmt *st;
    char hash[PIN_HASH_MAX];
    struct store_pin_attempt clear = { 0 };
    if (!store_is_open(s))
        return SD_ERR;
    if (!store_pin_subject_ok(s, subject))
        return SD_EINVAL;
    int rc = pin_hash(new_pin, hash);
    if (rc != SD_OK)
        return store_set_error(s, rc, "the new PIN must be %d to %d digits", PIN_MIN_DIGITS,
                               PIN_MAX_DIGITS);
    rc = store_tx_begin(s);
    if (rc == SD_OK)
        rc = store_prepare(s, "INSERT INTO pin_override(subject, pin_hash, changed_wall) "
                              "VALUES(?1, ?2, ?3) ON CONFLICT(subject) DO UPDATE SET "
                              "pin_hash = excluded.pin_hash, changed_wall = excluded.changed_wall",
                           &st);
    if (rc == SD_OK) {
        sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, store_clock_read(s));
        rc = store_step_done(s, st, "store PIN");
    }
    /* A new PIN starts with a clean count. */
    if (rc == SD_OK)
        rc = store_pin_attempt_write(s, subject, &clear);
    if (rc == SD_OK)
        return store_tx_commit(s);
    store_tx_rollback(s);
    return rc;
}

int store_pin_failures(struct store *s, const char *subject)
{
    struct store_pin_attempt a;
    if (!store_is_open(s))
        return SD_ERR;
    if (!store_pin_subject_ok(s, subject))
        return SD_EINVAL;
    int rc = store_pin_attempt_read(s, subject, &a);
    if (rc != SD_OK)
        return rc;
    return a.failures > 1000000 ? 1000000 : (int)a.failures;
}
