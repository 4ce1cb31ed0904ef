/*
** web_pack.c - "Check a day pack" in the page: the CLI's own `pack check`, so the page prints
** exactly what `shadowday pack check` prints (every problem as file:line: message, or the
** summary), in the page's language. The worker captures stdout and stderr.
** Must not depend on SQLite or SDL.
*/
#include <emscripten.h>
#include <stdio.h>

#include "cli.h"
#include "web_api.h"

EMSCRIPTEN_KEEPALIVE int web_pack_check(const char *dir)
{
    char *argv[] = { "pack", "check", (char *)dir, NULL };
    int status = cmd_pack(3, argv);
    fflush(stdout);
    fflush(stderr);
    return status;
}
