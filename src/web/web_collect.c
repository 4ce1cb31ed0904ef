/*
** web_collect.c - "Collect" in the page: the calls `shadowday collect` makes (keyfile_read,
** collect_new, collect_add_path per input, collect_write), one input per call so the page can
** move its progress bar between them. Nothing is written unless the key opened: a wrong key or
** passphrase stops at web_collect_begin. The page's test compares what this writes with the
** CLI's output byte for byte. Must not depend on SQLite or SDL.
*/
#include <emscripten.h>
#include <stdint.h>
#include <stdio.h>

#include "collect.h"
#include "err.h"
#include "keyfile.h"
#include "web_api.h"

static struct {
    struct collect *c;
    char text[16];
} web_collect;

EMSCRIPTEN_KEEPALIVE void web_collect_end(void)
{
    collect_free(web_collect.c);
    web_collect.c = NULL;
}

EMSCRIPTEN_KEEPALIVE int web_collect_begin(const char *key_path, const char *passphrase)
{
    struct crypt_keypair key;
    int rc = SD_OK;
    web_collect_end();
    if (key_path && *key_path && (rc = keyfile_read(key_path, passphrase, &key)) != SD_OK)
        return rc;
    rc = collect_new(&web_collect.c, key_path && *key_path ? &key : NULL);
    if (key_path && *key_path)
        crypt_keypair_wipe(&key);
    if (rc != SD_OK)
        web_collect_end();
    return rc;
}

EMSCRIPTEN_KEEPALIVE int web_collect_add(const char *path)
{
    return web_collect.c ? collect_add_path(web_collect.c, path) : SD_EINVAL;
}

EMSCRIPTEN_KEEPALIVE int web_collect_write(const char *out_dir, double now, int offset_min)
{
    return web_collect.c ? collect_write(web_collect.c, out_dir, (int64_t)now, offset_min) : SD_EINVAL;
}

EMSCRIPTEN_KEEPALIVE int web_collect_record_count(void)
{
    return web_collect.c ? collect_record_count(web_collect.c) : 0;
}

EMSCRIPTEN_KEEPALIVE int web_collect_duplicate_count(void)
{
    return web_collect.c ? collect_duplicate_count(web_collect.c) : 0;
}

EMSCRIPTEN_KEEPALIVE int web_collect_problem_count(void)
{
    return web_collect.c ? collect_problem_count(web_collect.c) : 0;
}

EMSCRIPTEN_KEEPALIVE const char *web_collect_problem(int i)
{
    const char *p = web_collect.c ? collect_problem(web_collect.c, i) : NULL;
    return p ? p : "";
}

EMSCRIPTEN_KEEPALIVE int web_collect_receipt_count(void)
{
    return web_collect.c ? collect_receipt_count(web_collect.c) : 0;
}

static const struct collect_receipt *web_receipt(int i)
{
    return web_collect.c ? collect_receipt_get(web_collect.c, i) : NULL;
}

EMSCRIPTEN_KEEPALIVE const char *web_collect_receipt_kiosk(int i)
{
    return web_receipt(i) ? web_receipt(i)->kiosk_id : "";
}

EMSCRIPTEN_KEEPALIVE const char *web_collect_receipt_batch(int i)
{
    return web_receipt(i) ? web_receipt(i)->batch : "";
}

/* "1234 5678", as the CLI prints it and the kiosk's keypad takes it. */
EMSCRIPTEN_KEEPALIVE const char *web_collect_receipt_code(int i)
{
    const struct collect_receipt *r = web_receipt(i);
    snprintf(web_collect.text, sizeof web_collect.text, "%.4s %.4s", r ? r->code : "", r ? r->code + 4 : "");
    return web_collect.text;
}

EMSCRIPTEN_KEEPALIVE int web_collect_receipt_records(int i)
{
    return web_receipt(i) ? web_receipt(i)->record_count : 0;
}
