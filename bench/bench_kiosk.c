/*
** bench_kiosk.c - the kiosk's figures against a bare SDL2 program (bare_sdl.c), in one run:
**   start   exec to the first presented frame (SD_BENCH_FIRST_FRAME=exit), and ru_maxrss;
**   idle    the program left on its first screen: CPU and wake-ups over --idle-seconds, and its
**           peak memory (VmHWM) at the end;
**   render  every screen and variant of screens.c drawn in-process at 1920x1080 with the software
**           renderer: the first frame with an empty text cache, then --frames frames (mean, p95).
** start and idle run under SDL's dummy driver and under Xvfb when it is installed (the kiosk
** polls on drivers that cannot block and waits on x11, app.c's app_wait_event).
**   build-bench/bench_kiosk [--runs N] [--idle-runs N] [--idle-seconds S] [--frames N]
**                           [--only start,idle,render] [--no-xvfb] [--lang fi] [--screen NAME]
**                           [--keep]   (keep the scratch folder and the children's stderr log)
** Prints Markdown tables for docs/performance.md. Never a test: nothing is asserted.
*/
#define _XOPEN_SOURCE 700      /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app_loop.h"
#include "err.h"
#include "i18n.h"
#include "pack_import.h"
#include "store.h"
#include "text.h"

#ifndef BENCH_KIOSK_PATH
#define BENCH_KIOSK_PATH "./shadowday-kiosk"
#endif
#ifndef BENCH_BARE_PATH
#define BENCH_BARE_PATH "./bare_sdl"
#endif
#ifndef BENCH_PACK_DIR
#define BENCH_PACK_DIR "assets/sample-pack/shadowday"
#endif

enum { BENCH_MAX_RUNS = 200, BENCH_MAX_FRAMES = 2000 };

struct bench_options {
    int runs;               /* start-up runs per program and driver (after one warm-up) */
    int idle_runs;
    int idle_s;
    int frames;             /* render: frames timed per screen variant */
    int start, idle, render;
    int xvfb;
    const char *lang;
    const char *kiosk, *bare, *pack;
    const char *screen;     /* render only this screen (for profiling); NULL: all */
    int keep;               /* keep the scratch folder */
};

/* The scratch folder, the kiosk's data folder in it and the X display (0: none). */
static struct {
    char tmp[PATH_MAX];
    char data[PATH_MAX + 16];
    char usb[PATH_MAX + 16];
    char log[PATH_MAX + 16];
    pid_t xvfb_pid;
    int xvfb_fd;            /* the -displayfd pipe, kept open while Xvfb runs */
    int display;
} bench;

/* ---------------------------------------------------------------- small helpers */

