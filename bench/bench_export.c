/*
** bench_export.c - how long the export paths take with a big day:
** The pack is the sample pack with a shadow for every visit (shadows.csv is written here); the
** many kiosks share one of a usual size.
**   fill     a scratch kiosk store with --records records (store_add_record, one durable
**            transaction each): the latency of saving one record, median and p95;
**   export   export_to_usb of all of them into a fresh folder, --runs times (every run carries
**            every record: none is marked delivered);
**   collect  `collect` (collect_add_path of each, then collect_write) of --kiosks exports of
**            --kiosk-records records each, made by as many scratch kiosks, --runs times; and of
**            the one big export.
**   build-bench/bench_export [--records N] [--runs N] [--kiosks N] [--kiosk-records N] [--pack DIR]
**                            [--keep]   (keep the scratch folder)
** Scratch files go under $TMPDIR (default /tmp), which is the disk they are timed on.
** Prints Markdown tables for docs/performance.md. Never a test: nothing is asserted.
*/
#define _XOPEN_SOURCE 700      /* nftw */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"
#include "err.h"
#include "export.h"
#include "i18n.h"
#include "pack.h"
#include "store.h"

#ifndef BENCH_PACK_DIR
#define BENCH_PACK_DIR "assets/sample-pack/shadowday"
#endif

#define BENCH_T0 INT64_C(1807768800)       /* 2027-04-15T09:00:00+03:00, the sample pack's day */

enum { BENCH_MAX_RUNS = 100 };

struct bench_clock {
    int64_t now;
};

static int64_t bench_clock_read(void *arg)
{
    return ((struct bench_clock *)arg)->now;
}

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds this process used so far (user + system). */
static double bench_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

struct bench_stats {
    double median, min, max, p95;
};

/* Sorts v. */
static struct bench_stats bench_stats_of(double *v, int n)
{
    struct bench_stats st = { 0, 0, 0, 0 };
    if (n <= 0)
        return st;
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    int k = (int)(0.95 * n + 0.999999) - 1;
    st.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    st.min = v[0];
    st.max = v[n - 1];
    st.p95 = v[k < 0 ? 0 : k >= n ? n - 1 : k];
    return st;
}

static int bench_remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* Bytes in the files under path (one level of folders is enough for an export). */
static long long bench_du(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return (long long)st.st_size;
    long long sum = 0;
    DIR *d = opendir(path);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        char sub[PATH_MAX];
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
        sum += bench_du(sub);
    }
    if (d)
        closedir(d);
    return sum;
}

/* The export's own progress steps, timed: files written (the first includes building the JSON
** and CSV), then each read back, then the note in the database. */
struct bench_progress {
    double start, at[64];
    int total;
};

static void bench_progress_step(void *arg, int done, int total)
{
    struct bench_progress *p = arg;
    if (done >= 0 && done < 64)
        p->at[done] = bench_now();
    p->total = total;
}

/* ---------------------------------------------------------------- a kiosk with records */

struct bench_kiosk {
    struct store *s;
    struct bench_clock clock;
    const struct pack *p;
    char visit[37];
    int shadow;           /* the next shadow to check in */
    int step;             /* the next record of the visit in progress */
};

static int bench_kiosk_open(struct bench_kiosk *k, const char *db, const struct pack *p)
{
    struct store_options opt = { .vfs = NULL, .build_epoch = BENCH_T0 - 30 * 86400 };
    memset(k, 0, sizeof *k);
    k->p = p;
    k->clock.now = BENCH_T0;
    int rc = store_open(&k->s, db, &opt);
    if (rc != SD_OK) {
        fprintf(stderr, "bench_export: %s: %s\n", db, k->s ? store_errmsg(k->s) : sd_strerror(rc));
        return rc;
    }
    store_set_time_source(k->s, bench_clock_read, &k->clock);
    rc = store_pack_install(k->s, p);
    if (rc != SD_OK)
        fprintf(stderr, "bench_export: installing the pack: %s\n", store_errmsg(k->s));
    return rc;
}

