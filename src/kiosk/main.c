/*
** main.c - `shadowday-kiosk`: parse the options, open the app, run the loop (or a script).
**
** Reading order for the kiosk: this file, app_loop.h, app.h/app.c (loop, navigation, services),
** ui.h/ui.c (widgets), screen.h and step.h, then the screens in the order of the day
** (scr_start.c, scr_who.c, ...).
** Start-up failures that leave nothing to draw on go through die(); everything later is shown
** on the screen.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app_loop.h"
#include "i18n.h"

#ifndef SD_VERSION
#define SD_VERSION "0"
#endif

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("shadowday-kiosk: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void usage(FILE *out)
{
    fputs("Usage: shadowday-kiosk [OPTIONS]\n"
          "\n"
          "The Job Shadow Day touch kiosk. Full screen unless --windowed.\n"
          "\n"
          "  --windowed          run in a window (development)\n"
          "  --size WxH          window or screen size in pixels (e.g. 800x480, 720x1280)\n"
          "  --display-mm W      physical width of the display in mm (for 12 mm targets)\n"
          "  --data DIR          the kiosk's data folder (default ~/.local/share/shadowday)\n"
          "  --pack DIR          import this day pack folder at start (development, sample)\n"
          "  --usb DIR           where USB sticks are mounted (default /media/shadowday)\n"
          "  --fonts DIR         a folder with the three font files (default: Debian's paths)\n"
          "  --script FILE       run the scripted driver's steps headless, then exit\n"
          "  --shots DIR         where the script's `shot` steps save PNG screenshots\n"
          "  --require-input     stop with a message when no touch screen or mouse is found\n"
          "  --version           print the version\n"
          "  --help              this text\n"
          "\n"
          "Exit status: 0 normal stop or script passed, 1 start-up failure or script failed,\n"
          "2 wrong options.\n",
          out);
}

/* Options that take a value, as a table: name, where the value goes. */
struct kiosk_args {
    struct app_options opt;
    const char *size;
    const char *display_mm;
    int require_input;        /* --require-input (the systemd unit) */
};

static int parse_args(int argc, char **argv, struct kiosk_args *a)
{
    static const struct {
        const char *name;
        size_t offset;
    } valued[] = {
        { "--data", offsetof(struct kiosk_args, opt.data_dir) },
        { "--pack", offsetof(struct kiosk_args, opt.pack_dir) },
        { "--usb", offsetof(struct kiosk_args, opt.usb_dir) },
        { "--fonts", offsetof(struct kiosk_args, opt.font_dir) },
        { "--script", offsetof(struct kiosk_args, opt.script) },
        { "--shots", offsetof(struct kiosk_args, opt.shots_dir) },
        { "--size", offsetof(struct kiosk_args, size) },
        { "--display-mm", offsetof(struct kiosk_args, display_mm) },
    };
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(arg, "--version") == 0) {
            printf("shadowday-kiosk %s\n", SD_VERSION);
            exit(0);
        }
        if (strcmp(arg, "--windowed") == 0) {
            a->opt.windowed = 1;
            continue;
        }
        if (strcmp(arg, "--require-input") == 0) {
            a->require_input = 1;
            continue;
        }
        int matched = 0;
        for (unsigned k = 0; k < sizeof valued / sizeof valued[0]; k++) {
            if (strcmp(arg, valued[k].name) != 0)
                continue;
            if (i + 1 >= argc) {
                fprintf(stderr, "shadowday-kiosk: %s needs a value\n", arg);
                return -1;
            }
            *(const char **)((char *)a + valued[k].offset) = argv[++i];
            matched = 1;
        }
        if (!matched) {
            fprintf(stderr, "shadowday-kiosk: unknown option '%s'\n\n", arg);
            usage(stderr);
            return -1;
        }
    }
    if (a->size && (sscanf(a->size, "%dx%d", &a->opt.width, &a->opt.height) != 2 ||
                    a->opt.width < 64 || a->opt.height < 64 || a->opt.width > 8192 ||
                    a->opt.height > 8192)) {
        fprintf(stderr, "shadowday-kiosk: --size wants WIDTHxHEIGHT, e.g. 800x480\n");
        return -1;
    }
    if (a->display_mm && (a->opt.display_mm_w = strtof(a->display_mm, NULL)) <= 10.0f) {
        fprintf(stderr, "shadowday-kiosk: --display-mm wants the width in millimetres\n");
        return -1;
    }
    return 0;
}

/* Whether any evdev device we may read is a touch screen or has a left button. SDL 2.26 lists
** touch devices (SDL_GetNumTouchDevices) but not mice or keyboards (SDL 3 added those), so for a
** pointer the devices are asked directly, the way SDL's own evdev layer classifies them. */
static int has_evdev_pointer(void)
{
    unsigned long keys[KEY_MAX / (8 * sizeof(unsigned long)) + 1];
    DIR *d = opendir("/dev/input");
    struct dirent *de;
    int found = 0;
    if (!d)
        return 0;
    while (!found && (de = readdir(d)) != NULL) {
        char path[300];
        if (strncmp(de->d_name, "event", 5) != 0)
            continue;
        snprintf(path, sizeof path, "/dev/input/%s", de->d_name);
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        memset(keys, 0, sizeof keys);
        if (ioctl(fd, EVIOCGBIT(EV_KEY, sizeof keys), keys) >= 0) {
            const unsigned long bits = 8 * sizeof(unsigned long);
            found = ((keys[BTN_LEFT / bits] >> (BTN_LEFT % bits)) & 1) ||
                    ((keys[BTN_TOUCH / bits] >> (BTN_TOUCH % bits)) & 1);
        }
        close(fd);
    }
    closedir(d);
    return found;
}

/* --require-input: a kiosk nobody can touch is a broken kiosk; say so instead of waiting. A
** desktop session (x11, wayland) always has a pointer. */
static int has_input(void)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    if (SDL_GetNumTouchDevices() > 0)
        return 1;
    if (driver && (strcmp(driver, "x11") == 0 || strcmp(driver, "wayland") == 0))
        return 1;
    return has_evdev_pointer();
}

int main(int argc, char **argv)
{
    struct kiosk_args args;
    static struct app app;
    memset(&args, 0, sizeof args);
    if (parse_args(argc, argv, &args) != 0)
        return 2;
    if (args.opt.script && !getenv("SDL_VIDEODRIVER"))
        setenv("SDL_VIDEODRIVER", "dummy", 1);
    /* A script runs in a window of --size: "full screen" on the dummy driver would be its
       fixed 1024x768 mode, whatever size the script asked for. */
    if (args.opt.script)
        args.opt.windowed = 1;

    int rc = app_open(&app, &args.opt);
    if (!app_has_display(&app))
        die("%s", app.fatal[0] ? app.fatal : "the display could not be opened");
    if (rc != 0)
        fprintf(stderr, "shadowday-kiosk: %s\n", app.fatal);
    if (args.require_input && !app.fatal[0] && !has_input()) {
        snprintf(app.fatal, sizeof app.fatal, "%s",
                 _("No touch screen or mouse was found, so the kiosk cannot be used. Check that "
                   "the display's cables are connected, then restart the kiosk."));
        fprintf(stderr, "shadowday-kiosk: %s\n", app.fatal);
    }

    int status;
    if (args.opt.script) {
        status = script_run(&app, args.opt.script);
    } else if (app.fatal[0] && !args.opt.windowed) {
        /* Show why, then exit non-zero so systemd restarts us and the journal has the reason. */
        app_draw(&app);
        SDL_Delay(15000);
        status = 1;
    } else {
        status = app_run(&app);
    }
    app_close(&app);
    return status;
}
