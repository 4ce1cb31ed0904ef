/*
** export_fixture.h - a kiosk with a day pack and a day of records, for the export and collect
** tests (test_export.c, test_collect.c). Header-only (static functions): each test program
** includes it once, after cmocka.h and testutil.h.
*/
#ifndef SD_EXPORT_FIXTURE_H
#define SD_EXPORT_FIXTURE_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypt.h"
#include "err.h"
#include "pack.h"
#include "pin.h"
#include "store.h"

#define FX_T0 INT64_C(1807768800)        /* 2027-04-15T09:00:00+03:00 */
#define FX_DAY "2027-04-15"
/* Each program uses some of these helpers. */
#define FX_FN __attribute__((unused)) static

struct fx_clock {
    int64_t now;
};

FX_FN int64_t fx_clock_read(void *arg)
{
    return ((struct fx_clock *)arg)->now;
}

struct fixture {
    char dir[PATH_MAX];             /* scratch folder of this kiosk */
    char db[PATH_MAX + 16];
    char pack_dir[PATH_MAX + 16];
    struct store *s;
    struct fx_clock clk;
    struct pack *pack;
};

/* A host PIN hash made once per test program (Argon2 is slow on purpose). */
FX_FN const char *fx_pin_hash(void)
{
    static char hash[PIN_HASH_MAX];
    if (!hash[0] && pin_hash("2468", hash) != SD_OK)
        fail_msg("pin_hash");
    return hash;
}

static const char *const fx_first_names[] = {
    "Matti", "Åsa", "Päivi", "Jussi", "Öljy", "Liam", "Sanna", "Ville", "Aino", "Eero",
    "Minna", "Otto",
};

/*
** Write a day pack folder with `shadows` shadows (at most 99), two hosts, three safety cards,
** four shadow questions and one host question; key_b64 (may be NULL) is the coordinator key.
*/
FX_FN void fx_write_pack(const char *dir, const char *workplace, int shadows, const char *key_b64)
{
    char buf[16384], quoted[512];
    size_t q = 0;
    for (const char *p = workplace; *p && q + 3 < sizeof quoted; p++) {
        if (*p == '"')
            quoted[q++] = '"';
        quoted[q++] = *p;
    }
    quoted[q] = '\0';
    int n = snprintf(buf, sizeof buf,
                     "key,value\nname,\"%s\"\ndate," FX_DAY "\ncontact_phone,+358 40 123 4567\n"
                     "end_of_day,16:00\ndefault_language,fi\nadmin_pin_hash,\"%s\"\n",
                     quoted, fx_pin_hash());
    if (key_b64)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "coordinator_public_key,%s\n", key_b64);
    tu_write_file(dir, "workplace.csv", buf, n);
    n = snprintf(buf, sizeof buf, "id,name,role,pin_hash\nliisa,Liisa,barista,\"%s\"\npekka,Pekka,kokki,\"%s\"\n",
                 fx_pin_hash(), fx_pin_hash());
    tu_write_file(dir, "hosts.csv", buf, n);
    n = snprintf(buf, sizeof buf, "id,first_name,escort,agreement_signed\n");
    for (int i = 0; i < shadows; i++)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "s%02d,%s,%s,yes\n", i + 1,
                      fx_first_names[i % 12], i % 2 ? "pekka" : "liisa");
    tu_write_file(dir, "shadows.csv", buf, n);
    tu_write_file(dir, "plan.csv", "shadow,start,end,kind,title\n*,09:00,12:00,work,Kahvinkeitto\n"
                  "*,12:00,12:30,lunch,Lounas\n", -1);
    tu_write_file(dir, "safety.csv", "id,icon,title,text\nfire,fire,Tulipalo,Poistu ulos.\n"
                  "hot,hot,Kuuma,Kahvinkeitin on kuuma.\nhygiene,hygiene,Käsienpesu,Pese kädet.\n", -1);
    tu_write_file(dir, "questions.csv", "id,audience,text\nq1,shadow,Oliko päivä kiva?\n"
                  "q2,shadow,Opitko uutta?\nq3,shadow,Saitko apua?\nq4,shadow,Haluaisitko tänne töihin?\n"
                  "h1,host,Oliko seuraaja kiinnostunut?\n", -1);
}