/*
** The next record of a day: visits one after another, each a check-in, the escort, every safety
** card understood, an answer to every shadow question, "what next", a comment, "done", the
** check-out and the host's answers (about 20 records with the sample pack's default questions).
*/
static int bench_kiosk_add(struct bench_kiosk *k)
{
    static const char *const comments[] = {
        "Kiva päivä, kiitos!", "Opin paljon uutta kahvinkeitosta.", "Lounas oli hyvä.",
        "Haluaisin tulla kesätöihin, jos se on mahdollista.",
    };
    const struct pack *p = k->p;
    const struct pack_shadow *sh = &p->shadows[k->shadow % p->shadow_count];
    struct record r;
    memset(&r, 0, sizeof r);
    snprintf(r.visit, sizeof r.visit, "%s", k->visit);
    snprintf(r.lang, sizeof r.lang, "fi");
    int step = k->step, n_safety = p->safety_count, n_q = p->question_count;
    if (step == 0) {
        r.kind = RECORD_CHECKIN;
        r.visit[0] = '\0';
        snprintf(r.shadow_id, sizeof r.shadow_id, "%s", sh->id);
    } else if (step == 1) {
        r.kind = RECORD_ESCORT;
        snprintf(r.host_id, sizeof r.host_id, "%s", sh->escort_id);
    } else if (step < 2 + n_safety) {
        const struct pack_safety_card *c = &p->safety[step - 2];
        r.kind = RECORD_SAFETY_ACK;
        snprintf(r.item, sizeof r.item, "%s", c->id);
        snprintf(r.value, sizeof r.value, "understood");
        pack_safety_hash(c, r.lang, r.content_hash);
    } else if (step < 2 + n_safety + n_q) {
        const struct pack_question *q = &p->questions[step - 2 - n_safety];
        snprintf(r.item, sizeof r.item, "%s", q->id);
        snprintf(r.value, sizeof r.value, "%d", 1 + (k->shadow + step) % 4);
        if (q->audience == AUDIENCE_HOST) {
            r.kind = RECORD_HOST_EVAL;
            snprintf(r.host_id, sizeof r.host_id, "%s", sh->escort_id);
        } else {
            r.kind = RECORD_ANSWER;
        }
    } else {
        static const char *const tail[] = { "next", "comment", "done", "checkout" };
        int t = step - 2 - n_safety - n_q;
        r.kind = t == 3 ? RECORD_CHECKOUT : RECORD_ANSWER;
        if (t == 0)
            snprintf(r.value, sizeof r.value, "study_field");
        else if (t == 1)
            snprintf(r.value, sizeof r.value, "%s", comments[k->shadow % 4]);
        else if (t == 3)
            snprintf(r.value, sizeof r.value, "self");
        if (t < 3)
            snprintf(r.item, sizeof r.item, "%s", tail[t]);
        else
            r.lang[0] = '\0';
    }
    k->clock.now += 2;
    int rc = store_add_record(k->s, &r);
    if (rc != SD_OK) {
        fprintf(stderr, "bench_export: a %s record was refused: %s\n", record_kind_name(r.kind),
                store_errmsg(k->s));
        return rc;
    }
    if (step == 0)
        snprintf(k->visit, sizeof k->visit, "%s", r.uuid);
    k->step = step + 1;
    if (k->step == 2 + n_safety + n_q + 4) {
        k->step = 0;
        k->shadow++;
    }
    return SD_OK;
}

/* ---------------------------------------------------------------- main */

struct bench_options {
    int records, runs, kiosks, kiosk_records;
    const char *pack;
    int keep;               /* keep the scratch folder */
};

static int bench_usage(void)
{
    fprintf(stderr, "usage: bench_export [--records N] [--runs N] [--kiosks N] [--kiosk-records N]"
                    " [--pack DIR] [--keep]\n");
    return 2;
}

