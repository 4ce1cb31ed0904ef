/*
** pack_value.c - the values a coordinator writes in a pack's cells, read as people write them.
**
** Times as 8:30, 08.30 or 08:30:00, dates as 2027-04-15 or 15.4.2027, yes and no in English,
** Finnish and Swedish, phone numbers with the spaces and dashes people use, ids, languages, and
** the words of the kinds and icons; also the near-miss suggestions ("did you mean address?")
** and the checks that a file is a picture. Pure functions of their arguments.
** Must not depend on SQLite or SDL, nor on the pack's other files.
*/
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "pack_internal.h"

/* Lower-case ASCII and the Latin-1 capitals (Å Ä Ö É ...) of s into out; with ident, spaces and
** '-' become '_' too, so "First name" finds the column first_name. */
void pack_value_fold(const char *s, char *out, size_t size, int ident)
{
    size_t o = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c && o + 2 < size; c++) {
        unsigned char ch = *c;
        if (ch >= 'A' && ch <= 'Z')
            ch = (unsigned char)(ch - 'A' + 'a');
        else if (ident && (ch == ' ' || ch == '-'))
            ch = '_';
        else if (ch == 0xC3 && c[1] >= 0x80 && c[1] <= 0x9E && c[1] != 0x97) {
            out[o++] = (char)ch;
            out[o++] = (char)(*++c + 0x20);
            continue;
        }
        out[o++] = (char)ch;
    }
    out[o] = '\0';
}

static int value_is_space_at(const char *s, size_t *len)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
        *len = 1;
        return 1;
    }
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) { /* no-break space */
        *len = 2;
        return 1;
    }
    return 0;
}

/* Trim spaces, tabs, line ends and no-break spaces at both ends, in place. */
void pack_value_trim(char *s)
{
    size_t n, start = 0;
    while (s[start] && value_is_space_at(s + start, &n))
        start += n;
    size_t end = strlen(s);
    while (end > start) {
        if (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' || s[end - 1] == '\r')
            end--;
        else if (end - start >= 2 && (unsigned char)s[end - 2] == 0xC2 &&
                 (unsigned char)s[end - 1] == 0xA0)
            end -= 2;
        else
            break;
    }
    memmove(s, s + start, end - start);
    s[end - start] = '\0';
}

int pack_value_distance(const char *a, const char *b, int limit)
{
    size_t la = strlen(a), lb = strlen(b);
    int row[65];
    if (la > 64 || lb > 64)
        return limit + 1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0], best;
        row[0] = (int)i;
        best = row[0];
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = diag + cost;
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[lb] > limit ? limit + 1 : row[lb];
}

