/*
** crash_writer.c - the process test_crash.c kills: it opens the store and adds check-ins in a
** loop until it is killed. Usage: crash_writer DATABASE TAG
**
** Each record's value is "TAG-N" (N counts this writer's attempts). Before each call it writes
** "attempt N", and only after store_add_record returned SD_OK "ok N UUID": one write(2) per line
** to an unbuffered pipe, so a line is either there whole or not at all when SIGKILL comes.
** Tests only.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "log.h"
#include "store.h"

static void crash_writer_say(const char *line, int len)
{
    while (len > 0) {
        ssize_t w = write(STDOUT_FILENO, line, (size_t)len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(3);
        line += w;
        len -= (int)w;
    }
}

int main(int argc, char **argv)
{
    struct store *s = NULL;
    char line[128];
    if (argc != 3) {
        fprintf(stderr, "usage: crash_writer DATABASE TAG\n");
        return 2;
    }
    log_set_level(LOG_LEVEL_ERROR);
    int rc = store_open(&s, argv[1], NULL);
    if (rc != SD_OK) {
        fprintf(stderr, "crash_writer: %s\n", store_errmsg(s));
        return 1;
    }
    for (long n = 1;; n++) {
        struct record r;
        memset(&r, 0, sizeof r);
        r.kind = RECORD_CHECKIN;
        snprintf(r.shadow_id, sizeof r.shadow_id, "shadow%ld", n % 7);
        snprintf(r.lang, sizeof r.lang, "fi");
        snprintf(r.value, sizeof r.value, "%s-%ld", argv[2], n);
        crash_writer_say(line, snprintf(line, sizeof line, "attempt %ld\n", n));
        rc = store_add_record(s, &r);
        if (rc == SD_OK)
            crash_writer_say(line, snprintf(line, sizeof line, "ok %ld %s\n", n, r.uuid));
        else
            crash_writer_say(line, snprintf(line, sizeof line, "fail %ld %d\n", n, rc));
    }
}
