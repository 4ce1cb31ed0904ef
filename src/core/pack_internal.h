/*
** pack_internal.h - what pack.c, pack_source.c and pack_defaults.c share and nobody else uses.
**
** The pack's strings live in one arena (struct pack_strings) freed with the pack; a failed
** allocation there is remembered and turns the whole parse into SD_ENOMEM.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_PACK_INTERNAL_H
#define SD_PACK_INTERNAL_H

#include "pack.h"

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

/* A copy of s (NULL = "") kept until pack_free; "" when memory ran out (and the arena says so). */
const char *pack_keep(struct pack *p, const char *s);
/* Add a translation of t; at most PACK_MAX_LANGS (returns 0 when there was no room). */
int pack_text_add(struct pack *p, struct pack_text *t, const char *lang, const char *text);

/* Fill p->questions with the built-in set (5 for the shadow, 3 for the host) in every language
** with a catalogue, the plain text in p->workplace.default_language. SD_OK or SD_ENOMEM. */
int pack_defaults_questions(struct pack *p);

/* Whether data starts like a JPEG or a PNG picture. */
int pack_photo_magic_ok(const unsigned char *data, size_t len);
/* Whether name ends in .jpg, .jpeg or .png (any case). */
int pack_photo_name_ok(const char *name);

/* Levenshtein distance of a and b, counted up to limit (limit + 1 means "farther"). */
int pack_distance(const char *a, const char *b, int limit);

#endif
