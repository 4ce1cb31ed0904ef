/*
** test_pack.c - the day pack: reading folders from hostile sticks (links, pipes, folders, huge
** and binary files, encodings), validating every file with a `file:line: message` for each
** problem (all of them reported at once), translations falling back, PINs hashed at import and
** never stored plain, all-or-nothing import into the store, and the sample pack, the Excel
** fixtures and the `pack new` template passing.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crypt.h"
#include "err.h"
#include "pack.h"
#include "pack_import.h"
#include "pack_ready.h"
#include "pin.h"
#include "store.h"
#include "testutil.h"

/* ---------------------------------------------------------------- a small valid pack */

static const char min_workplace[] =
    "key,value\n"
    "name,Testikahvila\n"
    "name_sv,Testkaféet\n"
    "date,2027-04-15\n"
    "contact_name,Kaisa\n"
    "contact_phone,040 123 4567\n"
    "lunch,yes\n"
    "end_of_day,16:00\n"
    "admin_pin,246810\n";
static const char min_hosts[] =
    "id,name,role,role_sv,phone,pin\n"
    "liisa,Liisa,barista,,040 111 1111,1111\n"
    "pekka,Pekka,leipuri,bagare,040 222 2222,2222\n";
static const char min_shadows[] =
    "id,first_name,escort,agreement_signed\n"
    "matti,Matti,liisa,yes\n"
    "aino,Aino,pekka,no\n";
static const char min_plan[] =
    "shadow,start,end,kind,title,title_sv,place,with,lunch_provided\n"
    "*,8:30,9:00,arrive,Tervetuloa,Välkommen,Aula,,\n"
    "matti,9:00,11:00,work,Kahvin keitto,,Tiski,,\n"
    "aino,9:00,11:00,work,Leivonta,Bakning,Leipomo,pekka,\n"
    "*,11:00,11:30,lunch,Lounas,Lunch,Taukotila,,yes\n";
static const char min_safety[] =
    "id,icon,title,title_sv,text\n"
    "fire,fire,Palohälytys,Brandlarm,Mene ulos pihalle.\n";

static const char *min_pack(void)
{
    const char *dir = tu_tmpdir();
    tu_write_file(dir, "workplace.csv", min_workplace, -1);
    tu_write_file(dir, "hosts.csv", min_hosts, -1);
    tu_write_file(dir, "shadows.csv", min_shadows, -1);
    tu_write_file(dir, "plan.csv", min_plan, -1);
    tu_write_file(dir, "safety.csv", min_safety, -1);
    return dir;
}