/* Copy name from the pack folder src to dst (small text files); with common_only, only the
** header and the lines for every shadow ("*,") of a plan. */
static int bench_copy_file(const char *src, const char *dst, const char *name, int common_only)
{
    char from[PATH_MAX + 64], to[PATH_MAX + 64], buf[65536];   /* paths are short: mkdtemp */
    if ((size_t)snprintf(from, sizeof from, "%s/%s", src, name) >= sizeof from ||
        (size_t)snprintf(to, sizeof to, "%s/%s", dst, name) >= sizeof to)
        return -1;
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    int ok = in && out, line = 0;
    while (ok && fgets(buf, sizeof buf, in))
        if (!common_only || line++ == 0 || strncmp(buf, "*,", 2) == 0)
            ok = fputs(buf, out) >= 0;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/*
** The sample pack with as many shadows as the day needs, so each shadow has one visit as on a
** real day (nine shadows with hundreds of visits each would time a day that cannot happen).
*/
static int bench_write_pack(const char *src, const char *dst, int shadows)
{
    static const char *const files[] = { "workplace.csv", "hosts.csv", "safety.csv", "plan.csv" };
    static const char *const names[] = { "Matti", "Aino", "Elias", "Saara", "Åsa", "Päivi",
                                         "Jussi", "Liam", "Eero", "Minna" };
    static const char *const escorts[] = { "liisa", "pekka", "sanna", "jari" };
    char path[PATH_MAX + 64];
    if ((size_t)snprintf(path, sizeof path, "%s/shadows.csv", dst) >= sizeof path)
        return -1;
    mkdir(dst, 0700);
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++)
        if (bench_copy_file(src, dst, files[i], i == 3) != 0) {
            fprintf(stderr, "bench_export: %s/%s cannot be copied\n", src, files[i]);
            return -1;
        }
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "id,first_name,escort,agreement_signed,language\n");
    for (int i = 0; i < shadows; i++)
        fprintf(f, "s%04d,%s %c%c.,%s,yes,fi\n", i + 1, names[i % 10], 'A' + i / 10 / 26 % 26,
                'A' + i / 10 % 26, escorts[i % 4]);
    return fclose(f) == 0 ? 0 : -1;
}

static struct pack *bench_read_pack(const char *dir)
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
        fprintf(stderr, "bench_export: the pack %s does not parse (%s)\n", dir, sd_strerror(rc));
        for (int i = 0; i < rep.count && i < 10; i++)
            fprintf(stderr, "  %s\n", pack_problem_format(&rep.problems[i], line, sizeof line));
    }
    pack_report_free(&rep);
    pack_source_free(&src);
    return p;
}

/* One `collect` of the given export folders into out_dir; seconds for reading and for writing. */
static int bench_collect(char **folders, int count, const char *out_dir, double *read_s,
                         double *write_s, int *records)
{
    struct collect *c = NULL;
    double t0 = bench_now();
    int rc = collect_new(&c, NULL);
    for (int i = 0; rc == SD_OK && i < count; i++)
        rc = collect_add_path(c, folders[i]);
    double t1 = bench_now();
    if (rc == SD_OK)
        rc = collect_write(c, out_dir, BENCH_T0 + 86400, 180);
    double t2 = bench_now();
    if (rc != SD_OK && c && collect_problem_count(c) > 0)
        fprintf(stderr, "bench_export: collect: %s\n", collect_problem(c, 0));
    *read_s = t1 - t0;
    *write_s = t2 - t1;
    *records = c ? collect_record_count(c) : 0;
    collect_free(c);
    return rc;
}

