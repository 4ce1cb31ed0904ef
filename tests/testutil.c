/*
** testutil.c - scratch folders, file helpers and command runner for the tests.
** Tests only; the product never links this.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

static char path_buf[8][PATH_MAX];
static int path_next;

static char *next_buf(void)
{
    char *b = path_buf[path_next];
    path_next = (path_next + 1) % 8;
    return b;
}

static void make_dirs(const char *path)
{
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(tmp, 0755);
            *p = '/';
        }
    }
    mkdir(tmp, 0755);
}

const char *tu_tmpdir(void)
{
    static unsigned counter;
    const char *base = getenv("SD_TEST_TMP");
    char *b = next_buf();
    if (!base || !*base)
        base = "/tmp/shadowday-test";
    make_dirs(base);
    snprintf(b, PATH_MAX, "%s/t%ld-%u-XXXXXX", base, (long)getpid(), counter++);
    if (!mkdtemp(b))
        fail_msg("mkdtemp %s: %s", b, strerror(errno));
    return b;
}

const char *tu_source_path(const char *rel)
{
    const char *root = getenv("SD_SOURCE_DIR");
    char *b = next_buf();
    snprintf(b, PATH_MAX, "%s/%s", root && *root ? root : ".", rel);
    return b;
}

const char *tu_build_path(const char *rel)
{
    const char *root = getenv("SD_BUILD_DIR");
    char *b = next_buf();
    snprintf(b, PATH_MAX, "%s/%s", root && *root ? root : ".", rel);
    return b;
}

void tu_write_file(const char *dir, const char *name, const char *data, long len)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    make_dirs(path);
    *slash = '/';
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("open %s: %s", path, strerror(errno));
    size_t n = len < 0 ? strlen(data) : (size_t)len;
    if (fwrite(data, 1, n, f) != n || fclose(f) != 0)
        fail_msg("write %s failed", path);
}

char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

void tu_copy_dir(const char *src, const char *dst)
{
    char cmd[PATH_MAX * 2 + 32];
    make_dirs(dst);
    snprintf(cmd, sizeof cmd, "cp -R '%s/.' '%s/'", src, dst);
    if (system(cmd) != 0)
        fail_msg("copy %s to %s failed", src, dst);
}

void tu_remove_tree(const char *path)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        fail_msg("rm -rf %s failed", path);
}

unsigned char *tu_bytes(size_t len, unsigned seed)
{
    unsigned char *p = malloc(len ? len : 1);
    assert_non_null(p);
    for (size_t i = 0; i < len; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (unsigned char)(seed >> 16);
    }
    return p;
}

int tu_run(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, p)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
    }
    int status = pclose(p);
    if (buf)
        buf[n] = '\0';
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
