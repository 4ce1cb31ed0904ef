/*
** export_maker.c - makes kiosk exports for the shell tests (collect_cli.sh, csv_libreoffice.sh).
**
**   export_maker day OUTDIR [-k KEYFILE] [-n SHADOWS] [-c CARDS] [-w WORKPLACE] [--png]
**       a kiosk with a day of records: a USB export in OUTDIR/stick and QR codes (scanned out
**       of order) in OUTDIR/scans.txt; prints usb_folder=, usb_receipt=, qr_receipt=,
**       qr_codes=, qr_bytes= (the payload the codes carry), records=, kiosk= lines.
**       -c: the pack has CARDS safety cards (3 to 20, each in fi, sv and en) and every shadow
**       acknowledges them all. --png: each code also as OUTDIR/code-<i>.png, 4 pixels a module,
**       as the kiosk's 800x480 screen shows it.
**   export_maker tricky OUTDIR
**       comments full of spreadsheet traps in a USB export (prints usb_folder=), and
**       OUTDIR/cells.csv written directly with csv_write (also a CR, which no record can hold).
** Test helper only; never installed.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "export_fixture.h"
#include "qrimage.h"

#include "base45.h"
#include "csv_write.h"
#include "export.h"
#include "keyfile.h"
#include "qrparts.h"

/* The traps: formulas, a tab, quotes and a comma, line breaks, letters beyond ASCII. */
static const char *const traps[] = {
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=2+2", "\"a,b\"", "rivi 1\nrivi 2", "Hyvä päivä, ÅÄÖ åäö",
    "=HYPERLINK(\"x\",\"y\")", "-2+3",
};

static int usage(void)
{
    fprintf(stderr, "usage: export_maker day OUTDIR [-k KEYFILE] [-n SHADOWS] [-c CARDS] [-w WORKPLACE] [--png]\n"
                    "       export_maker tricky OUTDIR\n");
    return 2;
}

/* Cards beyond the fixture's three, translated, written over its safety.csv. */
static void write_cards(const char *pack_dir, int cards)
{
    char buf[16384];
    int n = snprintf(buf, sizeof buf, "id,icon,title,title_sv,title_en,text,text_sv,text_en\n"
                     "fire,fire,Tulipalo,Brand,Fire,Poistu ulos.,Gå ut.,Go outside.\n"
                     "hot,hot,Kuuma,Varmt,Hot,Kahvinkeitin on kuuma.,Kaffekokaren är varm.,"
                     "The coffee maker is hot.\n"
                     "hygiene,hygiene,Käsienpesu,Handtvätt,Hand washing,Pese kädet.,Tvätta händerna.,"
                     "Wash your hands.\n");
    for (int i = 3; i < cards; i++)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "card%d,ask,Ohje %d,Anvisning %d,Rule %d,"
                      "Kysy ohjaajalta ohje %d.,Fråga handledaren om anvisning %d.,"
                      "Ask your escort about rule %d.\n", i, i, i, i, i, i, i);
    tu_write_file(pack_dir, "safety.csv", buf, n);
}

/* Every shadow acknowledges the cards fx_day leaves out, in the language of its check-in. */
static void ack_more_cards(struct fixture *f)
{
    struct fx_records all;
    fx_records(f->s, 0, &all);
    for (int i = 0; i < all.count; i++)
        if (all.items[i].kind == RECORD_CHECKIN)
            for (int c = 3; c < f->pack->safety_count; c++)
                fx_add(f, RECORD_SAFETY_ACK, all.items[i].uuid, NULL, NULL, f->pack->safety[c].id,
                       "understood", all.items[i].lang);
    free(all.items);
}

/* Each code as code-<i>.png in out, as the 800x480 screen draws it (4 pixels a module). */
static void write_pngs(const char *out, const struct qrparts *parts)
{
    for (int i = 0; i < parts->count; i++) {
        struct qi_canvas c;
        char name[32];
        size_t len;
        qi_canvas_new(&c, (17 + 4 * QRPARTS_MAX_VERSION + 2 * QRCODE_QUIET_ZONE) * 4,
                      (17 + 4 * QRPARTS_MAX_VERSION + 2 * QRCODE_QUIET_ZONE) * 4);
        qi_draw_code(&c, parts->parts[i], QRPARTS_MAX_VERSION, 0, 0, 4);
        unsigned char *png = qi_png(&c, &len);
        snprintf(name, sizeof name, "code-%d.png", i + 1);
        tu_write_file(out, name, (const char *)png, (long)len);
        free(png);
        qi_canvas_free(&c);
    }
}

/* The bytes the codes carry: their Base45 text decoded. */
static size_t parts_bytes(const struct qrparts *parts)
{
    size_t n = 0;
    for (int i = 0; i < parts->count; i++) {
        struct qrparts_frame f;
        if (qrparts_read_frame(parts->parts[i], strlen(parts->parts[i]), &f) == SD_OK)
            n += base45_decoded_len(f.data_len);
    }
    return n;
}

