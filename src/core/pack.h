/*
** pack.h - the day pack: what a coordinator prepares for one workplace and one day.
**
** A pack is a folder of UTF-8 CSV files (docs/day-pack.md is the format). It is read into a
** pack_source (the raw files, with the limits against hostile sticks applied), then parsed and
** validated as a whole into a struct pack. Every problem found is added to a pack_report as
** "file:line: what is wrong"; a pack with any error is never used. The kiosk keeps the canonical
** files of its current pack in its database and parses them again at start-up, so there is one
** parser for USB sticks, --pack folders and the stored pack.
** Must not depend on SDL or SQLite.
*/
#ifndef SD_PACK_H
#define SD_PACK_H

#include <stddef.h>

/* ---------------------------------------------------------------- limits against hostile sticks */
#define PACK_MAX_FILES 200            /* directory entries looked at */
#define PACK_MAX_CSV_BYTES (1 << 20)  /* one CSV file */
#define PACK_MAX_PHOTO_BYTES (2 << 20)
#define PACK_MAX_TOTAL_BYTES (32 << 20)
#define PACK_MAX_ROWS 5000
#define PACK_MAX_FIELDS 64
#define PACK_MAX_FIELD_BYTES 2000
#define PACK_MAX_PROBLEMS 500         /* the report stops collecting after this many */

#define PACK_ID_MAX 64                /* ids: letters, digits, '-', '_' */
#define PACK_MAX_LANGS 8              /* translations a text can carry */

/* ---------------------------------------------------------------- raw files */
struct pack_file {
    char name[64];          /* "shadows.csv", "photos/matti.jpg" */
    unsigned char *data;    /* owned; CSV files converted to UTF-8 without BOM */
    size_t len;
};

struct pack_source {
    struct pack_file *files;
    int count;
};

/* ---------------------------------------------------------------- problems */
enum pack_severity { PACK_ERROR = 0, PACK_WARNING = 1 };

struct pack_problem {
    int severity;           /* PACK_ERROR makes the pack unusable; warnings are shown, not fatal */
    char file[64];          /* "" when it is about the whole pack */
    int line;               /* 1-based line in the file as a spreadsheet shows it; 0 = whole file */
    char message[400];      /* plain words saying what is wrong and what to do (UTF-8) */
};

struct pack_report {
    struct pack_problem *problems;
    int count, capacity;
    int errors, warnings;
    int truncated;          /* more than PACK_MAX_PROBLEMS were found */
};

/* ---------------------------------------------------------------- the parsed pack */
struct pack_text {          /* a text with its translations from the columns "name_sv", ... */
    char *base;             /* the plain column, in the pack's default language */
    int count;
    struct { char lang[8]; char *text; } tr[PACK_MAX_LANGS];
};

struct pack_workplace {
    struct pack_text name;
    char date[11];              /* YYYY-MM-DD, the day this pack is for */
    char *address;
    char *contact_name;         /* the coordinator: who to ask when the escort is not there */
    char *contact_phone;
    int lunch;                  /* 1 = lunch is offered to shadows */
    int lunch_known;            /* workplace.csv says whether (a lunch line with a value) */
    struct pack_text lunch_note;
    int end_of_day_min;         /* minutes after midnight; anyone still in is listed after it */
    char default_language[8];   /* language of the plain columns; "fi" if not given */
    unsigned char coordinator_key[32]; /* X25519 public key for encrypted exports; shown to
                                        ** people as crypt_fingerprint (crypt.h) says */
    int has_coordinator_key;
    char admin_pin_hash[128];   /* Argon2id string; a plain admin_pin is hashed at import */
    int self_checkout;          /* 1 = shadows may check out without a host PIN */
    int idle_timeout_s;         /* default 90 */
    int retention_days;         /* personal data of older days is purged; default 30 */
};

struct pack_host {
    char id[PACK_ID_MAX];
    char *name;                 /* first name (and initial) as the shadow knows them */
    struct pack_text role;      /* "barista" */
    char *phone;
    char pin_hash[128];         /* Argon2id string; empty only in `pack check` of a plain pin */
    int pin_is_plain;           /* the CSV had a plain pin (hashed at import, never stored) */
};

struct pack_shadow {
    char id[PACK_ID_MAX];
    char *first_name;
    char escort_id[PACK_ID_MAX]; /* the host they follow */
    int agreement_signed;       /* 0: the host is warned that there is no insurance without it */
    char language[8];           /* preferred language, "" = the pack default */
    char photo[64];             /* file name inside the pack, "" = initials avatar */
    int self_checkout;          /* -1 = as the workplace says, 0/1 = override */
    int line;                   /* line in shadows.csv, for messages */
};

enum plan_kind {                /* the icon and the meaning of a plan item */
    PLAN_ARRIVE, PLAN_WORK, PLAN_MEETING, PLAN_TOUR, PLAN_BREAK, PLAN_LUNCH, PLAN_SAFETY,
    PLAN_LEAVE, PLAN_KIND_COUNT
};

struct pack_plan_item {
    char shadow_id[PACK_ID_MAX]; /* "*" = every shadow */
    int start_min, end_min;     /* minutes after midnight */
    int kind;                   /* enum plan_kind */
    struct pack_text title;     /* "Making coffee with Liisa" */
    struct pack_text place;     /* "Café counter" */
    char with_id[PACK_ID_MAX];  /* host id, "" = the escort */
    int lunch_provided;         /* for PLAN_LUNCH: 1 provided, 0 bring your own */
    int lunch_known;            /* lunch_provided was given on the line (else the workplace's) */
    int line;                   /* line in plan.csv, for messages */
};

