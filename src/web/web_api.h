/*
** web_api.h - what the coordinator's page calls in the WebAssembly module (web/worker.js).
**
** Each entry point calls the functions the CLI's commands call (or the command itself, for
** `pack check`, whose printed text the page shows as it is): the page adds only the picking of
** files and the screens around them. Strings returned stay valid until the next call of the same
** function. Files are paths in the module's file system, where the worker puts the picked files.
** Every function declared here is exported (src/web/CMakeLists.txt reads this file).
** Must not depend on SQLite or SDL.
*/
#ifndef SD_WEB_API_H
#define SD_WEB_API_H

/* Languages (web_i18n.c): the page's own strings are in the same catalogue as the core's. */
void web_set_language(const char *lang);
const char *web_language(void);
int web_language_count(void);
const char *web_language_code(int i);
const char *web_language_name(const char *lang);
const char *web_gettext(const char *msgid);
const char *web_ngettext(const char *singular, const char *plural, int n);
const char *web_version(void);

/* `shadowday pack check DIR`, its text on stdout/stderr; returns its exit code (web_pack.c). */
int web_pack_check(const char *dir);

/* Keys and PINs (web_keys.c). SD_OK or an SD_E* code; web_message() says what went wrong. */
int web_keygen(const char *path, const char *passphrase);
const char *web_key_describe(int rc);
const char *web_key_line(void);
const char *web_key_fingerprint(void);
const char *web_pin_hash(const char *pin);
const char *web_message(void);

/* Collect (web_collect.c): begin with the key file (or none), add inputs, write, read results. */
int web_collect_begin(const char *key_path, const char *passphrase);
int web_collect_add(const char *path);
int web_collect_write(const char *out_dir, double now, int offset_min);
int web_collect_record_count(void);
int web_collect_duplicate_count(void);
int web_collect_problem_count(void);
const char *web_collect_problem(int i);
int web_collect_receipt_count(void);
const char *web_collect_receipt_kiosk(int i);
const char *web_collect_receipt_batch(int i);
const char *web_collect_receipt_code(int i);
int web_collect_receipt_records(int i);
void web_collect_end(void);

/* Every regular file of dir (not below) into one zip file at zip_path (web_zip.c). */
int web_zip_dir(const char *dir, const char *zip_path, double now);

#endif