static const char *path_in(const char *dir, const char *name)
{
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void dump(const struct pack_report *rep);

/* Read and parse dir as `pack check` does (hash_plain_pins as given). */
static int check_dir(const char *dir, int hash, struct pack **out, struct pack_report *rep)
{
    struct pack_source src = { 0 };
    struct pack *p = NULL;
    pack_report_init(rep);
    int rc = pack_source_read_dir(&src, dir, rep);
    if (rc == SD_OK)
        rc = pack_parse(&p, &src, hash, rep);
    pack_source_free(&src);
    pack_report_sort(rep);
    if (getenv("PACK_DUMP"))   /* PACK_DUMP=1 ./test_pack prints every report, for debugging */
        dump(rep);
    if (out)
        *out = p;
    else
        pack_free(p);
    return rc;
}

static void dump(const struct pack_report *rep)
{
    char buf[600];
    for (int i = 0; i < rep->count; i++)
        fprintf(stderr, "  %s%s\n", rep->problems[i].severity == PACK_WARNING ? "(w) " : "",
                pack_problem_format(&rep->problems[i], buf, sizeof buf));
}

/* Whether a problem of severity reads exactly like want at its start ("file:line: text..."). */
static int has_problem(const struct pack_report *rep, int severity, const char *want)
{
    char buf[600];
    for (int i = 0; i < rep->count; i++) {
        pack_problem_format(&rep->problems[i], buf, sizeof buf);
        if (rep->problems[i].severity == severity && strncmp(buf, want, strlen(want)) == 0)
            return 1;
    }
    return 0;
}

#define assert_error(rep, want)                                                                   \
    do {                                                                                          \
        if (!has_problem((rep), PACK_ERROR, (want))) {                                            \
            dump(rep);                                                                            \
            fail_msg("no error \"%s\"", (want));                                                  \
        }                                                                                         \
    } while (0)
#define assert_warning(rep, want)                                                                 \
    do {                                                                                          \
        if (!has_problem((rep), PACK_WARNING, (want))) {                                          \
            dump(rep);                                                                            \
            fail_msg("no warning \"%s\"", (want));                                                \
        }                                                                                         \
    } while (0)

/* Every problem about a line of a file is shown as "file:line: message", with a message. */
static void assert_all_well_formed(const struct pack_report *rep)
{
    char buf[600], prefix[100];
    for (int i = 0; i < rep->count; i++) {
        const struct pack_problem *p = &rep->problems[i];
        assert_true(p->message[0] != '\0');
        pack_problem_format(p, buf, sizeof buf);
        if (p->file[0] && p->line > 0)
            snprintf(prefix, sizeof prefix, "%s:%d: ", p->file, p->line);
        else if (p->file[0])
            snprintf(prefix, sizeof prefix, "%s: ", p->file);
        else
            prefix[0] = '\0';
        assert_int_equal(strncmp(buf, prefix, strlen(prefix)), 0);
        assert_true(p->line >= 0);
    }
}

/* Parse a pack with one file replaced; the report is left in rep (free it). */
static int check_with(const char *name, const char *content, struct pack_report *rep)
{
    const char *dir = min_pack();
    tu_write_file(dir, name, content, -1);
    int rc = check_dir(dir, 0, NULL, rep);
    assert_all_well_formed(rep);
    return rc;
}

/* ---------------------------------------------------------------- valid packs */

static void test_pack_min_valid(void **state)
{
    struct pack_report rep;
    struct pack *p;
    (void)state;
    int rc = check_dir(min_pack(), 0, &p, &rep);
    if (rc != SD_OK)
        dump(&rep);
    assert_int_equal(rc, SD_OK);
    assert_int_equal(rep.errors, 0);
    assert_int_equal(p->host_count, 2);
    assert_int_equal(p->shadow_count, 2);
    assert_int_equal(p->plan_count, 4);
    assert_int_equal(p->safety_count, 1);
    assert_true(p->questions_are_default);
    assert_string_equal(p->workplace.date, "2027-04-15");
    assert_int_equal(p->workplace.end_of_day_min, 16 * 60);
    assert_int_equal(p->workplace.idle_timeout_s, 90);
    assert_int_equal(p->workplace.retention_days, 30);
    assert_int_equal(p->workplace.self_checkout, 0);
    assert_string_equal(p->workplace.default_language, "fi");
    assert_int_equal(strlen(p->pack_id), 64);
    /* pack check does not hash: the plain pins are only validated. */
    assert_true(p->hosts[0].pin_is_plain);
    assert_string_equal(p->hosts[0].pin_hash, "");
    assert_int_equal(p->shadows[1].agreement_signed, 0);
    const struct pack_plan_item *items[10];
    int n = pack_plan_for(p, "aino", items, 10);
    assert_int_equal(n, 3);
    assert_int_equal(items[0]->kind, PLAN_ARRIVE);
    assert_int_equal(items[1]->start_min, 9 * 60);
    assert_string_equal(items[1]->with_id, "pekka");
    assert_int_equal(items[2]->kind, PLAN_LUNCH);
    assert_int_equal(items[2]->lunch_provided, 1);
    assert_int_equal(items[2]->line, 5);
    pack_free(p);
    pack_report_free(&rep);
}

/* A missing translation (an empty _sv cell, or a language with no column) shows the plain text. */
static void test_pack_translations_fall_back(void **state)
{
    struct pack_report rep;
    struct pack *p;
    (void)state;
    assert_int_equal(check_dir(min_pack(), 0, &p, &rep), SD_OK);
    assert_string_equal(pack_text_get(&p->workplace.name, "sv"), "Testkaféet");
    assert_string_equal(pack_text_get(&p->workplace.name, "en"), "Testikahvila");
    assert_string_equal(pack_text_get(&p->workplace.name, "fi"), "Testikahvila");
    const struct pack_host *liisa = pack_find_host(p, "liisa");
    const struct pack_host *pekka = pack_find_host(p, "pekka");
    assert_non_null(liisa);
    assert_null(pack_find_host(p, "nobody"));
    assert_string_equal(pack_text_get(&liisa->role, "sv"), "barista");   /* empty cell */
    assert_string_equal(pack_text_get(&pekka->role, "sv"), "bagare");
    assert_string_equal(pack_text_get(&pekka->role, "en"), "leipuri");   /* no column */
    assert_string_equal(pack_text_get(&pekka->role, "de"), "leipuri");
    const struct pack_plan_item *items[10];
    assert_int_equal(pack_plan_for(p, "matti", items, 10), 3);
    assert_string_equal(pack_text_get(&items[1]->title, "sv"), "Kahvin keitto");
    assert_string_equal(pack_text_get(&items[0]->title, "sv"), "Välkommen");
    assert_string_equal(pack_text_get(&items[1]->place, "sv"), "Tiski");
    assert_string_equal(pack_text_get(&p->safety[0].text, "sv"), "Mene ulos pihalle.");
    /* The built-in questions exist in fi, sv and en, never empty. */
    assert_int_equal(p->question_count, 8);
    for (int i = 0; i < p->question_count; i++) {
        assert_true(pack_text_get(&p->questions[i].text, "fi")[0] != '\0');
        assert_true(pack_text_get(&p->questions[i].text, "sv")[0] != '\0');
        assert_true(pack_text_get(&p->questions[i].text, "en")[0] != '\0');
    }
    /* No warning for the missing translations: they are allowed. */
    assert_int_equal(rep.warnings, 0);
    pack_free(p);
    pack_report_free(&rep);
}

static void test_pack_sample_valid(void **state)
{
    struct pack_report rep;
    struct pack *p;
    (void)state;
    int rc = check_dir(tu_source_path("assets/sample-pack/shadowday"), 0, &p, &rep);
    if (rc != SD_OK || rep.count)
        dump(&rep);
    assert_int_equal(rc, SD_OK);
    assert_int_equal(rep.errors, 0);
    assert_int_equal(rep.warnings, 0);
    assert_true(p->shadow_count >= 8);
    assert_true(p->host_count >= 3 && p->host_count <= 4);
    assert_true(p->safety_count >= 5);
    assert_true(p->questions_are_default);
    assert_string_equal(p->workplace.date, "2027-04-15");
    int unsigned_agreement = 0;
    for (int i = 0; i < p->shadow_count; i++) {
        const struct pack_plan_item *items[40];
        unsigned_agreement += !p->shadows[i].agreement_signed;
        assert_true(pack_plan_for(p, p->shadows[i].id, items, 40) >= 5);
    }
    assert_int_equal(unsigned_agreement, 1);
    char langs[8][8];
    int counts[8], texts;
    assert_int_equal(pack_languages(p, langs, counts, 8, &texts), 3);
    assert_string_equal(langs[0], "fi");
    assert_int_equal(counts[1], texts);   /* every text has its sv and en translation */
    assert_int_equal(counts[2], texts);
    pack_free(p);
    pack_report_free(&rep);
}

/* Excel's "CSV UTF-8" (BOM, semicolons, CRLF) and plain "CSV" (Windows-1252) read the same. */
static void test_pack_excel_fixtures(void **state)
{
    struct pack_report rep;
    struct pack *a, *b;
    (void)state;
    assert_int_equal(check_dir(tu_source_path("tests/data/pack/excel-utf8"), 0, &a, &rep), SD_OK);
    assert_int_equal(rep.warnings, 0);
    pack_report_free(&rep);
    assert_int_equal(check_dir(tu_source_path("tests/data/pack/excel-cp1252"), 0, &b, &rep), SD_OK);
    assert_warning(&rep, "hosts.csv: the file was saved as Windows-1252");
    assert_all_well_formed(&rep);
    assert_int_equal(a->shadow_count, b->shadow_count);
    for (int i = 0; i < a->host_count; i++)
        assert_string_equal(pack_text_get(&a->hosts[i].role, "fi"),
                            pack_text_get(&b->hosts[i].role, "fi"));
    assert_string_equal(pack_text_get(&pack_find_host(b, "sanna")->role, "fi"),
                        "vuoropäällikkö");
    /* The canonical files are UTF-8 without BOM whatever was on the stick. */
    assert_string_equal(a->pack_id, b->pack_id);
    pack_free(a);
    pack_free(b);
    pack_report_free(&rep);
}

/* A Windows-1252 file with å ä ö Å Ä Ö and the euro sign: every letter arrives intact. */
static void test_pack_cp1252_letters(void **state)
{
    struct pack_report rep;
    struct pack *p;
    (void)state;
    const char *dir = min_pack();
    tu_write_file(dir, "workplace.csv",
                  "key;value\r\nname;Kahvila \xC5\xE4\xF6\r\nname_sv;K\xE5" "f\xE9\r\n"
                  "date;15.4.2027\r\ncontact_name;\xC4ij\xE4 \xD6\r\ncontact_phone;040 123 4567\r\n"
                  "lunch;kyll\xE4\r\nlunch_note;Lounas 5 \x80\r\nend_of_day;16.00\r\n"
                  "admin_pin;246810\r\n", -1);
    assert_int_equal(check_dir(dir, 0, &p, &rep), SD_OK);
    assert_warning(&rep, "workplace.csv: the file was saved as Windows-1252");
    assert_string_equal(pack_text_get(&p->workplace.name, "fi"), "Kahvila Åäö");
    assert_string_equal(pack_text_get(&p->workplace.name, "sv"), "Kåfé");
    assert_string_equal(p->workplace.contact_name, "Äijä Ö");
    assert_string_equal(pack_text_get(&p->workplace.lunch_note, "fi"), "Lounas 5 €");
    assert_string_equal(p->workplace.date, "2027-04-15");     /* D.M.YYYY accepted */
    assert_int_equal(p->workplace.end_of_day_min, 16 * 60);   /* H.MM accepted */
    assert_int_equal(p->workplace.lunch, 1);                  /* kyllä */
    const struct pack_file *f = pack_source_find(&p->files, "workplace.csv");
    assert_non_null(f);
    assert_non_null(strstr((const char *)f->data, "Kahvila \xC3\x85\xC3\xA4\xC3\xB6"));
    pack_free(p);
    pack_report_free(&rep);
}

static void test_pack_template_valid(void **state)
{
    char cmd[PATH_MAX * 2];
    struct pack_report rep;
    (void)state;
    const char *dir = tu_tmpdir();
    snprintf(cmd, sizeof cmd, "'%s' pack new '%s/t' >/dev/null 2>&1", tu_build_path("shadowday"), dir);
    assert_int_equal(tu_run(cmd, NULL), 0);
    assert_int_equal(check_dir(path_in(dir, "t"), 0, NULL, &rep), SD_OK);
    assert_int_equal(rep.errors, 0);
    struct stat st;
    assert_int_equal(stat(path_in(dir, "t/OHJE.txt"), &st), 0);
    assert_int_equal(stat(path_in(dir, "t/GUIDE.txt"), &st), 0);
    pack_report_free(&rep);
}

/* ---------------------------------------------------------------- hostile folders */

static void test_pack_symlink_refused(void **state)
{
    struct pack_report rep;
    (void)state;
    const char *dir = min_pack();
    const char *other = tu_tmpdir();
    tu_write_file(other, "real.csv", min_shadows, -1);
    char target[PATH_MAX];
    snprintf(target, sizeof target, "%s/real.csv", other);
    assert_int_equal(unlink(path_in(dir, "shadows.csv")), 0);
    assert_int_equal(symlink(target, path_in(dir, "shadows.csv")), 0);
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
    assert_error(&rep, "shadows.csv: this is a link to another file, not a file");
    assert_int_equal(rep.errors, 1);    /* not "missing" on top */
    pack_report_free(&rep);
    /* A link to /etc/passwd named hosts.csv is not followed either. */
    dir = min_pack();
    assert_int_equal(unlink(path_in(dir, "hosts.csv")), 0);
    assert_int_equal(symlink("/etc/passwd", path_in(dir, "hosts.csv")), 0);
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
    assert_error(&rep, "hosts.csv: this is a link");
    pack_report_free(&rep);
    /* The pack folder itself given as a link. */
    dir = min_pack();
    char link[PATH_MAX];
    snprintf(link, sizeof link, "%s-link", dir);
    unlink(link);
    assert_int_equal(symlink(dir, link), 0);
    pack_report_init(&rep);
    struct pack_source src = { 0 };
    int rc = pack_source_read_dir(&src, link, &rep);
    assert_true(rc != SD_OK || rep.errors > 0);
    assert_true(has_problem(&rep, PACK_ERROR, "the pack folder"));
    pack_source_free(&src);
    pack_report_free(&rep);
    unlink(link);
}

static void test_pack_fifo_refused(void **state)
{
    struct pack_report rep;
    (void)state;
    const char *dir = min_pack();
    assert_int_equal(unlink(path_in(dir, "safety.csv")), 0);
    assert_int_equal(mkfifo(path_in(dir, "safety.csv"), 0600), 0);
    /* Nobody writes to the pipe: a reader that opened it would hang here. */
    time_t t0 = time(NULL);
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
    assert_true(time(NULL) - t0 < 5);
    assert_error(&rep, "safety.csv: this is not a plain file (a device or a pipe)");
    pack_report_free(&rep);
}

static void test_pack_directory_refused(void **state)
{
    struct pack_report rep;
    (void)state;
    const char *dir = min_pack();
    assert_int_equal(unlink(path_in(dir, "shadows.csv")), 0);
    assert_int_equal(mkdir(path_in(dir, "shadows.csv"), 0700), 0);
    tu_write_file(path_in(dir, "shadows.csv"), "x.csv", min_shadows, -1);
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
    assert_error(&rep, "shadows.csv: this is a folder, not a file");
    pack_report_free(&rep);
    /* A device in place of a file. */
    dir = min_pack();
    assert_int_equal(unlink(path_in(dir, "plan.csv")), 0);
    if (symlink("/dev/zero", path_in(dir, "plan.csv")) == 0) {
        assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
        assert_error(&rep, "plan.csv: this is a link");
        pack_report_free(&rep);
    }
}

/* A 100 MB file (sparse: no disk used) is refused from its size, without being read. */
static void test_pack_huge_file_refused_quickly(void **state)
{
    struct pack_report rep;
    struct timespec a, b;
    (void)state;
    const char *dir = min_pack();
    int fd = open(path_in(dir, "plan.csv"), O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 100L << 20), 0);
    close(fd);
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    assert_true(secs < 0.5);   /* reading 100 MB of zeros and checking them would take longer */
    assert_error(&rep, "plan.csv: the file is 102400 KB; at most 1024 KB is allowed");
    pack_report_free(&rep);
    /* A photo over its limit is only a warning (the shadow gets an initial instead). */
    dir = min_pack();
    fd = open(path_in(dir, "big.jpg"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "\xFF\xD8\xFF\xE0", 4), 4);
    assert_int_equal(ftruncate(fd, PACK_MAX_PHOTO_BYTES + 1), 0);
    close(fd);
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_OK);
    assert_warning(&rep, "big.jpg: the file is");
    pack_report_free(&rep);
}