static int bench_remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* rm -r of the scratch folder (made by mkdtemp here, so nothing else is in it). */
static void bench_remove_tree(const char *dir)
{
    nftw(dir, bench_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_sleep(double s)
{
    struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sorts v. The p-th percentile by the nearest rank. */
static double bench_percentile(double *v, int n, double p)
{
    if (n <= 0)
        return 0;
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    int k = (int)(p / 100.0 * n + 0.999999) - 1;
    return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

struct bench_stats {
    double median, min, max, mean, p95;
};

static struct bench_stats bench_stats_of(const double *in, int n)
{
    struct bench_stats st = { 0, 0, 0, 0, 0 };
    double v[BENCH_MAX_FRAMES];
    if (n <= 0)
        return st;
    memcpy(v, in, sizeof v[0] * (size_t)n);
    for (int i = 0; i < n; i++)
        st.mean += v[i] / n;
    st.p95 = bench_percentile(v, n, 95);     /* sorts v */
    st.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    st.min = v[0];
    st.max = v[n - 1];
    return st;
}

/* A "Key:   123 kB" line of /proc/PID/status, in kB; -1 when missing. */
static long bench_status_kb(pid_t pid, const char *key)
{
    char path[64], line[256];
    long value = -1;
    size_t len = strlen(key);
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, len) == 0 && line[len] == ':') {
            value = strtol(line + len + 1, NULL, 10);
            break;
        }
    fclose(f);
    return value;
}

/* CPU time the process has used, in seconds: /proc/PID/schedstat (ns) when the kernel keeps it,
** else utime + stime of /proc/PID/stat (clock ticks). */
static double bench_cpu_seconds(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
    FILE *f = fopen(path, "r");
    unsigned long long ns = 0;
    if (f) {
        int ok = fscanf(f, "%llu", &ns) == 1;
        fclose(f);
        if (ok && ns > 0)
            return (double)ns / 1e9;
    }
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');   /* the command name may hold spaces */
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* ---------------------------------------------------------------- children */

struct bench_child {
    pid_t pid;
    int out;                /* the read end of its stdout */
    double started;         /* bench_now() just before fork */
};

/* Start argv[0] with the video driver (and DISPLAY for x11), SD_BENCH_FIRST_FRAME=mode, its
** stdout to a pipe and its stderr to the log file. */
static int bench_spawn(struct bench_child *c, char *const argv[], const char *driver,
                       const char *mode)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    c->started = bench_now();
    c->pid = fork();
    if (c->pid < 0)
        return -1;
    if (c->pid == 0) {
        int log = open(bench.log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        dup2(fds[1], 1);
        if (log >= 0)
            dup2(log, 2);
        close(fds[0]);
        close(fds[1]);
        setenv("SDL_VIDEODRIVER", driver, 1);
        setenv("SDL_AUDIODRIVER", "dummy", 1);
        setenv("SD_BENCH_FIRST_FRAME", mode, 1);
        if (strcmp(driver, "x11") == 0) {
            char display[16];
            snprintf(display, sizeof display, ":%d", bench.display);
            setenv("DISPLAY", display, 1);
        } else {
            unsetenv("DISPLAY");
        }
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    c->out = fds[0];
    return 0;
}

/* Wait for the child's "first-frame T" line; returns T, or -1 when it exited or timed out. */
static double bench_first_frame(struct bench_child *c, double timeout_s)
{
    char buf[512];
    size_t have = 0;
    double deadline = bench_now() + timeout_s;
    for (;;) {
        struct pollfd p = { c->out, POLLIN, 0 };
        int wait_ms = (int)((deadline - bench_now()) * 1000);
        if (wait_ms <= 0 || poll(&p, 1, wait_ms) <= 0)
            return -1;
        ssize_t n = read(c->out, buf + have, sizeof buf - 1 - have);
        if (n <= 0)
            return -1;
        have += (size_t)n;
        buf[have] = '\0';
        const char *line = strstr(buf, "first-frame ");
        if (line && strchr(line, '\n'))
            return strtod(line + 12, NULL);
        if (have >= sizeof buf - 1)
            have = 0;
    }
}

/* Reap the child: SIGTERM (SDL turns it into SDL_QUIT) when stop, SIGKILL after 10 s. */
static int bench_reap(struct bench_child *c, int stop, struct rusage *ru)
{
    int status = 0;
    if (stop)
        kill(c->pid, SIGTERM);
    double deadline = bench_now() + 10;
    for (;;) {
        pid_t r = wait4(c->pid, &status, WNOHANG, ru);
        if (r == c->pid)
            break;
        if (r < 0)
            return -1;
        if (bench_now() > deadline) {
            kill(c->pid, SIGKILL);
            wait4(c->pid, &status, 0, ru);
            break;
        }
        bench_sleep(0.005);
    }
    close(c->out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The argument vectors: the kiosk as the systemd unit starts it, but in an 800x480 window. */
struct bench_program {
    const char *name;
    char *argv[12];
};

static void bench_programs(const struct bench_options *o, struct bench_program prog[2], int idle)
{
    static char idle_arg[] = "--idle", idle_value[] = "3600";
    memset(prog, 0, 2 * sizeof *prog);
    prog[0].name = "kiosk";
    char **a = prog[0].argv;
    *a++ = (char *)o->kiosk;
    *a++ = (char *)"--windowed";
    *a++ = (char *)"--size";
    *a++ = (char *)"800x480";
    *a++ = (char *)"--data";
    *a++ = bench.data;
    *a++ = (char *)"--usb";
    *a++ = bench.usb;
    prog[1].name = "bare";
    prog[1].argv[0] = (char *)o->bare;
    if (idle) {
        prog[1].argv[1] = idle_arg;
        prog[1].argv[2] = idle_value;
    }
}

/* ---------------------------------------------------------------- Xvfb */

/* Start Xvfb on a free display (it says which through -displayfd); 0 when it cannot run. */
static int bench_xvfb_start(void)
{
    int fds[2];
    char fd_arg[16], buf[32];
    if (pipe(fds) != 0)
        return 0;
    snprintf(fd_arg, sizeof fd_arg, "%d", fds[1]);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int log = open(bench.log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        dup2(log, 1);
        dup2(log, 2);
        close(fds[0]);
        execlp("Xvfb", "Xvfb", "-displayfd", fd_arg, "-screen", "0", "800x480x24", "-nolisten",
               "tcp", "-noreset", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        return 0;
    }
    /* The read end stays open while Xvfb runs: it may write the newline after the number
       separately, and a closed pipe there is fatal to it. */
    struct pollfd p = { fds[0], POLLIN, 0 };
    ssize_t n = poll(&p, 1, 10000) > 0 ? read(fds[0], buf, sizeof buf - 1) : -1;
    if (n <= 0) {
        close(fds[0]);
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        return 0;
    }
    bench.xvfb_fd = fds[0];
    buf[n] = '\0';
    bench.xvfb_pid = pid;
    bench.display = atoi(buf);
    return 1;
}

static void bench_xvfb_stop(void)
{
    if (bench.xvfb_pid > 0) {
        kill(bench.xvfb_pid, SIGTERM);
        waitpid(bench.xvfb_pid, NULL, 0);
        close(bench.xvfb_fd);
        bench.xvfb_pid = 0;
    }
}

/* ---------------------------------------------------------------- start and idle */

static void bench_start(const struct bench_options *o, const char *driver)
{
    struct bench_program prog[2];
    bench_programs(o, prog, 0);
    printf("\n### Start to first frame, SDL_VIDEODRIVER=%s (%d runs after one warm-up)\n\n", driver,
           o->runs);
    printf("| program | first frame ms: median | min | max | exit ms: median | ru_maxrss MiB: median | min | max |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    for (int p = 0; p < 2; p++) {
        double first[BENCH_MAX_RUNS], total[BENCH_MAX_RUNS], rss[BENCH_MAX_RUNS];
        int n = 0, failed = 0;
        for (int run = -1; run < o->runs; run++) {
            struct bench_child c;
            struct rusage ru;
            if (bench_spawn(&c, prog[p].argv, driver, "exit") != 0)
                break;
            double t = bench_first_frame(&c, 60);
            int status = bench_reap(&c, t < 0, &ru);
            double end = bench_now();
            if (t < 0 || status != 0) {
                failed++;
                continue;
            }
            if (run < 0)
                continue;
            first[n] = (t - c.started) * 1000;
            total[n] = (end - c.started) * 1000;
            rss[n] = (double)ru.ru_maxrss / 1024;
            n++;
        }
        struct bench_stats f = bench_stats_of(first, n), e = bench_stats_of(total, n),
                           m = bench_stats_of(rss, n);
        printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%s\n", prog[p].name, f.median,
               f.min, f.max, e.median, m.median, m.min, m.max, failed ? " (some runs failed: see the log)" : "");
    }
}

static void bench_idle(const struct bench_options *o, const char *driver)
{
    struct bench_program prog[2];
    bench_programs(o, prog, 1);
    printf("\n### Idle on the first screen, SDL_VIDEODRIVER=%s (%d runs of %d s, 2 s after the first frame)\n\n",
           driver, o->idle_runs, o->idle_s);
    printf("| program | CPU %% of one core: median | min | max | wake-ups/s: median | VmHWM MiB: median | min | max | VmRSS MiB: median |\n");
    printf("|---|---|---|---|---|---|---|---|---|\n");
    for (int p = 0; p < 2; p++) {
        double cpu[BENCH_MAX_RUNS], wakes[BENCH_MAX_RUNS], hwm[BENCH_MAX_RUNS], rss[BENCH_MAX_RUNS];
        int n = 0, failed = 0;
        for (int run = 0; run < o->idle_runs; run++) {
            struct bench_child c;
            struct rusage ru;
            if (bench_spawn(&c, prog[p].argv, driver, "1") != 0)
                break;
            if (bench_first_frame(&c, 60) < 0) {
                bench_reap(&c, 1, &ru);
                failed++;
                continue;
            }
            bench_sleep(2);
            double cpu0 = bench_cpu_seconds(c.pid), t0 = bench_now();
            long sw0 = bench_status_kb(c.pid, "voluntary_ctxt_switches") +
                       bench_status_kb(c.pid, "nonvoluntary_ctxt_switches");
            bench_sleep(o->idle_s);
            double cpu1 = bench_cpu_seconds(c.pid), t1 = bench_now();
            long sw1 = bench_status_kb(c.pid, "voluntary_ctxt_switches") +
                       bench_status_kb(c.pid, "nonvoluntary_ctxt_switches");
            long peak = bench_status_kb(c.pid, "VmHWM"), now = bench_status_kb(c.pid, "VmRSS");
            bench_reap(&c, 1, &ru);
            if (cpu0 < 0 || cpu1 < 0 || peak < 0) {
                failed++;
                continue;
            }
            cpu[n] = (cpu1 - cpu0) / (t1 - t0) * 100;
            wakes[n] = (double)(sw1 - sw0) / (t1 - t0);
            hwm[n] = (double)peak / 1024;
            rss[n] = (double)now / 1024;
            n++;
        }
        struct bench_stats c = bench_stats_of(cpu, n), w = bench_stats_of(wakes, n),
                           h = bench_stats_of(hwm, n), r = bench_stats_of(rss, n);
        printf("| %s | %.3f | %.3f | %.3f | %.1f | %.1f | %.1f | %.1f | %.1f |%s\n", prog[p].name,
               c.median, c.min, c.max, w.median, h.median, h.min, h.max, r.median,
               failed ? " (some runs failed: see the log)" : "");
    }
}

/* ---------------------------------------------------------------- render */

/* A visit in progress for the pack's first shadow (checked in, escort confirmed), as the
** layout check makes it, so the visit screens have someone to show. */
static int bench_make_visit(struct app *app)
{
    const struct pack_shadow *s = &app->pack->shadows[0];
    struct record rec;
    app_begin_visit(app, s);
    if (app->visit.state.uuid[0])
        return SD_OK;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_CHECKIN;
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", s->id);
    snprintf(rec.lang, sizeof rec.lang, "fi");
    int rc = store_add_record(app->store, &rec);
    app_reload_visit(app);
    if (rc != SD_OK)
        return rc;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_ESCORT;
    snprintf(rec.visit, sizeof rec.visit, "%s", app->visit.state.uuid);
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", s->id);
    snprintf(rec.host_id, sizeof rec.host_id, "%s", s->escort_id);
    rc = store_add_record(app->store, &rec);
    app_reload_visit(app);
    return rc;
}

static double bench_time_draw(struct app *app)
{
    double t0 = bench_now();
    app_draw(app);
    return (bench_now() - t0) * 1000;
}

static int bench_render(const struct bench_options *o, int w, int h)
{
    static struct app app;
    struct app_options opt;
    memset(&opt, 0, sizeof opt);
    opt.data_dir = bench.data;      /* the pack is installed already: no PIN hashing here */
    opt.pack_dir = o->pack;
    opt.offscreen = 1;
    opt.width = w;
    opt.height = h;
    if (app_open(&app, &opt) != SD_OK || !app.pack) {
        fprintf(stderr, "bench_kiosk: the kiosk did not open: %s\n", app.fatal);
        app_close(&app);
        return -1;
    }
    /* The sample pack's own day at 10:05, as in the layout check. */
    struct tm tm = { .tm_hour = 10, .tm_min = 5, .tm_isdst = -1 };
    sscanf(app.pack->workplace.date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    app_use_virtual_clock(&app, (int64_t)mktime(&tm));

    printf("\n### Render time per screen, %dx%d, software renderer, language %s (%d frames each)\n\n",
           w, h, o->lang, o->frames);
    printf("| screen#variant | first frame, empty text cache ms | min ms | median ms | mean ms | p95 ms | max ms |\n");
    printf("|---|---|---|---|---|---|---|\n");
    double worst_p95 = 0, worst_median = 0, worst_first = 0, all_means = 0;
    const char *worst_name = "", *worst_median_name = "", *worst_first_name = "";
    static char names[256][48];
    int states = 0, over = 0, median_over = 0;
    for (const struct screen *const *sp = screen_list(); *sp; sp++) {
        const struct screen *s = *sp;
        if (o->screen && strcmp(o->screen, s->name) != 0)
            continue;
        for (int n = 0; n < 16; n++) {
            if (bench_make_visit(&app) != SD_OK)
                fprintf(stderr, "bench_kiosk: the sample visit could not be saved\n");
            app_set_language(&app, o->lang);
            if (app_show(&app, s, n) != 0)
                break;
            text_cache_clear();
            double first = bench_time_draw(&app);
            const char *moved = app_screen(&app) != s ? " (left the screen)" : "";
            double v[BENCH_MAX_FRAMES];
            for (int f = 0; f < o->frames; f++)
                v[f] = bench_time_draw(&app);
            struct bench_stats st = bench_stats_of(v, o->frames);
            char *name = names[states % 256];
            snprintf(name, sizeof names[0], "%s#%d", s->name, n);
            printf("| %s%s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", name, moved, first, st.min,
                   st.median, st.mean, st.p95, st.max);
            if (st.p95 > worst_p95) {
                worst_p95 = st.p95;
                worst_name = name;
            }
            if (st.median > worst_median) {
                worst_median = st.median;
                worst_median_name = name;
            }
            if (first > worst_first) {
                worst_first = first;
                worst_first_name = name;
            }
            over += st.p95 >= 4.0;
            median_over += st.median >= 4.0;
            all_means += st.mean;
            states++;
        }
    }
    printf("\n%d screen states; mean of the means %.2f ms; worst median %.2f ms (%s); %d with "
           "median >= 4 ms; worst p95 %.2f ms (%s); %d with p95 >= 4 ms; slowest first frame "
           "%.2f ms (%s)\n",
           states, states ? all_means / states : 0, worst_median, worst_median_name, median_over,
           worst_p95, worst_name, over, worst_first, worst_first_name);
    app_close(&app);
    return 0;
}

/* Where the kiosk's start-up goes, inside the process: app_open (SDL, fonts found, store opened
** and checked, pack parsed) and the first frame of Start with no font open and nothing cached,
** 800x480 off-screen. What is left of "exec to first frame" is exec, the dynamic loader and the
** window. */
static void bench_startup_parts(const struct bench_options *o)
{
    double open_ms[BENCH_MAX_RUNS], frame_ms[BENCH_MAX_RUNS];
    int n = 0;
    for (int run = -1; run < o->runs; run++) {
        static struct app app;
        struct app_options opt;
        memset(&opt, 0, sizeof opt);
        opt.data_dir = bench.data;
        opt.offscreen = 1;
        opt.width = 800;
        opt.height = 480;
        double t0 = bench_now();
        int rc = app_open(&app, &opt);
        double t1 = bench_now();
        if (rc == SD_OK)
            app_draw(&app);
        double t2 = bench_now();
        app_close(&app);
        if (rc != SD_OK || run < 0)
            continue;
        open_ms[n] = (t1 - t0) * 1000;
        frame_ms[n] = (t2 - t1) * 1000;
        n++;
    }
    struct bench_stats a = bench_stats_of(open_ms, n), f = bench_stats_of(frame_ms, n);
    printf("\n### The kiosk's start-up inside the process, 800x480 off-screen (%d runs after one warm-up)\n\n", n);
    printf("| part | median ms | min | max |\n|---|---|---|---|\n");
    printf("| app_open (SDL_Init, store_open with its checks, pack parse) | %.1f | %.1f | %.1f |\n",
           a.median, a.min, a.max);
    printf("| first frame of Start (fonts opened, every text shaped and rendered) | %.1f | %.1f | %.1f |\n",
           f.median, f.min, f.max);
}

/* ---------------------------------------------------------------- set-up */

/* The kiosk's data folder with the sample pack installed, as on a kiosk that was set up: the
** runs then start as the systemd unit starts them (no --pack, no PIN hashing at start). */
static int bench_prepare(const struct bench_options *o)
{
    struct store *st = NULL;
    struct pack_report rep;
    char db[PATH_MAX + 32];
    snprintf(bench.tmp, sizeof bench.tmp, "%s/sd-bench-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(bench.tmp))
        return -1;
    snprintf(bench.data, sizeof bench.data, "%s/data", bench.tmp);
    snprintf(bench.usb, sizeof bench.usb, "%s/usb", bench.tmp);
    snprintf(bench.log, sizeof bench.log, "%s/children.log", bench.tmp);
    mkdir(bench.data, 0700);
    mkdir(bench.usb, 0700);
    snprintf(db, sizeof db, "%s/shadowday.db", bench.data);
    int rc = store_open(&st, db, NULL);
    if (rc == SD_OK) {
        pack_report_init(&rep);
        rc = pack_import_dir(st, o->pack, &rep);
        pack_report_free(&rep);
    }
    store_close(st);
    if (rc != SD_OK) {
        fprintf(stderr, "bench_kiosk: the sample pack %s could not be installed (%s)\n", o->pack,
                sd_strerror(rc));
        return -1;
    }
    return 0;
}

static void bench_machine(void)
{
    char line[256], model[256] = "?";
    struct utsname u;
    FILE *f = fopen("/proc/cpuinfo", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0) {
            const char *colon = strchr(line, ':');
            snprintf(model, sizeof model, "%s", colon ? colon + 2 : line);
            model[strcspn(model, "\n")] = '\0';
            break;
        }
    if (f)
        fclose(f);
    uname(&u);
    SDL_version v;
    SDL_GetVersion(&v);
    time_t now = time(NULL);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    double load[3] = { 0, 0, 0 };
    f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
            load[0] = -1;
        fclose(f);
    }
    printf("Machine: %ld CPUs online, %s; %s %s %s; SDL %d.%d.%d; %s; load average %.2f %.2f %.2f\n",
           sysconf(_SC_NPROCESSORS_ONLN), model, u.sysname, u.release, u.machine, v.major, v.minor,
           v.patch, date, load[0], load[1], load[2]);
}

static int bench_usage(void)
{
    fprintf(stderr, "usage: bench_kiosk [--runs N] [--idle-runs N] [--idle-seconds S] [--frames N]\n"
                    "                   [--only start,idle,render] [--no-xvfb] [--lang fi|sv|en]\n"
                    "                   [--kiosk PATH] [--bare PATH] [--pack DIR] [--screen NAME]\n"
                    "                   [--keep]\n");
    return 2;
}

int main(int argc, char **argv)
{
    struct bench_options o = { 10, 3, 10, 100, 1, 1, 1, 1, "fi", BENCH_KIOSK_PATH, BENCH_BARE_PATH,
                               BENCH_PACK_DIR, NULL, 0 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--no-xvfb") == 0 || strcmp(a, "--keep") == 0) {
            if (a[2] == 'n')
                o.xvfb = 0;
            else
                o.keep = 1;
            continue;
        }
        if (!v)
            return bench_usage();
        i++;
        if (strcmp(a, "--runs") == 0)
            o.runs = atoi(v);
        else if (strcmp(a, "--idle-runs") == 0)
            o.idle_runs = atoi(v);
        else if (strcmp(a, "--idle-seconds") == 0)
            o.idle_s = atoi(v);
        else if (strcmp(a, "--frames") == 0)
            o.frames = atoi(v);
        else if (strcmp(a, "--lang") == 0)
            o.lang = v;
        else if (strcmp(a, "--kiosk") == 0)
            o.kiosk = v;
        else if (strcmp(a, "--bare") == 0)
            o.bare = v;
        else if (strcmp(a, "--pack") == 0)
            o.pack = v;
        else if (strcmp(a, "--screen") == 0)
            o.screen = v;
        else if (strcmp(a, "--only") == 0) {
            o.start = strstr(v, "start") != NULL;
            o.idle = strstr(v, "idle") != NULL;
            o.render = strstr(v, "render") != NULL;
        } else
            return bench_usage();
    }
    if (o.runs < 1 || o.runs > BENCH_MAX_RUNS || o.idle_runs < 1 || o.idle_runs > BENCH_MAX_RUNS ||
        o.idle_s < 1 || o.frames < 1 || o.frames > BENCH_MAX_FRAMES)
        return bench_usage();
    bench_machine();
    if (bench_prepare(&o) != 0)
        return 1;
    printf("Kiosk: %s; bare: %s; scratch and child stderr: %s\n", o.kiosk, o.bare, bench.tmp);

    /* The children first, while this process is small (a fork's size counts in ru_maxrss). */
    const char *drivers[2] = { "dummy", NULL };
    if ((o.start || o.idle) && o.xvfb) {
        if (bench_xvfb_start())
            drivers[1] = "x11";
        else
            printf("\nXvfb could not be started: the x11 figures are left out.\n");
    }
    for (int d = 0; d < 2 && drivers[d]; d++) {
        if (o.start)
            bench_start(&o, drivers[d]);
        if (o.idle)
            bench_idle(&o, drivers[d]);
    }
    bench_xvfb_stop();
    if (o.start || o.render)
        setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (o.start)
        bench_startup_parts(&o);
    if (o.render) {
        if (bench_render(&o, 1920, 1080) != 0)
            return 1;
    }
    if (o.keep)
        printf("\n(scratch folder %s kept)\n", bench.tmp);
    else
        bench_remove_tree(bench.tmp);
    return 0;
}