int main(int argc, char **argv)
{
    struct bench_options o = { 10000, 5, 100, 100, BENCH_PACK_DIR, 0 };
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--keep") == 0) {
            o.keep = 1;
            continue;
        }
        if (i + 1 >= argc)
            return bench_usage();
        const char *a = argv[i], *v = argv[++i];
        if (strcmp(a, "--records") == 0)
            o.records = atoi(v);
        else if (strcmp(a, "--runs") == 0)
            o.runs = atoi(v);
        else if (strcmp(a, "--kiosks") == 0)
            o.kiosks = atoi(v);
        else if (strcmp(a, "--kiosk-records") == 0)
            o.kiosk_records = atoi(v);
        else if (strcmp(a, "--pack") == 0)
            o.pack = v;
        else
            return bench_usage();
    }
    if (o.records < 1 || o.runs < 1 || o.runs > BENCH_MAX_RUNS || o.kiosks < 1 || o.kiosks > 10000 ||
        o.kiosk_records < 1)
        return bench_usage();
    i18n_init();
    char tmp[PATH_MAX], path[PATH_MAX + 64];
    snprintf(tmp, sizeof tmp, "%s/sd-bench-export-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmp))
        return 1;
    printf("Scratch folder: %s\n", tmp);
    /* About 20 records a visit: a shadow for every 10 records is plenty. The many kiosks share
       a pack of a usual size (its summary goes into each of their exports). */
    int shadows = o.records / 10 + 10, small_shadows = o.kiosk_records / 10 + 2;
    if (shadows > PACK_MAX_ROWS - 1)
        shadows = PACK_MAX_ROWS - 1;
    if (small_shadows > PACK_MAX_ROWS - 1)
        small_shadows = PACK_MAX_ROWS - 1;
    snprintf(path, sizeof path, "%s/pack", tmp);
    if (bench_write_pack(o.pack, path, shadows) != 0)
        return 1;
    struct pack *p = bench_read_pack(path);
    snprintf(path, sizeof path, "%s/pack-small", tmp);
    if (!p || bench_write_pack(o.pack, path, small_shadows) != 0)
        return 1;
    struct pack *small = bench_read_pack(path);
    if (!small)
        return 1;
    int rc;

    /* fill */
    struct bench_kiosk big;
    snprintf(path, sizeof path, "%s/big/kiosk.db", tmp);
    if (bench_kiosk_open(&big, path, p) != SD_OK)
        return 1;
    double *lat = malloc(sizeof *lat * (size_t)o.records);
    if (!lat)
        return 1;
    double fill0 = bench_now();
    for (int i = 0; i < o.records; i++) {
        double t = bench_now();
        if (bench_kiosk_add(&big) != SD_OK)
            return 1;
        lat[i] = (bench_now() - t) * 1000;
    }
    double fill_s = bench_now() - fill0;
    struct bench_stats ls = bench_stats_of(lat, o.records);
    free(lat);
    printf("\n### Saving a record (store_add_record, one durable transaction each)\n\n");
    printf("| records | total s | per record ms: median | p95 | max |\n|---|---|---|---|---|\n");
    printf("| %d | %.2f | %.2f | %.2f | %.2f |\n", o.records, fill_s, ls.median, ls.p95, ls.max);

    /* export */
    double ex[BENCH_MAX_RUNS], query[BENCH_MAX_RUNS], wrote[BENCH_MAX_RUNS], reread[BENCH_MAX_RUNS],
        noted[BENCH_MAX_RUNS], cpu[BENCH_MAX_RUNS];
    struct export_result res;
    char big_folder[512] = "";
    long long bytes = 0;
    for (int run = 0; run < o.runs; run++) {
        snprintf(path, sizeof path, "%s/stick-%d", tmp, run);
        mkdir(path, 0700);
        struct export_data d;
        double t = bench_now();
        if (export_collect(big.s, "usb", &d) != SD_OK)
            return 1;
        query[run] = bench_now() - t;
        export_data_free(&d);
        struct bench_progress pr;
        memset(&pr, 0, sizeof pr);
        double c0 = bench_cpu();
        t = bench_now();
        rc = export_to_usb(big.s, path, bench_progress_step, &pr, &res);
        double end = bench_now();
        ex[run] = end - t;
        cpu[run] = bench_cpu() - c0;
        int files = (pr.total - 1) / 2;     /* the data files and the manifest */
        if (rc == SD_OK && pr.total >= 3 && pr.total < 64) {
            wrote[run] = pr.at[files] - t;
            reread[run] = pr.at[2 * files] - pr.at[files];
            noted[run] = pr.at[2 * files + 1] - pr.at[2 * files];
        }
        if (rc != SD_OK) {
            fprintf(stderr, "bench_export: export_to_usb: %s (%s)\n", res.message, sd_strerror(rc));
            return 1;
        }
        snprintf(big_folder, sizeof big_folder, "%s", res.folder);
        bytes = bench_du(res.folder);
    }
    struct bench_stats es = bench_stats_of(ex, o.runs), qs = bench_stats_of(query, o.runs),
                       wst = bench_stats_of(wrote, o.runs), rst = bench_stats_of(reread, o.runs),
                       nst = bench_stats_of(noted, o.runs), cst = bench_stats_of(cpu, o.runs);
    printf("\n### export_to_usb of every record, a %d-shadow pack (%d runs)\n\n", shadows, o.runs);
    printf("| records | export size KiB | seconds: median | min | max | CPU s: median |\n"
           "|---|---|---|---|---|---|\n");
    printf("| %d | %.0f | %.3f | %.3f | %.3f | %.3f |\n", res.record_count, (double)bytes / 1024,
           es.median, es.min, es.max, cst.median);
    printf("\nWhere the time goes (medians, s): reading the records (export_collect alone) %.3f; "
           "building and writing the files with fsync, manifest last %.3f; reading them back and "
           "checking SHA-256 %.3f; noting the export in the database %.3f\n",
           qs.median, wst.median, rst.median, nst.median);
    store_close(big.s);

    /* many kiosks, one export each */
    char **folders = calloc((size_t)o.kiosks, sizeof *folders);
    if (!folders)
        return 1;
    double make0 = bench_now();
    long long all_bytes = 0;
    for (int i = 0; i < o.kiosks; i++) {
        struct bench_kiosk k;
        snprintf(path, sizeof path, "%s/kiosk-%03d/kiosk.db", tmp, i);
        if (bench_kiosk_open(&k, path, small) != SD_OK)
            return 1;
        for (int j = 0; j < o.kiosk_records; j++)
            if (bench_kiosk_add(&k) != SD_OK)
                return 1;
        snprintf(path, sizeof path, "%s/kiosk-%03d/stick", tmp, i);
        mkdir(path, 0700);
        if ((rc = export_to_usb(k.s, path, NULL, NULL, &res)) != SD_OK) {
            fprintf(stderr, "bench_export: export_to_usb: %s\n", res.message);
            return 1;
        }
        folders[i] = strdup(res.folder);
        all_bytes += bench_du(res.folder);
        store_close(k.s);
    }
    double make_s = bench_now() - make0;
    double rd[BENCH_MAX_RUNS], wr[BENCH_MAX_RUNS], tot[BENCH_MAX_RUNS];
    int merged = 0;
    for (int run = 0; run < o.runs; run++) {
        snprintf(path, sizeof path, "%s/collected-%d", tmp, run);
        if (bench_collect(folders, o.kiosks, path, &rd[run], &wr[run], &merged) != SD_OK)
            return 1;
        tot[run] = rd[run] + wr[run];
    }
    struct bench_stats rs = bench_stats_of(rd, o.runs), ws = bench_stats_of(wr, o.runs),
                       ts = bench_stats_of(tot, o.runs);
    printf("\n### collect of %d exports of %d records each, from %d kiosks with a %d-shadow pack "
           "(%d runs; making them took %.1f s)\n\n",
           o.kiosks, o.kiosk_records, o.kiosks, small_shadows, o.runs, make_s);
    printf("| exports | records merged | input KiB | read+check s: median | write CSV+HTML s: median | "
           "total s: median | min | max |\n|---|---|---|---|---|---|---|---|\n");
    printf("| %d | %d | %.0f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", o.kiosks, merged,
           (double)all_bytes / 1024, rs.median, ws.median, ts.median, ts.min, ts.max);

    char *one[1] = { big_folder };
    for (int run = 0; run < o.runs; run++) {
        snprintf(path, sizeof path, "%s/collected-big-%d", tmp, run);
        if (bench_collect(one, 1, path, &rd[run], &wr[run], &merged) != SD_OK)
            return 1;
        tot[run] = rd[run] + wr[run];
    }
    rs = bench_stats_of(rd, o.runs);
    ws = bench_stats_of(wr, o.runs);
    ts = bench_stats_of(tot, o.runs);
    printf("\n### collect of the one export of %d records, a %d-shadow pack (%d runs)\n\n", o.records,
           shadows, o.runs);
    printf("| exports | records merged | read+check s: median | write CSV+HTML s: median | "
           "total s: median | min | max |\n|---|---|---|---|---|---|---|\n");
    printf("| 1 | %d | %.3f | %.3f | %.3f | %.3f | %.3f |\n", merged, rs.median, ws.median,
           ts.median, ts.min, ts.max);

    for (int i = 0; i < o.kiosks; i++)
        free(folders[i]);
    free(folders);
    pack_free(p);
    pack_free(small);
    if (o.keep)
        printf("\n(scratch folder %s kept)\n", tmp);
    else
        nftw(tmp, bench_remove_one, 16, FTW_DEPTH | FTW_PHYS);   /* made by mkdtemp above */
    return 0;
}