/* Binary garbage in place of every file: refused file by file, never a crash. */
static void test_pack_binary_garbage(void **state)
{
    struct pack_report rep;
    static const char *const names[] = { "workplace.csv", "hosts.csv", "shadows.csv",
                                         "plan.csv", "safety.csv", "questions.csv" };
    (void)state;
    const char *dir = tu_tmpdir();
    unsigned seed = 99;
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        char buf[2048];
        for (size_t i = 0; i < sizeof buf; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (char)(seed >> 16);
        }
        tu_write_file(dir, names[f], buf, sizeof buf);
    }
    tu_write_file(dir, "photo.jpg", "not a picture at all", -1);
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
    assert_all_well_formed(&rep);
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        char want[100];
        snprintf(want, sizeof want, "%s: ", names[f]);
        assert_error(&rep, want);
    }
    assert_warning(&rep, "photo.jpg: this is not a JPEG or PNG picture");
    pack_report_free(&rep);

    /* Random printable-ish garbage that is valid text: CSV problems, reported by line. */
    for (int round = 0; round < 200; round++) {
        static const char alphabet[] = "a1,;\"\n\r *:-_.\xC3\xA4";
        char buf[400];
        for (size_t i = 0; i + 1 < sizeof buf; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        buf[sizeof buf - 1] = '\0';
        const char *d = min_pack();
        tu_write_file(d, names[round % 5], buf, -1);
        int rc = check_dir(d, 0, NULL, &rep);
        assert_true(rc == SD_OK || rc == SD_EINVAL);
        assert_all_well_formed(&rep);
        pack_report_free(&rep);
    }
}

static void test_pack_utf16_and_nul_refused(void **state)
{
    struct pack_report rep;
    (void)state;
    const char *dir = min_pack();
    tu_write_file(dir, "hosts.csv", "\xFF\xFEi\0d\0,\0n\0a\0m\0e\0\r\0\n\0", 18);
    tu_write_file(dir, "shadows.csv", "id,first_name,escort,agreement_signed\nmatti,Ma\0tti,liisa,yes\n", 61);
    tu_write_file(dir, "safety.csv", "id,icon,title,text\nfire,fire,Palo\x1B[31m,Ulos.\n", -1);
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
    assert_error(&rep, "hosts.csv: the file is saved as UTF-16");
    assert_error(&rep, "shadows.csv: this is not a text file");
    assert_error(&rep, "safety.csv:2: the line holds an invisible control character (code 27)");
    assert_all_well_formed(&rep);
    pack_report_free(&rep);
}

static void test_pack_csv_limits(void **state)
{
    struct pack_report rep;
    (void)state;
    /* Too many rows. */
    size_t cap = (size_t)(PACK_MAX_ROWS + 2) * 40 + 100;
    char *buf = malloc(cap), *p = buf;
    p += sprintf(p, "id,first_name,escort,agreement_signed\n");
    for (int i = 0; i <= PACK_MAX_ROWS; i++)
        p += sprintf(p, "s%d,S,liisa,yes\n", i);
    char want[100];
    assert_int_equal(check_with("shadows.csv", buf, &rep), SD_EINVAL);
    snprintf(want, sizeof want, "shadows.csv:%d: the file has more than %d rows", PACK_MAX_ROWS + 2,
             PACK_MAX_ROWS);
    assert_error(&rep, want);
    pack_report_free(&rep);
    free(buf);
    /* Too many columns on line 3. */
    buf = malloc(PACK_MAX_FIELDS * 2 + 200);
    p = buf + sprintf(buf, "id,first_name,escort,agreement_signed\nmatti,Matti,liisa,yes\n");
    for (int i = 0; i <= PACK_MAX_FIELDS; i++)
        p += sprintf(p, "x,");
    sprintf(p, "\n");
    assert_int_equal(check_with("shadows.csv", buf, &rep), SD_EINVAL);
    snprintf(want, sizeof want, "shadows.csv:3: the line has more than %d columns", PACK_MAX_FIELDS);
    assert_error(&rep, want);
    pack_report_free(&rep);
    free(buf);
    /* A cell too long. */
    buf = malloc(PACK_MAX_FIELD_BYTES + 200);
    p = buf + sprintf(buf, "id,icon,title,text\nfire,fire,Palo,");
    memset(p, 'a', PACK_MAX_FIELD_BYTES + 1);
    strcpy(p + PACK_MAX_FIELD_BYTES + 1, "\n");
    assert_int_equal(check_with("safety.csv", buf, &rep), SD_EINVAL);
    snprintf(want, sizeof want, "safety.csv:2: a cell on this line is longer than %d bytes",
             PACK_MAX_FIELD_BYTES);
    assert_error(&rep, want);
    pack_report_free(&rep);
    free(buf);
}

static void test_pack_too_many_files(void **state)
{
    struct pack_report rep;
    (void)state;
    const char *dir = min_pack();
    for (int i = 0; i < PACK_MAX_FILES + 20; i++) {
        char name[32];
        snprintf(name, sizeof name, "junk%03d.txt", i);
        tu_write_file(dir, name, "x", 1);
    }
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
    char want[100];
    snprintf(want, sizeof want, "the pack folder holds more than %d files", PACK_MAX_FILES);
    assert_error(&rep, want);
    pack_report_free(&rep);
}

