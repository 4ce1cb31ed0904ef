/*
** pack_template.h - the files of the template day pack that `shadowday pack new` writes.
**
** Used by cmd_pack.c only. Links only the core.
*/
#ifndef SD_PACK_TEMPLATE_H
#define SD_PACK_TEMPLATE_H

#include <stddef.h>

struct pack_template_file {
    const char *name;               /* "workplace.csv", "OHJE.txt" */
    const char *const *lines;       /* NULL-terminated, without line ends */
};

/* The files in the order they are written; *count is how many. */
const struct pack_template_file *pack_template_files(int *count);
/* The file as written: a UTF-8 BOM, then each line with CRLF. malloc'd, NUL after *len bytes. */
char *pack_template_render(const struct pack_template_file *f, size_t *len);

#endif