enum safety_icon {
    SAFETY_FIRE, SAFETY_EXIT, SAFETY_FIRST_AID, SAFETY_PROTECTIVE, SAFETY_HYGIENE,
    SAFETY_MACHINE, SAFETY_CHEMICAL, SAFETY_HOT, SAFETY_ASK, SAFETY_PHONE, SAFETY_ICON_COUNT
};

struct pack_safety_card {
    char id[PACK_ID_MAX];
    int icon;                   /* enum safety_icon */
    struct pack_text title;
    struct pack_text text;      /* 1-3 short sentences */
};

enum question_audience { AUDIENCE_SHADOW = 0, AUDIENCE_HOST = 1 };

struct pack_question {
    char id[PACK_ID_MAX];
    int audience;               /* enum question_audience */
    struct pack_text text;
};

struct pack {
    struct pack_workplace workplace;
    struct pack_host *hosts;            int host_count;
    struct pack_shadow *shadows;        int shadow_count;
    struct pack_plan_item *plan;        int plan_count;   /* "*" items, then by shadow file order; each by start */
    struct pack_safety_card *safety;    int safety_count; /* in file order */
    struct pack_question *questions;    int question_count;
    int questions_are_default;          /* no questions.csv: the built-in set in fi/sv/en */
    char pack_id[65];                   /* SHA-256 hex of the canonical files */
    char source_sha256[65];             /* SHA-256 hex of the folder's raw files, set by
                                        ** pack_import_dir ("" otherwise); store_pack_install
                                        ** keeps it and tells a new pack from the same one by it */
    struct pack_source files;           /* the canonical files (plain pins replaced by hashes) */
    struct pack_strings *strings_;      /* private: the text every char * above points into */
};

/* ---------------------------------------------------------------- functions */

/* Reports. A report is zeroed with pack_report_init and freed with pack_report_free. */
void pack_report_init(struct pack_report *rep);
void pack_report_free(struct pack_report *rep);
/* "file:line: message" (or "file: message", or "message") into buf; returns buf. */
const char *pack_problem_format(const struct pack_problem *p, char *buf, size_t size);
/*
** Add a problem (file "" = the whole pack, line 0 = the whole file). The message is cut on a
** letter boundary to fit; past PACK_MAX_PROBLEMS only the counts grow and truncated is set.
** Returns SD_OK or SD_ENOMEM.
*/
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
int pack_report_add(struct pack_report *rep, int severity, const char *file, int line,
                    const char *fmt, ...);
/* Order the problems by file (workplace.csv, hosts.csv, shadows.csv, plan.csv, safety.csv,
** questions.csv, then others by name) and line, keeping the order of equal ones. */
void pack_report_sort(struct pack_report *rep);
/* Whether rep already has an error about file (so a later "missing" is not said twice). */
int pack_report_has_error(const struct pack_report *rep, const char *file);

/*
** Read the pack folder dir with the limits above (regular files only, no symlinks, size caps,
** CSV converted from Windows-1252 or refused). Problems go to rep. Returns SD_OK when the files
** could be read (the pack may still be invalid), or an SD_E* code.
*/
int pack_source_read_dir(struct pack_source *src, const char *dir, struct pack_report *rep);
void pack_source_free(struct pack_source *src);
/* The file called name, or NULL. */
const struct pack_file *pack_source_find(const struct pack_source *src, const char *name);

/*
** Parse and validate every file of src into *out. On SD_OK the pack is usable (rep may hold
** warnings); on SD_EINVAL rep holds every error found and *out is NULL.
** Plain pins are hashed only when hash_plain_pins is set (import), not by `pack check`.
*/
int pack_parse(struct pack **out, const struct pack_source *src, int hash_plain_pins,
               struct pack_report *rep);
void pack_free(struct pack *p);

/* Look-ups; NULL when not found. */
const struct pack_shadow *pack_find_shadow(const struct pack *p, const char *id);
const struct pack_host *pack_find_host(const struct pack *p, const char *id);
/* The text in lang, else in the pack's default language; never NULL (may be ""). */
const char *pack_text_get(const struct pack_text *t, const char *lang);
/* Whether a shadow may check out alone (shadow override, else the workplace setting). */
int pack_shadow_self_checkout(const struct pack *p, const struct pack_shadow *s);
/* The plan items of one shadow (their own and the "*" ones) in time order; returns how many were
** written to items (at most max). */
int pack_plan_for(const struct pack *p, const char *shadow_id,
                  const struct pack_plan_item **items, int max);
/* SHA-256 hex of a card as shown in lang (icon, title, text), for acknowledgements. */
void pack_safety_hash(const struct pack_safety_card *c, const char *lang, char out[65]);

/* The names used in CSV files for the enums ("lunch", "fire", "host"); NULL when out of range. */
const char *pack_plan_kind_name(int kind);
const char *pack_safety_icon_name(int icon);

/*
** The languages of the pack's texts: the default language first, then every translation
** language in the order first seen (the built-in questions are not counted). counts[i] (when
** counts is not NULL) is how many texts exist in langs[i]; *texts (when not NULL) is how many
** non-empty texts the pack has. Returns how many languages were written (at most max).
*/
int pack_languages(const struct pack *p, char langs[][8], int *counts, int max, int *texts);

#endif