const char *pack_value_suggest(const char *word, const char *const *names, int count,
                               int max_edits)
{
    const char *best = NULL;
    int best_d = max_edits + 1;
    for (int i = 0; i < count; i++) {
        int d = pack_value_distance(word, names[i], max_edits);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}

/* value of word in table (folded, spaces as '_'), or -1. */
int pack_value_word(const struct pack_word *table, int count, const char *word)
{
    char folded[64];
    pack_value_fold(word, folded, sizeof folded, 1);
    for (int i = 0; i < count; i++)
        if (strcmp(folded, table[i].word) == 0)
            return table[i].value;
    return -1;
}

/* Yes and no as coordinators write them: English, Finnish, Swedish, spreadsheet booleans. */
static const struct pack_word value_yes_no[] = {
    { "yes", 1 }, { "y", 1 }, { "kyllä", 1 }, { "kylla", 1 }, { "k", 1 }, { "ja", 1 },
    { "j", 1 }, { "1", 1 }, { "true", 1 }, { "tosi", 1 }, { "sant", 1 }, { "x", 1 },
    { "no", 0 }, { "n", 0 }, { "ei", 0 }, { "e", 0 }, { "nej", 0 }, { "0", 0 },
    { "false", 0 }, { "epätosi", 0 }, { "falskt", 0 },
};

int pack_value_yes_no(const char *s)
{
    return pack_value_word(value_yes_no, COUNT_OF(value_yes_no), s);
}

/* digits of s from *i: at least min_digits and at most max_digits; -1 when not. */
static int value_number(const char *s, int *i, int min_digits, int max_digits)
{
    int v = 0, n = 0;
    while (s[*i] >= '0' && s[*i] <= '9' && n < max_digits) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    if (n < min_digits || (s[*i] >= '0' && s[*i] <= '9'))
        return -1;
    return v;
}

/* "8:30", "08:30", "8.30", also with ":00" seconds as spreadsheets export times: minutes, or -1. */
int pack_value_time(const char *s)
{
    int i = 0;
    int h = value_number(s, &i, 1, 2);
    if (h < 0 || h > 23 || (s[i] != ':' && s[i] != '.'))
        return -1;
    char sep = s[i++];
    int m = value_number(s, &i, 2, 2);
    if (m < 0 || m > 59)
        return -1;
    if (s[i] == sep) {
        i++;
        if (value_number(s, &i, 2, 2) != 0)
            return -1;
    }
    return s[i] ? -1 : h * 60 + m;
}

static int value_days_in_month(int y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* "2027-04-15" or "15.4.2027" into out as YYYY-MM-DD; 0 when it is not a real date. */
int pack_value_date(const char *s, char out[11])
{
    int i = 0, y, m, d;
    if (strlen(s) == 10 && s[4] == '-') {
        y = value_number(s, &i, 4, 4);
        i++;
        m = s[i - 1] == '-' ? value_number(s, &i, 2, 2) : -1;
        i++;
        d = s[i - 1] == '-' ? value_number(s, &i, 2, 2) : -1;
    } else {
        d = value_number(s, &i, 1, 2);
        m = s[i] == '.' ? (i++, value_number(s, &i, 1, 2)) : -1;
        y = s[i] == '.' ? (i++, value_number(s, &i, 4, 4)) : -1;
    }
    if (s[i] || y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1 || d > value_days_in_month(y, m))
        return 0;
    /* The checks above bound each part; the unsigned remainders tell the compiler so too. */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
    return 1;
}

/* A whole number in [min, max], else -1 (min is never negative here). */
int pack_value_int(const char *s, int min, int max)
{
    int i = 0;
    int v = value_number(s, &i, 1, 6);
    return v < 0 || s[i] || v < min || v > max ? -1 : v;
}

/* 1 fine, 0 not a phone number, -1 fine but without the leading 0 or + a number needs. */
int pack_value_phone(const char *s)
{
    int digits = 0;
    for (const char *c = s; *c; c++) {
        if (*c >= '0' && *c <= '9')
            digits++;
        else if (!strchr(" +-()/.", *c) || (*c == '+' && c != s))
            return 0;
    }
    if (digits < 5 || digits > 20)
        return 0;
    return s[0] == '+' || s[0] == '0' ? 1 : -1;
}

/* Whether s is a language the kiosk has a catalogue for; lang gets it in lower case. */
int pack_value_language(const char *s, char lang[8])
{
    char folded[16];
    pack_value_fold(s, folded, sizeof folded, 0);
    for (int i = 0; i < i18n_language_count(); i++) {
        if (strcmp(folded, i18n_language_code(i)) == 0 && strlen(folded) < 8) {
            memcpy(lang, folded, strlen(folded) + 1);
            return 1;
        }
    }
    return 0;
}

int pack_value_id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n >= PACK_ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

int pack_value_id_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* Sentences in a text: runs of . ! ? that end a word, plus a last one without its full stop. */
int pack_value_sentences(const char *s)
{
    int count = 0, pending = 0;
    for (const char *c = s; *c; c++) {
        if (strchr(".!?", *c)) {
            while (c[1] && strchr(".!?", c[1]))
                c++;
            if (!c[1] || c[1] == ' ' || c[1] == '\n' || c[1] == '\t') {
                if (pending)
                    count++;
                pending = 0;
            }
        } else if (*c != ' ' && *c != '\n' && *c != '\t') {
            pending = 1;
        }
    }
    return count + pending;
}

int pack_value_picture_ok(const unsigned char *data, size_t len)
{
    static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF };
    static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    return (len >= sizeof jpeg && memcmp(data, jpeg, sizeof jpeg) == 0) ||
           (len >= sizeof png && memcmp(data, png, sizeof png) == 0);
}

int pack_value_picture_name_ok(const char *name)
{
    static const char *const endings[] = { ".jpg", ".jpeg", ".png" };
    char folded[80];
    pack_value_fold(name, folded, sizeof folded, 0);
    size_t n = strlen(folded);
    for (int i = 0; i < COUNT_OF(endings); i++) {
        size_t e = strlen(endings[i]);
        if (n > e && strcmp(folded + n - e, endings[i]) == 0)
            return 1;
    }
    return 0;
}

void pack_value_format_time(int minutes, char out[8])
{
    snprintf(out, 8, "%d:%02d", (minutes / 60) % 100, minutes % 60);
}