FX_FN struct pack *fx_read_pack(const char *dir)
{
    struct pack_source src = { 0 };
    struct pack_report rep;
    struct pack *p = NULL;
    pack_report_init(&rep);
    int rc = pack_source_read_dir(&src, dir, &rep);
    if (rc == SD_OK)
        rc = pack_parse(&p, &src, 1, &rep);
    if (rc != SD_OK) {
        char line[400];
        for (int i = 0; i < rep.count; i++)
            fprintf(stderr, "pack: %s\n", pack_problem_format(&rep.problems[i], line, sizeof line));
        fail_msg("the test pack does not parse: %d", rc);
    }
    pack_report_free(&rep);
    pack_source_free(&src);
    return p;
}

/* A kiosk in a new scratch folder with the pack installed. */
FX_FN void fx_open(struct fixture *f, const char *workplace, int shadows, const char *key_b64)
{
    memset(f, 0, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "%s", tu_tmpdir());
    snprintf(f->db, sizeof f->db, "%s/data/kiosk.db", f->dir);
    snprintf(f->pack_dir, sizeof f->pack_dir, "%s/pack", f->dir);
    fx_write_pack(f->pack_dir, workplace, shadows, key_b64);
    f->pack = fx_read_pack(f->pack_dir);
    f->clk.now = FX_T0;
    struct store_options opt = { .vfs = NULL, .build_epoch = FX_T0 - 30 * 86400 };
    int rc = store_open(&f->s, f->db, &opt);
    if (rc != SD_OK)
        fail_msg("store_open: %s", store_errmsg(f->s));
    store_set_time_source(f->s, fx_clock_read, &f->clk);
    if ((rc = store_pack_install(f->s, f->pack)) != SD_OK)
        fail_msg("store_pack_install: %s", store_errmsg(f->s));
}

FX_FN void fx_reopen(struct fixture *f)
{
    store_close(f->s);
    f->s = NULL;
    struct store_options opt = { .vfs = NULL, .build_epoch = FX_T0 - 30 * 86400 };
    if (store_open(&f->s, f->db, &opt) != SD_OK)
        fail_msg("store_open: %s", store_errmsg(f->s));
    store_set_time_source(f->s, fx_clock_read, &f->clk);
}

FX_FN void fx_close(struct fixture *f)
{
    store_close(f->s);
    pack_free(f->pack);
    f->s = NULL;
    f->pack = NULL;
}

FX_FN struct record fx_add(struct fixture *f, int kind, const char *visit, const char *shadow,
                            const char *host, const char *item, const char *value, const char *lang)
{
    struct record r;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    snprintf(r.visit, sizeof r.visit, "%s", visit ? visit : "");
    snprintf(r.shadow_id, sizeof r.shadow_id, "%s", shadow ? shadow : "");
    snprintf(r.host_id, sizeof r.host_id, "%s", host ? host : "");
    snprintf(r.item, sizeof r.item, "%s", item ? item : "");
    snprintf(r.value, sizeof r.value, "%s", value ? value : "");
    snprintf(r.lang, sizeof r.lang, "%s", lang ? lang : "");
    if (kind == RECORD_SAFETY_ACK) {
        const struct pack_safety_card *card = NULL;
        for (int i = 0; i < f->pack->safety_count; i++)
            if (strcmp(f->pack->safety[i].id, item) == 0)
                card = &f->pack->safety[i];
        assert_non_null(card);
        pack_safety_hash(card, lang, r.content_hash);
    }
    f->clk.now += 37;
    int rc = store_add_record(f->s, &r);
    if (rc != SD_OK)
        fail_msg("store_add_record: %d %s", rc, store_errmsg(f->s));
    return r;
}