static void test_pack_unterminated_quote(void **state)
{
    struct pack_report rep;
    (void)state;
    assert_int_equal(check_with("safety.csv", "id,icon,title,text\n"
                                              "fire,fire,Palo,Ulos.\n"
                                              "exit,exit,\"Uloskäynti,Vihreä kyltti.\n"
                                              "ask,ask,Kysy,Kysy aina.\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "safety.csv:3: a quote (\") opens a text on this line but never closes");
    pack_report_free(&rep);
}

/* ---------------------------------------------------------------- validation messages */

static void test_pack_missing_files(void **state)
{
    struct pack_report rep;
    (void)state;
    const char *dir = min_pack();
    assert_int_equal(unlink(path_in(dir, "plan.csv")), 0);
    assert_int_equal(unlink(path_in(dir, "safety.csv")), 0);
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
    assert_error(&rep, "plan.csv: the file is missing");
    assert_error(&rep, "safety.csv: the file is missing");
    pack_report_free(&rep);
    /* An empty folder: every required file is named. */
    assert_int_equal(check_dir(tu_tmpdir(), 0, NULL, &rep), SD_EINVAL);
    assert_error(&rep, "workplace.csv: the file is missing");
    assert_error(&rep, "hosts.csv: the file is missing");
    assert_error(&rep, "shadows.csv: the file is missing");
    assert_error(&rep, "plan.csv: the file is missing");
    assert_error(&rep, "safety.csv: the file is missing");
    assert_false(has_problem(&rep, PACK_ERROR, "questions.csv"));   /* optional */
    pack_report_free(&rep);
    /* A folder that does not exist. */
    pack_report_init(&rep);
    struct pack_source src = { 0 };
    int rc = pack_source_read_dir(&src, "/nonexistent/shadowday-pack", &rep);
    assert_true(rc != SD_OK || rep.errors > 0);
    pack_source_free(&src);
    pack_report_free(&rep);
    /* Empty file and a header-only plan. */
    assert_int_equal(check_with("safety.csv", "", &rep), SD_EINVAL);
    assert_error(&rep, "safety.csv: the file is empty");
    pack_report_free(&rep);
    assert_int_equal(check_with("safety.csv", "id,icon,title,text\n", &rep), SD_EINVAL);
    assert_error(&rep, "safety.csv: there are no safety cards");
    pack_report_free(&rep);
    /* A misspelt file name is a warning pointing at the right one. */
    const char *d = min_pack();
    tu_write_file(d, "shadow.csv", min_shadows, -1);
    assert_int_equal(check_dir(d, 0, NULL, &rep), SD_OK);
    assert_warning(&rep, "shadow.csv: this file is not part of a day pack and is ignored");
    pack_report_free(&rep);
}

static void test_pack_missing_columns(void **state)
{
    struct pack_report rep;
    (void)state;
    assert_int_equal(check_with("shadows.csv", "id,first_name,agreement_signed\nmatti,Matti,yes\n",
                                &rep),
                     SD_EINVAL);
    assert_error(&rep, "shadows.csv:1: the column \"escort\" is missing");
    pack_report_free(&rep);
    assert_int_equal(check_with("hosts.csv", "id,name,role\nliisa,Liisa,barista\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "hosts.csv:1: the column \"pin_hash\" (or \"pin\") is missing");
    pack_report_free(&rep);
    assert_int_equal(check_with("plan.csv", "shadow,start,kind,title\n*,8:00,work,Työ\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "plan.csv:1: the column \"end\" is missing");
    pack_report_free(&rep);
    assert_int_equal(check_with("workplace.csv", "key,value\nname,X\nadmin_pin,1234\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "workplace.csv: the key \"date\" is missing");
    assert_error(&rep, "workplace.csv: the key \"contact_phone\" is missing");
    assert_error(&rep, "workplace.csv: the key \"end_of_day\" is missing");
    pack_report_free(&rep);
    assert_int_equal(check_with("workplace.csv",
                                "key,value\nname,X\ndate,2027-04-15\ncontact_phone,040 123 4567\n"
                                "end_of_day,16:00\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "workplace.csv: the admin PIN is missing");
    pack_report_free(&rep);
    /* Column names are matched without case and spaces; unknown ones only warn. */
    assert_int_equal(check_with("shadows.csv", " ID ,First_Name,ESCORT,agreement_signed,shoe\n"
                                               "matti,Matti,liisa,yes,42\naino,Aino,pekka,no,38\n",
                                &rep),
                     SD_OK);
    assert_warning(&rep, "shadows.csv:1: the column \"shoe\" is not known and is ignored");
    pack_report_free(&rep);
    /* A translation of a column that does not exist. */
    assert_int_equal(check_with("safety.csv", "id,icon,title,text,note_sv\n"
                                              "fire,fire,Palo,Ulos.,x\n", &rep),
                     SD_OK);
    assert_warning(&rep, "safety.csv:1: the column \"note_sv\" looks like a translation of");
    pack_report_free(&rep);
}

static void test_pack_duplicate_ids(void **state)
{
    struct pack_report rep;
    (void)state;
    assert_int_equal(check_with("shadows.csv", "id,first_name,escort,agreement_signed\n"
                                               "matti,Matti,liisa,yes\n"
                                               "aino,Aino,pekka,no\n"
                                               "matti,Matti K.,pekka,yes\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "shadows.csv:4: the id \"matti\" is already used on line 2");
    pack_report_free(&rep);
    assert_int_equal(check_with("hosts.csv", "id,name,pin\nliisa,Liisa,1111\npekka,Pekka,2222\n"
                                             "pekka,Pekka B.,3333\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "hosts.csv:4: the id \"pekka\" is already used on line 3");
    pack_report_free(&rep);
    assert_int_equal(check_with("safety.csv", "id,icon,title,text\nfire,fire,Palo,Ulos.\n"
                                              "fire,exit,Ovi,Ovi on tuolla.\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "safety.csv:3: the id \"fire\" is already used on line 2");
    pack_report_free(&rep);
    assert_int_equal(check_with("workplace.csv", "key,value\nname,X\ndate,2027-04-15\n"
                                                 "contact_phone,040 123 4567\nend_of_day,16:00\n"
                                                 "admin_pin,1234\nname,Y\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "workplace.csv:7: the key \"name\" is already on line 2");
    pack_report_free(&rep);
    /* Bad ids. */
    assert_int_equal(check_with("hosts.csv", "id,name,pin\nliisa,Liisa,1111\npekka,Pekka,2222\n"
                                             "pä ivi,Päivi,3333\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "hosts.csv:4: the id \"pä ivi\" is not valid");
    pack_report_free(&rep);
}

static void test_pack_dangling_references(void **state)
{
    struct pack_report rep;
    (void)state;
    const char *dir = min_pack();
    tu_write_file(dir, "shadows.csv", "id,first_name,escort,agreement_signed,photo\n"
                                      "matti,Matti,liisa2,yes,\n"
                                      "aino,Aino,pekka,no,aino.jpg\n", -1);
    tu_write_file(dir, "plan.csv", "shadow,start,end,kind,title,with\n"
                                   "*,8:30,9:00,arrive,Tervetuloa,\n"
                                   "matti,9:00,11:00,work,Kahvi,jari\n"
                                   "oskar,9:00,11:00,work,Tiski,\n"
                                   "aino,9:00,11:00,work,Leivonta,\n", -1);
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
    assert_all_well_formed(&rep);
    /* shadow -> host, with the ids that exist as the way out */
    assert_error(&rep, "shadows.csv:2: escort \"liisa2\" is not in hosts.csv — use one of the ids "
                       "in hosts.csv (liisa, pekka)");
    /* shadow -> photo */
    assert_error(&rep, "shadows.csv:3: the photo \"aino.jpg\" is not in the pack");
    /* plan -> host */
    assert_error(&rep, "plan.csv:3: \"with\" is \"jari\", which is not in hosts.csv");
    /* plan -> shadow */
    assert_error(&rep, "plan.csv:4: shadow \"oskar\" is not in shadows.csv — use one of the ids in "
                       "shadows.csv (matti, aino), or * for everyone");
    assert_int_equal(rep.errors, 4);
    pack_report_free(&rep);
}

static void test_pack_bad_times_and_values(void **state)
{
    struct pack_report rep;
    (void)state;
    assert_int_equal(check_with("plan.csv", "shadow,start,end,kind,title\n"
                                            "*,8:30,9:00,arrive,Tervetuloa\n"
                                            "matti,25:00,26:00,work,Yö\n"
                                            "matti,9:61,10:00,work,Kahvi\n"
                                            "aino,ysi,10:00,work,Leivonta\n"
                                            "aino,11:00,10:00,work,Siivous\n"
                                            "aino,12:00,12:00,break,Tauko\n"
                                            "matti,13:00,14:00,dance,Tanssi\n"
                                            "aino,14:00,15:00,work,\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "plan.csv:3: \"25:00\" is not a time — write it as HH:MM");
    assert_error(&rep, "plan.csv:4: \"9:61\" is not a time");
    assert_error(&rep, "plan.csv:5: \"ysi\" is not a time");
    assert_error(&rep, "plan.csv:6: the item starts at 11:00 and ends at 10:00 — the end must "
                       "come after the start");
    assert_error(&rep, "plan.csv:7: the item starts at 12:00 and ends at 12:00");
    assert_error(&rep, "plan.csv:8: the kind \"dance\" is not known — use one of: arrive, work");
    assert_error(&rep, "plan.csv:9: \"title\" is empty — fill it in");
    pack_report_free(&rep);
    assert_int_equal(check_with("workplace.csv", "key,value\nname,X\ndate,2027-02-30\n"
                                                 "contact_phone,040 123 4567\nend_of_day,4 pm\n"
                                                 "admin_pin,12ab\nlunch,maybe\n"
                                                 "retention_days,400\nidle_timeout,10\n"
                                                 "default_language,de\n"
                                                 "coordinator_public_key,notbase64!\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "workplace.csv:3: \"2027-02-30\" is not a date");
    assert_error(&rep, "workplace.csv:5: \"4 pm\" is not a time");
    assert_error(&rep, "workplace.csv:6: the PIN must be 4 to 12 digits");
    assert_error(&rep, "workplace.csv:7: lunch is \"maybe\" — write yes or no");
    assert_error(&rep, "workplace.csv:8: retention_days must be a whole number from 1 to 365");
    assert_error(&rep, "workplace.csv:9: idle_timeout must be a whole number from 30 to 600");
    assert_error(&rep, "workplace.csv:10: the language \"de\" is not available");
    assert_error(&rep, "workplace.csv:11: the coordinator key is not valid");
    pack_report_free(&rep);
    /* A good coordinator key is decoded and has a fingerprint. */
    struct pack *p;
    const char *dir = min_pack();
    tu_write_file(dir, "workplace.csv", "key,value\nname,X\ndate,2027-04-15\ncontact_phone,040 123 4567\n"
                                        "end_of_day,16:00\nadmin_pin,1234\n"
                                        "coordinator_public_key,AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n",
                  -1);
    assert_int_equal(check_dir(dir, 0, &p, &rep), SD_OK);
    assert_true(p->workplace.has_coordinator_key);
    assert_int_equal(p->workplace.coordinator_key[31], 31);
    /* One fingerprint format everywhere (keygen, kiosk, pack check): 16 hex digits in fours. */
    char fp[CRYPT_FINGERPRINT_SIZE];
    crypt_fingerprint(p->workplace.coordinator_key, fp);
    assert_int_equal(strlen(fp), 19);
    assert_true(fp[4] == ' ' && fp[9] == ' ' && fp[14] == ' ');
    pack_free(p);
    pack_report_free(&rep);
    /* Yes/no in Finnish and Swedish. */
    assert_int_equal(check_with("shadows.csv", "id,first_name,escort,agreement_signed,self_checkout\n"
                                               "matti,Matti,liisa,kyllä,ja\n"
                                               "aino,Aino,pekka,EI,nej\n", &rep),
                     SD_OK);
    pack_report_free(&rep);
    assert_int_equal(check_with("shadows.csv", "id,first_name,escort,agreement_signed\n"
                                               "matti,Matti,liisa,perhaps\n"
                                               "aino,Aino,pekka,\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "shadows.csv:2: agreement_signed is \"perhaps\" — write yes or no");
    assert_error(&rep, "shadows.csv:3: \"agreement_signed\" is empty — write yes or no");
    pack_report_free(&rep);
}

/* A workplace.csv with sep as its separator (Excel's ';' or ','), the lines of extra added. */
static const char *key_pack(char sep, const char *extra)
{
    static char text[2048];
    const char *dir = min_pack();
    snprintf(text, sizeof text,
             "key%cvalue\r\nname%cTestikahvila\r\ndate%c2027-04-15\r\ncontact_phone%c040 123 4567\r\n"
             "end_of_day%c16:00\r\nadmin_pin%c246810\r\n%s",
             sep, sep, sep, sep, sep, sep, extra);
    tu_write_file(dir, "workplace.csv", text, -1);
    return dir;
}

/* The key line keygen prints goes in with either separator, and what is not exactly the key is an
** error: a pack is never silently unencrypted. The kiosk's stored copy reads the same. */
static void test_pack_key_line(void **state)
{
    struct pack_report rep;
    struct pack *p;
    struct crypt_keypair kp;
    char b64[CRYPT_PUBLIC_B64_SIZE], line[160], fp[CRYPT_FINGERPRINT_SIZE], want_fp[CRYPT_FINGERPRINT_SIZE];
    (void)state;
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    crypt_public_to_base64(kp.pk, b64);
    crypt_fingerprint(kp.pk, want_fp);
    const char *as_pasted[][2] = {              /* before and after the key */
        { "coordinator_public_key;", "\r\n" },     /* keygen's line in the template's file */
        { "coordinator_public_key,", "\r\n" },     /* the old comma line in a ';' file: one cell */
        { "\"coordinator_public_key;", "\"\r\n" }, /* pasted into one cell, saved quoted */
        { "coordinator_public_key ; \"", "\"\r\n" }, /* spaces and quotes around the value */
    };
    for (int sep = 0; sep < 2; sep++) {
        for (size_t i = 0; i < sizeof as_pasted / sizeof *as_pasted; i++) {
            snprintf(line, sizeof line, "%s%s%s", as_pasted[i][0], b64, as_pasted[i][1]);
            const char *dir = key_pack(sep ? ',' : ';', line);
            /* hash 1: the admin PIN is hashed, so workplace.csv is rewritten for the kiosk. */
            int rc = check_dir(dir, 1, &p, &rep);
            if (rc != SD_OK) {
                fprintf(stderr, "  as pasted: %s", line);
                dump(&rep);
            }
            assert_int_equal(rc, SD_OK);
            assert_int_equal(rep.warnings, 0);
            assert_true(p->workplace.has_coordinator_key);
            assert_memory_equal(p->workplace.coordinator_key, kp.pk, CRYPT_KEY_BYTES);
            crypt_fingerprint(p->workplace.coordinator_key, fp);
            assert_string_equal(fp, want_fp);
            /* The kiosk parses its stored copy again at start-up: the key must still be there. */
            struct pack *again;
            struct pack_report rep2;
            pack_report_init(&rep2);
            assert_int_equal(pack_parse(&again, &p->files, 0, &rep2), SD_OK);
            assert_true(again->workplace.has_coordinator_key);
            assert_memory_equal(again->workplace.coordinator_key, kp.pk, CRYPT_KEY_BYTES);
            assert_string_equal(again->pack_id, p->pack_id);
            pack_free(again);
            pack_report_free(&rep2);
            pack_free(p);
            pack_report_free(&rep);
        }
    }
    crypt_keypair_wipe(&kp);
    /* Any other line in the other separator reads the same too. */
    assert_int_equal(check_dir(key_pack(',', "lunch;kyllä\r\nlunch_note;Keittoa\r\n"), 0, &p, &rep),
                     SD_OK);
    assert_int_equal(p->workplace.lunch, 1);
    assert_string_equal(pack_text_get(&p->workplace.lunch_note, "fi"), "Keittoa");
    pack_free(p);
    pack_report_free(&rep);
    /* The template's empty key line: no key, no problem (exports are not encrypted, as said). */
    assert_int_equal(check_dir(key_pack(';', "coordinator_public_key;\r\n"), 0, &p, &rep), SD_OK);
    assert_false(p->workplace.has_coordinator_key);
    pack_free(p);
    pack_report_free(&rep);
    /* Cut, zero, with text after it, or under another name: errors (never a warning), so a
    ** pack is never used without the key its coordinator meant it to have. */
    static const char k[] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static const char not_valid[] = "workplace.csv:7: the coordinator key is not valid";
    static const char other_name[] = "the coordinator's public key goes on a line "
                                     "coordinator_public_key";
    const struct { const char *key, *value, *error; } refused[] = {
        { "coordinator_public_key,", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", not_valid },
        { "coordinator_public_key;", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=x", not_valid },
        { "coordinator_public_key;", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", not_valid },
        { "coordinator_public_key;", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"x", not_valid },
        { "coordinator_public_key;", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=;extra",
          "workplace.csv:7: the line has more values than the first line has columns" },
        { "coordinator_key;", k, other_name },
        { "Public key;", k, other_name },
        { "julkinen avain;", k, other_name },
        { "coordinator_public_kye;", k, other_name },
        { "salasana;", k, other_name },
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        snprintf(line, sizeof line, "%s%s\r\n", refused[i].key, refused[i].value);
        assert_int_equal(check_dir(key_pack(';', line), 0, NULL, &rep), SD_EINVAL);
        if (refused[i].error == other_name) {
            assert_int_equal(rep.errors, 1);
            assert_error(&rep, "workplace.csv:7: the key \"");
            assert_non_null(strstr(rep.problems[0].message, other_name));
        } else {
            assert_error(&rep, refused[i].error);
        }
        pack_report_free(&rep);
    }
    /* An unknown line that has nothing to do with the key stays a warning. */
    assert_int_equal(check_dir(key_pack(';', "colour;blue\r\n"), 0, NULL, &rep), SD_OK);
    assert_warning(&rep, "workplace.csv:7: the key \"colour\" is not known and is ignored");
    pack_report_free(&rep);
}

/* The cell of shadow id in column point, from rows. */
static const struct pack_ready_cell *ready_cell(const struct pack *p,
                                                const struct pack_ready_row *rows, const char *id,
                                                int point)
{
    for (int i = 0; i < p->shadow_count; i++)
        if (strcmp(rows[i].shadow->id, id) == 0)
            return &rows[i].cell[point];
    fail_msg("no row for %s", id);
    return NULL;
}

/* The sending organisation's checklist per shadow: each point read from the pack, ready only
** when every point is, and warnings that name the shadow for an unsigned agreement and an
** escort who cannot be reached. */
static void test_pack_ready_checklist(void **state)
{
    struct pack_report rep;
    struct pack *p;
    struct pack_ready_row rows[8];
    (void)state;
    /* The small pack: Aino's agreement is not signed, everything else is in place. */
    assert_int_equal(check_dir(min_pack(), 0, &p, &rep), SD_OK);
    assert_int_equal(rep.warnings, 0);           /* the parse alone says nothing about it */
    assert_int_equal(pack_ready_rows(p, rows), 1);
    assert_true(ready_cell(p, rows, "matti", READY_AGREEMENT)->ok);
    assert_false(ready_cell(p, rows, "aino", READY_AGREEMENT)->ok);
    assert_string_equal(ready_cell(p, rows, "aino", READY_AGREEMENT)->text, "NOT SIGNED");
    assert_string_equal(ready_cell(p, rows, "matti", READY_ESCORT)->text, "Liisa");
    assert_string_equal(ready_cell(p, rows, "matti", READY_LUNCH)->text, "11:00 offered");
    assert_string_equal(ready_cell(p, rows, "matti", READY_SAFETY)->text, "1 card, fi");
    assert_string_equal(ready_cell(p, rows, "aino", READY_ARRIVAL)->text, "8:30 Aula");
    assert_true(rows[0].ready);
    assert_false(rows[1].ready);
    assert_int_equal(pack_ready_checklist_point(READY_AGREEMENT), 9);
    assert_int_equal(pack_ready_checklist_point(READY_ESCORT), 10);
    assert_int_equal(pack_ready_checklist_point(READY_LUNCH), 7);
    assert_int_equal(pack_ready_checklist_point(READY_SAFETY), 7);
    assert_int_equal(pack_ready_checklist_point(READY_ARRIVAL), 4);
    assert_int_equal(pack_ready_warn(p, &rep), SD_OK);
    assert_int_equal(rep.warnings, 1);
    assert_warning(&rep, "shadows.csv:3: Aino: the agreement is not signed — without it there is "
                         "no insurance");
    pack_free(p);
    pack_report_free(&rep);

    /* Everything missing that can be: an escort without a phone, lunch never said, cards not in
    ** the shadow's language, no arrival item, an arrival without a place. */
    const char *dir = min_pack();
    tu_write_file(dir, "workplace.csv", "key,value\nname,Testikahvila\ndate,2027-04-15\n"
                                        "contact_phone,040 123 4567\nend_of_day,16:00\n"
                                        "admin_pin,246810\n", -1);
    tu_write_file(dir, "hosts.csv", "id,name,phone,pin\nliisa,Liisa,040 111 1111,1111\n"
                                    "pekka,Pekka,,2222\n", -1);
    tu_write_file(dir, "shadows.csv", "id,first_name,escort,agreement_signed,language\n"
                                      "matti,Matti,liisa,yes,fi\naino,Aino,pekka,kyllä,sv\n"
                                      "elias,Elias,liisa,ei,fi\n", -1);
    tu_write_file(dir, "plan.csv", "shadow,start,end,kind,title,place,lunch_provided\n"
                                   "matti,8:30,9:00,arrive,Tervetuloa,Aula,\n"
                                   "matti,11:00,11:30,lunch,Lounas,Taukotila,\n"
                                   "aino,9:00,11:00,work,Leivonta,Leipomo,\n"
                                   "aino,11:00,11:30,lunch,Lounas,Taukotila,kyllä\n"
                                   "elias,8:30,9:00,arrive,Tervetuloa,,\n", -1);
    tu_write_file(dir, "safety.csv", "id,icon,title,title_sv,text,text_sv\n"
                                     "fire,fire,Palo,Brand,Mene ulos.,Gå ut.\n"
                                     "exit,exit,Ovet,,Ovet ovat tässä.,\n", -1);
    assert_int_equal(check_dir(dir, 0, &p, &rep), SD_OK);
    assert_int_equal(pack_ready_rows(p, rows), 0);
    assert_string_equal(ready_cell(p, rows, "aino", READY_ESCORT)->text, "Pekka: NO PHONE");
    assert_false(ready_cell(p, rows, "aino", READY_ESCORT)->ok);
    assert_string_equal(ready_cell(p, rows, "matti", READY_LUNCH)->text, "11:00 NOT SAID");
    assert_false(ready_cell(p, rows, "matti", READY_LUNCH)->ok);
    assert_string_equal(ready_cell(p, rows, "aino", READY_LUNCH)->text, "11:00 offered");
    assert_true(ready_cell(p, rows, "aino", READY_LUNCH)->ok);
    assert_string_equal(ready_cell(p, rows, "elias", READY_LUNCH)->text, "NOT SAID");
    assert_string_equal(ready_cell(p, rows, "aino", READY_SAFETY)->text, "1 of 2 IN sv");
    assert_false(ready_cell(p, rows, "aino", READY_SAFETY)->ok);
    assert_string_equal(ready_cell(p, rows, "matti", READY_SAFETY)->text, "2 cards, fi");
    assert_string_equal(ready_cell(p, rows, "aino", READY_ARRIVAL)->text, "NONE");
    assert_string_equal(ready_cell(p, rows, "elias", READY_ARRIVAL)->text, "8:30 NO PLACE");
    assert_false(ready_cell(p, rows, "elias", READY_ARRIVAL)->ok);
    assert_string_equal(ready_cell(p, rows, "matti", READY_ARRIVAL)->text, "8:30 Aula");
    assert_int_equal(pack_ready_warn(p, &rep), SD_OK);
    assert_warning(&rep, "shadows.csv:3: Aino: the escort Pekka has no phone number — add it in "
                         "hosts.csv");
    assert_warning(&rep, "shadows.csv:4: Elias: the agreement is not signed");
    assert_int_equal(rep.warnings, 2);
    pack_free(p);
    pack_report_free(&rep);
    /* Lunch said in workplace.csv only, and no lunch item: known. */
    tu_write_file(dir, "workplace.csv", "key,value\nname,Testikahvila\ndate,2027-04-15\n"
                                        "contact_phone,040 123 4567\nend_of_day,16:00\n"
                                        "admin_pin,246810\nlunch,ei\n", -1);
    assert_int_equal(check_dir(dir, 0, &p, &rep), SD_OK);
    pack_ready_rows(p, rows);
    assert_string_equal(ready_cell(p, rows, "elias", READY_LUNCH)->text, "own food");
    assert_true(ready_cell(p, rows, "elias", READY_LUNCH)->ok);
    assert_string_equal(ready_cell(p, rows, "matti", READY_LUNCH)->text, "11:00 own food");
    pack_free(p);
    pack_report_free(&rep);
}

static void test_pack_plan_order_and_overlap(void **state)
{
    struct pack_report rep;
    (void)state;
    /* Out of order: line 4 starts before line 3. */
    assert_int_equal(check_with("plan.csv", "shadow,start,end,kind,title\n"
                                            "*,8:30,9:00,arrive,Tervetuloa\n"
                                            "matti,10:00,11:00,work,Kahvi\n"
                                            "matti,9:00,10:00,work,Kassa\n"
                                            "aino,9:00,10:00,work,Leivonta\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "plan.csv:4: the item starts at 9:00 but the one on line 3 starts later, "
                       "at 10:00 — list the items in time order");
    pack_report_free(&rep);
    /* Overlap with the shadow's own item. */
    assert_int_equal(check_with("plan.csv", "shadow,start,end,kind,title\n"
                                            "matti,9:00,10:30,work,Kahvi\n"
                                            "matti,10:00,11:00,work,Kassa\n"
                                            "aino,9:00,10:00,work,Leivonta\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "plan.csv:3: the item starts at 10:00 but the one on line 2 ends at 10:30 "
                       "— items of one shadow must not overlap");
    pack_report_free(&rep);
    /* Overlap with an item for everyone: the shadow is named. */
    assert_int_equal(check_with("plan.csv", "shadow,start,end,kind,title\n"
                                            "*,11:00,11:30,lunch,Lounas\n"
                                            "matti,9:00,11:15,work,Kahvi\n"
                                            "aino,9:00,10:00,work,Leivonta\n", &rep),
                     SD_EINVAL);
    assert_true(has_problem(&rep, PACK_ERROR, "plan.csv:2: for matti,") ||
                has_problem(&rep, PACK_ERROR, "plan.csv:3: for matti,"));
    pack_report_free(&rep);
    /* A shadow without any item. */
    assert_int_equal(check_with("plan.csv", "shadow,start,end,kind,title\n"
                                            "matti,9:00,10:00,work,Kahvi\n", &rep),
                     SD_EINVAL);
    assert_error(&rep, "shadows.csv:3: aino has no items in plan.csv — add at least one line "
                       "for aino");
    pack_report_free(&rep);
    /* Touching items (one ends when the next starts) are fine, also across "*". */
    assert_int_equal(check_with("plan.csv", "shadow,start,end,kind,title\n"
                                            "*,8:00,9:00,arrive,Tervetuloa\n"
                                            "matti,9:00,10:00,work,Kahvi\n"
                                            "aino,9:00,10:00,work,Leivonta\n"
                                            "*,10:00,10:15,break,Tauko\n"
                                            "matti,10:15,11:00,work,Kassa\n", &rep),
                     SD_OK);
    pack_report_free(&rep);
}

/* Several problems in several files: all of them in one go, sorted by file and line. */
static void test_pack_all_problems_reported(void **state)
{
    struct pack_report rep;
    (void)state;
    const char *dir = min_pack();
    tu_write_file(dir, "hosts.csv", "id,name,pin\nliisa,Liisa,12\npekka,Pekka,2222\n", -1);
    tu_write_file(dir, "shadows.csv", "id,first_name,escort,agreement_signed\n"
                                      "matti,Matti,nobody,yes\naino,Aino,pekka,no\n", -1);
    tu_write_file(dir, "safety.csv", "id,icon,title,text\nfire,bomb,Palo,Ulos.\n", -1);
    tu_write_file(dir, "plan.csv", "shadow,start,end,kind,title\n"
                                   "matti,9:00,8:00,work,Kahvi\naino,9:00,10:00,work,Leivonta\n", -1);
    assert_int_equal(check_dir(dir, 0, NULL, &rep), SD_EINVAL);
    assert_error(&rep, "hosts.csv:2: the PIN must be 4 to 12 digits");
    assert_error(&rep, "shadows.csv:2: escort \"nobody\" is not in hosts.csv");
    assert_error(&rep, "plan.csv:2: the item starts at 9:00 and ends at 8:00");
    assert_error(&rep, "safety.csv:2: the icon \"bomb\" is not known");
    assert_int_equal(rep.errors, 4);
    /* sorted: hosts, shadows, plan, safety */
    char buf[600];
    const char *order[] = { "hosts.csv", "shadows.csv", "plan.csv", "safety.csv" };
    int at = 0;
    for (int i = 0; i < rep.count && at < 4; i++) {
        pack_problem_format(&rep.problems[i], buf, sizeof buf);
        if (strncmp(buf, order[at], strlen(order[at])) == 0)
            at++;
    }
    assert_int_equal(at, 4);
    pack_report_free(&rep);
}

/* The fixture with many problems: each one named with its file and line. */
static void test_pack_many_problems_fixture(void **state)
{
    struct pack_report rep;
    struct pack *p = (struct pack *)1;
    (void)state;
    assert_int_equal(check_dir(tu_source_path("tests/data/pack/many-problems"), 0, &p, &rep),
                     SD_EINVAL);
    assert_null(p);
    assert_all_well_formed(&rep);
    static const char *const errors[] = {
        "workplace.csv:4: \"31.2.2027\" is not a date",
        "workplace.csv:5: the key \"date\" is already on line 4",
        "workplace.csv:7: lunch is \"maybe\"",
        "workplace.csv:8: \"25:00\" is not a time",
        "workplace.csv:9: the language \"de\" is not available",
        "workplace.csv:10: idle_timeout must be a whole number from 30 to 600, not \"5\"",
        "workplace.csv:11: the PIN must be 4 to 12 digits",
        "hosts.csv:3: the id \"liisa\" is already used on line 2",
        "hosts.csv:4: the id \"pek ka\" is not valid",
        "hosts.csv:4: this host has no PIN",
        "hosts.csv:5: the id \"admin\" is kept for the admin PIN",
        "shadows.csv:2: escort \"liisa2\" is not in hosts.csv",
        "shadows.csv:2: the photo \"matti.jpg\" is not in the pack",
        "shadows.csv:3: \"first_name\" is empty",
        "shadows.csv:4: \"agreement_signed\" is empty",
        "plan.csv:4: the item starts at 9:30 but the one on line 3 ends at 10:00",
        "plan.csv:5: the item starts at 8:45 but the one on line 4 starts later",
        "plan.csv:6: the item starts at 10:00 and ends at 9:00",
        "plan.csv:7: the kind \"dance\" is not known",
        "plan.csv:8: \"title\" is empty",
        "plan.csv:8: \"with\" is \"jari\", which is not in hosts.csv",
        "plan.csv:9: shadow \"oskar\" is not in shadows.csv",
        "safety.csv:3: the id \"fire\" is already used on line 2",
        "safety.csv:3: the icon \"bomb\" is not known",
        "questions.csv: there are 3 questions for shadows",
        "questions.csv:3: the id \"next\" is used by the kiosk itself",
        "questions.csv:4: the audience \"boss\" is not known",
    };
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        assert_error(&rep, errors[i]);
    assert_warning(&rep, "workplace.csv:6: the phone number \"401234567\" does not start with 0");
    assert_warning(&rep, "workplace.csv:13: the key \"adress\" is not known and is ignored — did "
                         "you mean \"address\"?");
    assert_warning(&rep, "hosts.csv:1: the column \"titel_sv\" looks like a translation");
    assert_warning(&rep, "safety.csv:3: the text (fi) has 4 sentences");
    assert_warning(&rep, "safty.csv: this file is not part of a day pack and is ignored — did you "
                         "mean safety.csv?");
    assert_true(rep.errors >= (int)(sizeof errors / sizeof errors[0]));
    assert_int_equal(rep.truncated, 0);
    pack_report_free(&rep);
}

/* The report keeps the first PACK_MAX_PROBLEMS and counts the rest. */
static void test_pack_report_truncated(void **state)
{
    struct pack_report rep;
    (void)state;
    size_t cap = (size_t)(PACK_MAX_PROBLEMS + 50) * 40 + 100;
    char *buf = malloc(cap), *p = buf;
    p += sprintf(p, "id,first_name,escort,agreement_signed\n");
    for (int i = 0; i < PACK_MAX_PROBLEMS + 50; i++)
        p += sprintf(p, "s%d,S%d,ghost,yes\n", i, i);
    assert_int_equal(check_with("shadows.csv", buf, &rep), SD_EINVAL);
    free(buf);
    assert_int_equal(rep.count, PACK_MAX_PROBLEMS);
    assert_true(rep.errors > PACK_MAX_PROBLEMS);
    assert_int_equal(rep.truncated, 1);
    pack_report_free(&rep);
    /* Messages are cut on a letter boundary. */
    pack_report_init(&rep);
    char long_text[1000];
    memset(long_text, 0, sizeof long_text);
    for (int i = 0; i + 2 < (int)sizeof long_text - 1; i += 2)
        memcpy(long_text + i, "ä", 2);
    assert_int_equal(pack_report_add(&rep, PACK_ERROR, "x.csv", 3, "%s", long_text), SD_OK);
    assert_true(strlen(rep.problems[0].message) < sizeof rep.problems[0].message);
    assert_int_equal(strlen(rep.problems[0].message) % 2, 0);
    pack_report_free(&rep);
}

/* ---------------------------------------------------------------- PINs */

static void test_pack_plain_pins_hashed(void **state)
{
    struct pack_report rep;
    struct pack *p;
    (void)state;
    assert_int_equal(check_dir(min_pack(), 1, &p, &rep), SD_OK);
    for (int i = 0; i < p->host_count; i++) {
        assert_true(pin_hash_is_well_formed(p->hosts[i].pin_hash));
        assert_true(p->hosts[i].pin_is_plain);
    }
    assert_int_equal(pin_verify(pack_find_host(p, "liisa")->pin_hash, "1111"), SD_OK);
    assert_int_equal(pin_verify(pack_find_host(p, "pekka")->pin_hash, "2222"), SD_OK);
    assert_int_equal(pin_verify(p->workplace.admin_pin_hash, "246810"), SD_OK);
    /* The canonical files hold hashes only: no pin or admin_pin, no digits. */
    const struct pack_file *h = pack_source_find(&p->files, "hosts.csv");
    const struct pack_file *w = pack_source_find(&p->files, "workplace.csv");
    assert_non_null(h);
    assert_non_null(w);
    assert_non_null(strstr((const char *)h->data, "pin_hash"));
    assert_non_null(strstr((const char *)h->data, "$argon2id$"));
    assert_null(strstr((const char *)h->data, ",1111"));
    assert_null(strstr((const char *)h->data, ",2222"));
    assert_null(strstr((const char *)w->data, "admin_pin,"));
    assert_null(strstr((const char *)w->data, "246810"));
    assert_non_null(strstr((const char *)w->data, "admin_pin_hash"));
    /* Parsing the canonical files again gives the same hashes and the same pack id. */
    struct pack *again;
    struct pack_report rep2;
    pack_report_init(&rep2);
    assert_int_equal(pack_parse(&again, &p->files, 1, &rep2), SD_OK);
    assert_string_equal(again->pack_id, p->pack_id);
    assert_string_equal(pack_find_host(again, "liisa")->pin_hash, pack_find_host(p, "liisa")->pin_hash);
    assert_false(pack_find_host(again, "liisa")->pin_is_plain);
    pack_free(again);
    pack_report_free(&rep2);
    pack_free(p);
    pack_report_free(&rep);
    /* A hash made by pin-hash is taken as it is; both pin and pin_hash on one line is an error. */
    char hash[PIN_HASH_MAX], hosts[600];
    assert_int_equal(pin_hash("4321", hash), SD_OK);
    snprintf(hosts, sizeof hosts, "id,name,pin,pin_hash\nliisa,Liisa,,\"%s\"\npekka,Pekka,2222,\"%s\"\n",
             hash, hash);
    assert_int_equal(check_with("hosts.csv", hosts, &rep), SD_EINVAL);
    assert_error(&rep, "hosts.csv:3: give the PIN only once");
    pack_report_free(&rep);
    snprintf(hosts, sizeof hosts, "id,name,pin_hash\nliisa,Liisa,\"%s\"\npekka,Pekka,$argon2id$junk\n",
             hash);
    assert_int_equal(check_with("hosts.csv", hosts, &rep), SD_EINVAL);
    assert_error(&rep, "hosts.csv:3: the PIN hash is not valid");
    assert_false(has_problem(&rep, PACK_ERROR, "hosts.csv:2:"));
    pack_report_free(&rep);
}

/* ---------------------------------------------------------------- import into the store */

static struct store *open_store(const char *dir)
{
    char path[PATH_MAX];
    struct store *s = NULL;
    snprintf(path, sizeof path, "%s/db/kiosk.db", dir);
    if (store_open(&s, path, NULL) != SD_OK)
        fail_msg("store_open: %s", store_errmsg(s));
    return s;
}

/* The installed pack, parsed from the store as the kiosk does at start-up. */
static struct pack *stored_pack(struct store *s)
{
    struct pack_source src;
    struct pack_report rep;
    struct pack *p = NULL;
    assert_int_equal(store_pack_load(s, &src), SD_OK);
    pack_report_init(&rep);
    assert_int_equal(pack_parse(&p, &src, 0, &rep), SD_OK);
    pack_report_free(&rep);
    pack_source_free(&src);
    return p;
}

/* Every stored pack file's bytes, joined, for comparing before and after. */
static char *stored_files(struct store *s, size_t *len)
{
    struct pack_source src;
    assert_int_equal(store_pack_load(s, &src), SD_OK);
    size_t total = 0;
    for (int i = 0; i < src.count; i++)
        total += strlen(src.files[i].name) + 1 + src.files[i].len;
    char *all = malloc(total + 1), *p = all;
    for (int i = 0; i < src.count; i++) {
        memcpy(p, src.files[i].name, strlen(src.files[i].name) + 1);
        p += strlen(src.files[i].name) + 1;
        memcpy(p, src.files[i].data, src.files[i].len);
        p += src.files[i].len;
    }
    *len = total;
    pack_source_free(&src);
    return all;
}

static int import(struct store *s, const char *dir)
{
    struct pack_report rep;
    pack_report_init(&rep);
    int rc = pack_import_dir(s, dir, &rep);
    pack_report_free(&rep);
    return rc;
}

/* A bad pack leaves the current pack, its id, the records and the PIN overrides untouched. */
static void test_pack_import_all_or_nothing(void **state)
{
    char id[65], date[11], id2[65], date2[11];
    size_t len1, len2;
    int64_t n1, n2;
    (void)state;
    const char *work = tu_tmpdir();
    struct store *s = open_store(work);
    const char *good = min_pack();
    assert_int_equal(import(s, good), SD_OK);
    assert_int_equal(store_pack_info(s, id, date), SD_OK);
    struct record rec = { .kind = RECORD_CHECKIN };
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "matti");
    assert_int_equal(store_add_record(s, &rec), SD_OK);
    assert_int_equal(store_count_records(s, 0, &n1), SD_OK);
    char *before = stored_files(s, &len1);

    /* Problems of every kind: validation, hostile files, unreadable folder. */
    const char *bad1 = min_pack();
    tu_write_file(bad1, "shadows.csv", "id,first_name,escort,agreement_signed\n"
                                       "matti,Matti,ghost,yes\n", -1);
    const char *bad2 = min_pack();
    unlink(path_in(bad2, "plan.csv"));
    assert_int_equal(mkfifo(path_in(bad2, "plan.csv"), 0600), 0);
    const char *bad3 = min_pack();
    tu_write_file(bad3, "hosts.csv", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
    const char *bad4 = min_pack();
    int fd = open(path_in(bad4, "safety.csv"), O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 100L << 20), 0);
    close(fd);
    const char *bads[] = { bad1, bad2, bad3, bad4, "/nonexistent/pack" };
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        struct pack_report rep;
        pack_report_init(&rep);
        int rc = pack_import_dir(s, bads[i], &rep);
        assert_int_not_equal(rc, SD_OK);
        assert_int_not_equal(rc, SD_EEXIST);
        assert_true(rep.errors > 0 || rc != SD_EINVAL);
        pack_report_free(&rep);
        assert_int_equal(store_pack_info(s, id2, date2), SD_OK);
        assert_string_equal(id2, id);
        assert_string_equal(date2, date);
        char *after = stored_files(s, &len2);
        assert_int_equal(len1, len2);
        assert_memory_equal(before, after, len1);
        free(after);
        assert_int_equal(store_count_records(s, 0, &n2), SD_OK);
        assert_int_equal(n1, n2);
    }
    free(before);
    /* The same folder again: nothing to do. */
    assert_int_equal(import(s, good), SD_EEXIST);
    /* A preview never touches the store and does not hash. */
    struct pack *p;
    struct pack_report rep;
    pack_report_init(&rep);
    assert_int_equal(pack_import_preview(good, &p, &rep), SD_OK);
    assert_string_equal(pack_find_host(p, "liisa")->pin_hash, "");
    pack_free(p);
    pack_report_free(&rep);
    pack_report_init(&rep);
    assert_int_equal(pack_import_preview(bad1, &p, &rep), SD_EINVAL);
    assert_null(p);
    assert_error(&rep, "shadows.csv:2: escort \"ghost\"");
    pack_report_free(&rep);
    store_close(s);
}

/* After import the database holds no plain PIN anywhere; the hashes verify. */
static void test_pack_import_no_plain_pin_in_db(void **state)
{
    char path[PATH_MAX];
    int wait;
    (void)state;
    const char *work = tu_tmpdir();
    struct store *s = open_store(work);
    assert_int_equal(import(s, tu_source_path("assets/sample-pack/shadowday")), SD_OK);
    struct pack *p = stored_pack(s);
    assert_int_equal(store_pin_verify(s, p, "liisa", "1111", &wait), SD_OK);
    assert_int_equal(store_pin_verify(s, p, "jari", "4444", &wait), SD_OK);
    assert_int_equal(store_pin_verify(s, p, "admin", "246810", &wait), SD_OK);
    assert_int_equal(store_pin_verify(s, p, "liisa", "2222", &wait), SD_EAUTH);
    pack_free(p);
    store_close(s);

    sqlite3 *db;
    sqlite3_stmt *q;
    snprintf(path, sizeof path, "%s/db/kiosk.db", work);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name, data FROM pack_file", -1, &q, NULL),
                     SQLITE_OK);
    int files = 0, hosts_seen = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(q, 0);
        int n = sqlite3_column_bytes(q, 1);
        char *data = calloc(1, (size_t)n + 1);
        memcpy(data, sqlite3_column_blob(q, 1), (size_t)n);
        if (strstr(name, ".csv")) {
            assert_null(strstr(data, "246810"));
            assert_null(strstr(data, "admin_pin,"));
        }
        if (strcmp(name, "hosts.csv") == 0) {
            hosts_seen = 1;
            assert_null(strstr(data, ",1111"));
            assert_null(strstr(data, ",2222"));
            assert_null(strstr(data, ",3333"));
            assert_null(strstr(data, ",4444"));
            /* The header has pin_hash and no plain pin column. */
            char *nl = strchr(data, '\n');
            assert_non_null(nl);
            *nl = '\0';
            assert_non_null(strstr(data, "pin_hash"));
            assert_null(strstr(data, ",pin,"));
            assert_int_equal(strlen(data) >= 4 && strcmp(data + strlen(data) - 4, ",pin"), 1);
        }
        free(data);
        files++;
    }
    sqlite3_finalize(q);
    assert_true(files >= 5);
    assert_true(hosts_seen);
    /* Nowhere in the whole database (settings, meta) either. */
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM setting WHERE value LIKE '%246810%' "
                                            "OR value LIKE '%1111%'", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
}

/* PINs changed on the kiosk belong to the pack they were changed under: the same pack again
** keeps them, a different pack clears them in its install transaction. */
static void test_pack_import_new_pack_clears_pin_overrides(void **state)
{
    int wait;
    (void)state;
    const char *work = tu_tmpdir();
    struct store *s = open_store(work);
    const char *a = min_pack();
    assert_int_equal(import(s, a), SD_OK);
    struct pack *p = stored_pack(s);
    assert_int_equal(store_pin_change(s, "liisa", "9999"), SD_OK);
    assert_int_equal(store_pin_change(s, "admin", "135790"), SD_OK);
    assert_int_equal(store_pin_verify(s, p, "liisa", "9999", &wait), SD_OK);
    pack_free(p);

    /* The same folder again (the kiosk restarted with --pack): overrides stay. */
    assert_int_equal(import(s, a), SD_EEXIST);
    p = stored_pack(s);
    assert_int_equal(store_pin_verify(s, p, "liisa", "9999", &wait), SD_OK);
    assert_int_equal(store_pin_verify(s, p, "admin", "135790", &wait), SD_OK);
    pack_free(p);

    /* A bad pack changes nothing, overrides included. */
    const char *bad = min_pack();
    unlink(path_in(bad, "hosts.csv"));
    assert_int_equal(import(s, bad), SD_EINVAL);
    p = stored_pack(s);
    assert_int_equal(store_pin_verify(s, p, "liisa", "9999", &wait), SD_OK);
    pack_free(p);

    /* A different pack (another day): the old overrides are gone, the new pack's PINs work. */
    const char *b = min_pack();
    tu_write_file(b, "workplace.csv", "key,value\nname,Toinen kahvila\ndate,2027-04-16\n"
                                      "contact_phone,040 123 4567\nend_of_day,16:00\nadmin_pin,112233\n",
                  -1);
    assert_int_equal(import(s, b), SD_OK);
    p = stored_pack(s);
    assert_int_equal(store_pin_verify(s, p, "liisa", "1111", &wait), SD_OK);
    assert_int_equal(store_pin_verify(s, p, "liisa", "9999", &wait), SD_EAUTH);
    assert_int_equal(store_pin_verify(s, p, "admin", "112233", &wait), SD_OK);
    assert_int_equal(store_pin_verify(s, p, "admin", "135790", &wait), SD_EAUTH);
    pack_free(p);
    store_close(s);

    /* Also after a restart, and the overrides table is really empty. */
    char path[PATH_MAX];
    sqlite3 *db;
    sqlite3_stmt *q;
    snprintf(path, sizeof path, "%s/db/kiosk.db", work);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM pin_override", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 0);
    sqlite3_finalize(q);
    sqlite3_close(db);

    /* Going back to the first pack is a new install too: it starts from the pack's PINs. */
    s = open_store(work);
    assert_int_equal(store_pin_change(s, "pekka", "7777"), SD_OK);
    assert_int_equal(import(s, a), SD_OK);
    p = stored_pack(s);
    assert_int_equal(store_pin_verify(s, p, "pekka", "2222", &wait), SD_OK);
    pack_free(p);
    store_close(s);
}

static int override_count(const char *work)
{
    char path[PATH_MAX];
    sqlite3 *db;
    sqlite3_stmt *q;
    snprintf(path, sizeof path, "%s/db/kiosk.db", work);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM pin_override", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    int n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

/* store_pack_install alone: without a source hash the pack id tells packs apart; with source
** hashes on both sides they decide (a plain-PIN pack's id changes with every hashing). */
static void test_pack_install_same_or_new_pack(void **state)
{
    struct pack_report rep;
    struct pack *a, *b;
    int wait;
    (void)state;
    const char *work = tu_tmpdir();
    struct store *s = open_store(work);
    assert_int_equal(check_dir(min_pack(), 0, &a, &rep), SD_OK);
    pack_report_free(&rep);
    const char *dir_b = min_pack();
    tu_write_file(dir_b, "safety.csv", "id,icon,title,text\nask,ask,Kysy,Kysy aina.\n", -1);
    assert_int_equal(check_dir(dir_b, 0, &b, &rep), SD_OK);
    pack_report_free(&rep);
    assert_string_not_equal(a->pack_id, b->pack_id);

    /* Overrides set before any pack was installed are not an old pack's: they stay. */
    assert_int_equal(store_pin_change(s, "liisa", "9999"), SD_OK);
    assert_int_equal(store_pack_install(s, a), SD_OK);
    assert_int_equal(override_count(work), 1);
    assert_int_equal(store_pack_install(s, a), SD_OK);             /* same id */
    assert_int_equal(override_count(work), 1);
    assert_int_equal(store_pin_verify(s, NULL, "liisa", "9999", &wait), SD_OK);
    assert_int_equal(store_pack_install(s, b), SD_OK);             /* another id */
    assert_int_equal(override_count(work), 0);
    assert_int_equal(store_pin_verify(s, NULL, "liisa", "9999", &wait), SD_ENOTFOUND);

    /* With source hashes: same source, other id (new salts) keeps; other source clears. */
    memset(b->source_sha256, 'b', 64);
    assert_int_equal(store_pack_install(s, b), SD_OK);
    assert_int_equal(store_pin_change(s, "pekka", "8888"), SD_OK);
    memset(a->source_sha256, 'b', 64);
    assert_int_equal(store_pack_install(s, a), SD_OK);
    assert_int_equal(override_count(work), 1);
    char value[80];
    assert_int_equal(store_setting_get(s, "pack_source_sha256", value, sizeof value), SD_OK);
    assert_int_equal(strspn(value, "b"), 64);
    memset(a->source_sha256, 'c', 64);
    assert_int_equal(store_pack_install(s, a), SD_OK);
    assert_int_equal(override_count(work), 0);
    /* A pack without a source hash forgets the old one (so a folder import is not skipped). */
    a->source_sha256[0] = '\0';
    assert_int_equal(store_pack_install(s, a), SD_OK);
    assert_int_equal(store_setting_get(s, "pack_source_sha256", value, sizeof value), SD_ENOTFOUND);
    /* A refused install (bad date) changes nothing, overrides included. */
    assert_int_equal(store_pin_change(s, "pekka", "8888"), SD_OK);
    snprintf(b->workplace.date, sizeof b->workplace.date, "2027-02-30");
    assert_int_equal(store_pack_install(s, b), SD_EINVAL);
    assert_int_equal(override_count(work), 1);
    pack_free(a);
    pack_free(b);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack_min_valid),
        cmocka_unit_test(test_pack_translations_fall_back),
        cmocka_unit_test(test_pack_sample_valid),
        cmocka_unit_test(test_pack_excel_fixtures),
        cmocka_unit_test(test_pack_cp1252_letters),
        cmocka_unit_test(test_pack_template_valid),
        cmocka_unit_test(test_pack_symlink_refused),
        cmocka_unit_test(test_pack_fifo_refused),
        cmocka_unit_test(test_pack_directory_refused),
        cmocka_unit_test(test_pack_huge_file_refused_quickly),
        cmocka_unit_test(test_pack_binary_garbage),
        cmocka_unit_test(test_pack_utf16_and_nul_refused),
        cmocka_unit_test(test_pack_csv_limits),
        cmocka_unit_test(test_pack_too_many_files),
        cmocka_unit_test(test_pack_unterminated_quote),
        cmocka_unit_test(test_pack_missing_files),
        cmocka_unit_test(test_pack_missing_columns),
        cmocka_unit_test(test_pack_duplicate_ids),
        cmocka_unit_test(test_pack_dangling_references),
        cmocka_unit_test(test_pack_bad_times_and_values),
        cmocka_unit_test(test_pack_key_line),
        cmocka_unit_test(test_pack_ready_checklist),
        cmocka_unit_test(test_pack_plan_order_and_overlap),
        cmocka_unit_test(test_pack_all_problems_reported),
        cmocka_unit_test(test_pack_many_problems_fixture),
        cmocka_unit_test(test_pack_report_truncated),
        cmocka_unit_test(test_pack_plain_pins_hashed),
        cmocka_unit_test(test_pack_import_all_or_nothing),
        cmocka_unit_test(test_pack_import_no_plain_pin_in_db),
        cmocka_unit_test(test_pack_import_new_pack_clears_pin_overrides),
        cmocka_unit_test(test_pack_install_same_or_new_pack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