static int make_day(const char *out, int argc, char **argv)
{
    const char *key_file = NULL, *workplace = "Kahvila Aurinko";
    int shadows = 10, cards = 3, pngs = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-k") == 0 && i + 1 < argc)
            key_file = argv[++i];
        else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            shadows = atoi(argv[++i]);
        else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
            cards = atoi(argv[++i]);
        else if (strcmp(argv[i], "-w") == 0 && i + 1 < argc)
            workplace = argv[++i];
        else if (strcmp(argv[i], "--png") == 0)
            pngs = 1;
        else
            return usage();
    }
    if (shadows < 1 || shadows > 99 || cards < 3 || cards > 20)
        return usage();
    char b64[CRYPT_PUBLIC_B64_SIZE];
    if (key_file) {
        unsigned char pk[CRYPT_KEY_BYTES];
        if (keyfile_read_public(key_file, pk) != SD_OK) {
            fprintf(stderr, "export_maker: cannot read %s\n", key_file);
            return 1;
        }
        crypt_public_to_base64(pk, b64);
    }
    struct fixture f;
    fx_open(&f, workplace, shadows, key_file ? b64 : NULL);
    if (cards > 3) {    /* the same pack with more cards, installed before any record */
        write_cards(f.pack_dir, cards);
        pack_free(f.pack);
        f.pack = fx_read_pack(f.pack_dir);
        if (store_pack_install(f.s, f.pack) != SD_OK) {
            fprintf(stderr, "export_maker: %s\n", store_errmsg(f.s));
            return 1;
        }
    }
    fx_day(&f, shadows, "=1+1 <b>lihava</b>");
    if (cards > 3)
        ack_more_cards(&f);
    char stick[PATH_MAX + 16];
    snprintf(stick, sizeof stick, "%s/stick", out);
    tu_write_file(stick, ".keep", "", 0);
    struct export_result usb, qr;
    struct qrparts parts;
    if (export_to_usb(f.s, stick, NULL, NULL, &usb) != SD_OK) {
        fprintf(stderr, "export_maker: USB export: %s\n", usb.message);
        return 1;
    }
    f.clk.now += 60;
    if (export_to_qr(f.s, &parts, &qr) != SD_OK) {
        fprintf(stderr, "export_maker: QR export: %s\n", qr.message);
        return 1;
    }
    /* As a phone app would save them: every other code first, then the rest, one twice. */
    size_t cap = (size_t)(parts.count + 2) * 1100, off = 0;
    char *text = malloc(cap);
    for (int pass = 0; pass < 2; pass++)
        for (int i = pass; i < parts.count; i += 2)
            off += (size_t)snprintf(text + off, cap - off, "%s\n\n", parts.parts[i]);
    off += (size_t)snprintf(text + off, cap - off, "  %s  \n", parts.parts[0]);
    tu_write_file(out, "scans.txt", text, (long)off);
    free(text);
    if (pngs)
        write_pngs(out, &parts);
    printf("usb_folder=%s\nusb_receipt=%s\nqr_receipt=%s\nqr_codes=%d\nqr_bytes=%zu\n"
           "records=%d\nkiosk=%s\n", usb.folder, usb.receipt_code, qr.receipt_code, parts.count,
           parts_bytes(&parts), usb.record_count, store_kiosk_id(f.s));
    qrparts_free(&parts);
    fx_close(&f);
    return 0;
}

static int make_tricky(const char *out)
{
    int n = (int)(sizeof traps / sizeof traps[0]);
    struct fixture f;
    fx_open(&f, "=Työpaikka, \"Oy\"", n, NULL);
    fx_day(&f, n, NULL);
    /* Each shadow's last comment is one trap (the latest answer is the one in answers.csv). */
    struct fx_records all;
    fx_records(f.s, 0, &all);
    int k = 0;
    for (int i = 0; i < all.count && k < n; i++)
        if (all.items[i].kind == RECORD_CHECKIN)
            fx_add(&f, RECORD_ANSWER, all.items[i].uuid, NULL, NULL, "comment", traps[k++], "fi");
    free(all.items);
    char stick[PATH_MAX + 16];
    snprintf(stick, sizeof stick, "%s/stick", out);
    tu_write_file(stick, ".keep", "", 0);
    struct export_result usb;
    if (export_to_usb(f.s, stick, NULL, NULL, &usb) != SD_OK) {
        fprintf(stderr, "export_maker: USB export: %s\n", usb.message);
        return 1;
    }
    printf("usb_folder=%s\n", usb.folder);
    fx_close(&f);

    /* One cell per row, straight from the writer, with CR cases no record can hold. */
    struct csv_writer w;
    char *data;
    size_t len;
    csv_writer_init(&w);
    csv_write_field(&w, "cell");
    csv_write_end_row(&w);
    for (int i = 0; i < n; i++) {
        csv_write_field(&w, traps[i]);
        csv_write_end_row(&w);
    }
    csv_write_field(&w, "\r=3+3");
    csv_write_end_row(&w);
    csv_write_field(&w, "a\r\nb");
    csv_write_end_row(&w);
    csv_write_number(&w, -42);
    csv_write_end_row(&w);
    if (csv_writer_finish(&w, &data, &len) != SD_OK)
        return 1;
    tu_write_file(out, "cells.csv", data, (long)len);
    free(data);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    if (strcmp(argv[1], "day") == 0)
        return make_day(argv[2], argc - 3, argv + 3);
    if (strcmp(argv[1], "tricky") == 0 && argc == 3)
        return make_tricky(argv[2]);
    return usage();
}