/*
** A day of `shadows` visits: check-in, escort, safety (the first card understood, the second a
** question for every third shadow, the third not acknowledged by odd shadows), answers, "what
** next?", a comment (comment for shadow 1, when given), done for all but every fourth, check-out
** and a host evaluation. Shadow 2's records get a suspect clock. About 16 records a shadow.
*/
FX_FN void fx_day(struct fixture *f, int shadows, const char *comment)
{
    static const char *const langs[] = { "fi", "sv", "en" };
    static const char *const nexts[] = { "try_again", "study_field", "other_field", "dont_know" };
    static const char *const values[] = { "4", "3", "2", "1", "skip" };
    for (int i = 0; i < shadows; i++) {
        char shadow[16];
        snprintf(shadow, sizeof shadow, "s%02d", i + 1);
        const char *lang = langs[i % 3];
        if (i == 1)
            f->clk.now -= 3600;     /* the clock went back: suspect from here */
        struct record in = fx_add(f, RECORD_CHECKIN, NULL, shadow, NULL, NULL, NULL, lang);
        const char *v = in.uuid;
        fx_add(f, RECORD_ESCORT, v, NULL, i % 2 ? "pekka" : "liisa", NULL, NULL, NULL);
        fx_add(f, RECORD_SAFETY_ACK, v, NULL, NULL, "fire", "understood", lang);
        fx_add(f, RECORD_SAFETY_ACK, v, NULL, NULL, "hot", i % 3 == 0 ? "question" : "understood", lang);
        if (i % 2 == 0)
            fx_add(f, RECORD_SAFETY_ACK, v, NULL, NULL, "hygiene", "understood", lang);
        fx_add(f, RECORD_ANSWER, v, NULL, NULL, "q1", values[i % 5], lang);
        fx_add(f, RECORD_ANSWER, v, NULL, NULL, "q2", values[(i + 1) % 5], lang);
        fx_add(f, RECORD_ANSWER, v, NULL, NULL, "q2", values[(i + 2) % 5], lang); /* changed */
        fx_add(f, RECORD_ANSWER, v, NULL, NULL, "q3", values[(i + 3) % 5], lang);
        fx_add(f, RECORD_ANSWER, v, NULL, NULL, "q4", values[(i + 4) % 5], lang);
        fx_add(f, RECORD_ANSWER, v, NULL, NULL, "next", nexts[i % 4], lang);
        fx_add(f, RECORD_ANSWER, v, NULL, NULL, "comment",
               i == 0 && comment ? comment : "Kiva päivä, kiitos!", lang);
        if (i % 4 != 3)
            fx_add(f, RECORD_ANSWER, v, NULL, NULL, "done", "", lang);
        fx_add(f, RECORD_CHECKOUT, v, NULL, i % 2 ? NULL : "liisa", NULL, i % 2 ? "self" : "host", NULL);
        fx_add(f, RECORD_HOST_EVAL, v, NULL, "liisa", "h1", values[i % 5], NULL);
        if (i == 1)
            f->clk.now += 7200;     /* and forward again */
    }
}

/* Every record of the store, in seq order. */
struct fx_records {
    struct record *items;
    int count, cap;
};

FX_FN int fx_collect_cb(void *arg, const struct record *r)
{
    struct fx_records *l = arg;
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->items = realloc(l->items, (size_t)l->cap * sizeof *l->items);
        assert_non_null(l->items);
    }
    l->items[l->count++] = *r;
    return 0;
}

FX_FN void fx_records(struct store *s, int undelivered_only, struct fx_records *out)
{
    memset(out, 0, sizeof *out);
    assert_int_equal(store_records_each(s, undelivered_only, fx_collect_cb, out), SD_OK);
}

FX_FN int64_t fx_count(struct store *s, int undelivered_only)
{
    int64_t n = -1;
    assert_int_equal(store_count_records(s, undelivered_only, &n), SD_OK);
    return n;
}

#endif
