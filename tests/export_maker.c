/*
** export_maker.c - makes kiosk exports for the shell tests (collect_cli.sh, csv_libreoffice.sh).
**
**   export_maker day OUTDIR [-k KEYFILE] [-n SHADOWS] [-w WORKPLACE]
**       a kiosk with a day of records: a USB export in OUTDIR/stick and QR codes (scanned out
**       of order) in OUTDIR/scans.txt; prints usb_folder=, usb_receipt=, qr_receipt=,
**       qr_codes=, records=, kiosk= lines.
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

#include "csv_write.h"
#include "export.h"
#include "qrparts.h"

/* The traps: formulas, a tab, quotes and a comma, line breaks, letters beyond ASCII. */
static const char *const traps[] = {
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=2+2", "\"a,b\"", "rivi 1\nrivi 2", "Hyvä päivä, ÅÄÖ åäö",
    "=HYPERLINK(\"x\",\"y\")", "-2+3",
};

static int usage(void)
{
    fprintf(stderr, "usage: export_maker day OUTDIR [-k KEYFILE] [-n SHADOWS] [-w WORKPLACE]\n"
                    "       export_maker tricky OUTDIR\n");
    return 2;
}

static int make_day(const char *out, int argc, char **argv)
{
    const char *key_file = NULL, *workplace = "Kahvila Aurinko";
    int shadows = 10;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-k") == 0 && i + 1 < argc)
            key_file = argv[++i];
        else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            shadows = atoi(argv[++i]);
        else if (strcmp(argv[i], "-w") == 0 && i + 1 < argc)
            workplace = argv[++i];
        else
            return usage();
    }
    if (shadows < 1 || shadows > 99)
        return usage();
    char b64[CRYPT_PUBLIC_B64_SIZE];
    if (key_file) {
        struct crypt_keypair kp;
        if (crypt_key_file_read(key_file, &kp) != SD_OK) {
            fprintf(stderr, "export_maker: cannot read %s\n", key_file);
            return 1;
        }
        crypt_public_to_base64(kp.pk, b64);
        crypt_keypair_wipe(&kp);
    }
    struct fixture f;
    fx_open(&f, workplace, shadows, key_file ? b64 : NULL);
    fx_day(&f, shadows, "=1+1 <b>lihava</b>");
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
    printf("usb_folder=%s\nusb_receipt=%s\nqr_receipt=%s\nqr_codes=%d\nrecords=%d\nkiosk=%s\n",
           usb.folder, usb.receipt_code, qr.receipt_code, parts.count, usb.record_count,
           store_kiosk_id(f.s));
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
