/*
** testutil.h - helpers every test program shares: scratch folders, files, paths of the tree.
**
** Include after <setjmp.h>, <stdarg.h>, <stddef.h> and <cmocka.h>, as cmocka asks.
*/
#ifndef SD_TESTUTIL_H
#define SD_TESTUTIL_H

#include <stddef.h>

/* A new empty folder under $SD_TEST_TMP (or /tmp), unique per call; returned string is static
** per call site until the next call (copy it if you need two). */
const char *tu_tmpdir(void);
/* Path of a file in the source tree, e.g. tu_source_path("assets/sample-pack/shadowday"). */
const char *tu_source_path(const char *rel);
/* Path in the build tree, e.g. tu_build_path("shadowday"). */
const char *tu_build_path(const char *rel);
/* Write len bytes (len < 0: strlen) to dir/name, creating dir/; fails the test on error. */
void tu_write_file(const char *dir, const char *name, const char *data, long len);
/* Read a whole file (NUL-terminated); NULL if it cannot. free() the result. */
char *tu_read_file(const char *path, size_t *len);
/* Copy every regular file of src into dst (one level plus subfolders). */
void tu_copy_dir(const char *src, const char *dst);
/* Remove a tree. */
void tu_remove_tree(const char *path);
/* len bytes no compressor shortens, the same for the same seed (malloc'd; free() them). */
unsigned char *tu_bytes(size_t len, unsigned seed);
/* Run a shell command, return its exit status (or -1); output into *out when out != NULL. */
int tu_run(const char *cmd, char **out);

#endif
