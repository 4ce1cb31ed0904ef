/*
** pack_internal.h - the small helpers the day pack's files share and nobody else uses: the
** names of a pack's files, the string arena of a parsed pack, the value parsers, the pack id
** and the built-in questions. Each is a leaf: it calls none of the pack's other files, so the
** readers can use them without a cycle (tests/core_calls.sh checks that).
** The parse itself (sheets, the per-file readers) is in pack_sheet.h.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_PACK_INTERNAL_H
#define SD_PACK_INTERNAL_H

#include "pack.h"

#define COUNT_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---------------------------------------------------------------- pack_report.c: the files */

/* The known files of a pack folder, in the order problems are listed. */
#define PACK_FILE_WORKPLACE "workplace.csv"
#define PACK_FILE_HOSTS "hosts.csv"
#define PACK_FILE_SHADOWS "shadows.csv"
#define PACK_FILE_PLAN "plan.csv"
#define PACK_FILE_SAFETY "safety.csv"
#define PACK_FILE_QUESTIONS "questions.csv"
#define PACK_PHOTO_DIR "photos"

enum { PACK_CSV_COUNT = 6 };
/* The i-th known CSV file name in the order above, NULL past the end. */
const char *pack_csv_name(int i);

/* ---------------------------------------------------------------- pack_strings.c: the arena */

/* The arena every char * of a parsed pack points into; NULL when memory ran out. */
struct pack_strings *pack_strings_new(void);
void pack_strings_free(struct pack_strings *strings);
/* Whether an allocation failed since pack_strings_new (the parse then ends in SD_ENOMEM). */
int pack_strings_failed(const struct pack_strings *strings);
/* A copy of s (NULL = "") kept until pack_free; "" when memory ran out (and the arena says so). */
const char *pack_strings_keep(struct pack *p, const char *s);
/* Add a translation of t; at most PACK_MAX_LANGS (returns 0 when there was no room). */
int pack_strings_add_tr(struct pack *p, struct pack_text *t, const char *lang, const char *text);

/* ---------------------------------------------------------------- pack_value.c: cell values */

/* Lower-case ASCII and the Latin-1 capitals (Å Ä Ö É ...) of s into out; with ident, spaces and
** '-' become '_' too, so "First name" finds the column first_name. */
void pack_value_fold(const char *s, char *out, size_t size, int ident);
/* Trim spaces, tabs, line ends and no-break spaces at both ends, in place. */
void pack_value_trim(char *s);
/* Levenshtein distance of a and b, counted up to limit (limit + 1 means "farther"). */
int pack_value_distance(const char *a, const char *b, int limit);
/* The name in names closest to word (at most max_edits away), or NULL. */
const char *pack_value_suggest(const char *word, const char *const *names, int count,
                               int max_edits);

struct pack_word {          /* a word a coordinator may write, and what it means */
    const char *word;       /* folded: lower case, spaces as '_' */
    int value;
};
/* The value of word in words (folded first), or -1. */
int pack_value_word(const struct pack_word *words, int count, const char *word);
/* Yes and no as coordinators write them (English, Finnish, Swedish, spreadsheet booleans):
** 1, 0, or -1. */
int pack_value_yes_no(const char *s);
/* "8:30", "08:30", "8.30", also with ":00" seconds: minutes after midnight, or -1. */
int pack_value_time(const char *s);
/* "2027-04-15" or "15.4.2027" into out as YYYY-MM-DD; 0 when it is not a real date. */
int pack_value_date(const char *s, char out[11]);
/* A whole number in [min, max], else -1 (min is never negative here). */
int pack_value_int(const char *s, int min, int max);
/* 1 fine, 0 not a phone number, -1 fine but without the leading 0 or + a number needs. */
int pack_value_phone(const char *s);
/* Whether s is a language the kiosk has a catalogue for; lang gets it in lower case. */
int pack_value_language(const char *s, char lang[8]);
/* Whether id is 1 to PACK_ID_MAX - 1 of a-z A-Z 0-9 - _. */
int pack_value_id_ok(const char *id);
/* Whether two ids are the same but for ASCII case. */
int pack_value_id_equal(const char *a, const char *b);
/* Sentences in a text: runs of . ! ? that end a word, plus a last one without its full stop. */
int pack_value_sentences(const char *s);
/* "8:30" of minutes after midnight. */
void pack_value_format_time(int minutes, char out[8]);
/* Whether data starts like a JPEG or a PNG picture. */
int pack_value_picture_ok(const unsigned char *data, size_t len);
/* Whether name ends in .jpg, .jpeg or .png (any case). */
int pack_value_picture_name_ok(const char *name);

/* ---------------------------------------------------------------- pack_id.c */

/*
** SHA-256 hex of files in the order given: for each, its name, a NUL, its length as 8 bytes
** (little endian) and its bytes. The pack id is this of the canonical files (in name order);
** pack_import keeps it of the folder's raw files to know a folder it installed before.
*/
void pack_id_of_files(const struct pack_source *files, char out[65]);

/* ---------------------------------------------------------------- pack_defaults.c */

/* Fill p->questions with the built-in set (5 for the shadow, 3 for the host) in every language
** with a catalogue, the plain text in p->workplace.default_language. SD_OK or SD_ENOMEM. */
int pack_defaults_questions(struct pack *p);

#endif
