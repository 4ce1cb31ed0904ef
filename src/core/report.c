/*
** report.c - visits derived from records, the CSV tables and the HTML report.
**
** The model: records sorted by visit (then kiosk, seq) give each visit's group; safety
** acknowledgements sorted by shadow, day and pack answer "which cards did this shadow
** acknowledge that day" with a binary search. Tables are made from column lists, the report from
** the same visits. Text from records is escaped for HTML and made formula-safe in CSV; the
** report links to nothing and runs nothing. Must not depend on SQLite or SDL.
*/
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "continuation.h"
#include "csv_write.h"
#include "err.h"
#include "textbuf.h"
#include "i18n.h"

/* ---------------------------------------------------------------- the model */
struct rvisit {
    const char *uuid;
    const char *kiosk_id;
    const struct export_pack *pack;     /* NULL when the export had no summary for its pack */
    const char *shadow_id;
    const char *day;
    const char *lang;
    const struct record *checkin, *escort, *checkout, *next, *comment;
    int answered, done, suspect;
    int first, count;                   /* the group in model.by_visit */
};

struct model {
    const struct report_input *in;
    const struct record **by_visit;     /* every record, by visit, kiosk, seq */
    const struct record **acks;         /* safety acknowledgements by shadow, day, pack, seq */
    int ack_count;
    struct rvisit *visits;              /* in report order: workplace, day, check-in time */
    int visit_count;
};

static int cmp_seq_kiosk(const struct record *a, const struct record *b)
{
    int c = strcmp(a->kiosk_id, b->kiosk_id);
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_record_order(const void *pa, const void *pb)
{
    return cmp_seq_kiosk(*(const struct record *const *)pa, *(const struct record *const *)pb);
}

static int cmp_by_visit(const void *pa, const void *pb)
{
    const struct record *a = *(const struct record *const *)pa, *b = *(const struct record *const *)pb;
    int c = strcmp(a->visit, b->visit);
    return c ? c : cmp_seq_kiosk(a, b);
}

static int cmp_ack(const void *pa, const void *pb)
{
    const struct record *a = *(const struct record *const *)pa, *b = *(const struct record *const *)pb;
    int c = strcmp(a->shadow_id, b->shadow_id);
    if (!c)
        c = strcmp(a->day, b->day);
    if (!c)
        c = strcmp(a->pack_id, b->pack_id);
    return c ? c : cmp_seq_kiosk(a, b);
}

static const struct export_pack *model_pack(const struct report_input *in, const char *pack_id)
{
    for (int i = 0; *pack_id && i < in->pack_count; i++)
        if (strcmp(in->packs[i].pack_id, pack_id) == 0)
            return &in->packs[i];
    return NULL;
}

static const char *visit_workplace(const struct rvisit *v)
{
    return v->pack && v->pack->workplace ? v->pack->workplace : "";
}

static int64_t visit_time(const struct rvisit *v)
{
    return v->checkin ? v->checkin->wall_time : 0;
}

static int cmp_visit_order(const void *pa, const void *pb)
{
    const struct rvisit *a = pa, *b = pb;
    int c = strcmp(visit_workplace(a), visit_workplace(b));
    if (!c)
        c = strcmp(a->day, b->day);
    if (!c)
        c = visit_time(a) < visit_time(b) ? -1 : visit_time(a) > visit_time(b);
    if (!c)
        c = strcmp(a->kiosk_id, b->kiosk_id);
    return c ? c : strcmp(a->uuid, b->uuid);
}

/* What a visit's records say, in seq order (the latest of each kind wins). */
static void visit_apply(struct rvisit *v, const struct record *r)
{
    if (r->clock_suspect)
        v->suspect = 1;
    if (!*v->shadow_id && *r->shadow_id)
        v->shadow_id = r->shadow_id;
    if (!*v->day && *r->day)
        v->day = r->day;
    switch (r->kind) {
    case RECORD_CHECKIN:
        v->checkin = r;
        v->lang = r->lang;
        break;
    case RECORD_ESCORT:
        v->escort = r;
        break;
    case RECORD_CHECKOUT:
        v->checkout = r;
        break;
    case RECORD_ANSWER:
        if (strcmp(r->item, "done") == 0)
            v->done = 1;
        else if (strcmp(r->item, CONTINUATION_ITEM) == 0)
            v->next = r, v->answered = 1;
        else if (strcmp(r->item, "comment") == 0)
            v->comment = r, v->answered = 1;
        else
            v->answered = 1;
        break;
    default:
        break;
    }
}

static void model_free(struct model *m)
{
    free(m->by_visit);
    free(m->acks);
    free(m->visits);
    memset(m, 0, sizeof *m);
}

static int model_build(struct model *m, const struct report_input *in)
{
    memset(m, 0, sizeof *m);
    m->in = in;
    size_t n = in->record_count > 0 ? (size_t)in->record_count : 1;
    m->by_visit = malloc(n * sizeof *m->by_visit);
    m->acks = malloc(n * sizeof *m->acks);
    m->visits = calloc(n, sizeof *m->visits);
    if (!m->by_visit || !m->acks || !m->visits) {
        model_free(m);
        return SD_ENOMEM;
    }
    for (int i = 0; i < in->record_count; i++) {
        m->by_visit[i] = &in->records[i];
        if (in->records[i].kind == RECORD_SAFETY_ACK)
            m->acks[m->ack_count++] = &in->records[i];
    }
    qsort(m->by_visit, (size_t)in->record_count, sizeof *m->by_visit, cmp_by_visit);
    qsort(m->acks, (size_t)m->ack_count, sizeof *m->acks, cmp_ack);
    for (int i = 0; i < in->record_count; ) {
        int k = i;
        while (k < in->record_count && strcmp(m->by_visit[k]->visit, m->by_visit[i]->visit) == 0)
            k++;
        if (*m->by_visit[i]->visit) {
            struct rvisit *v = &m->visits[m->visit_count++];
            v->uuid = m->by_visit[i]->visit;
            v->kiosk_id = m->by_visit[i]->kiosk_id;
            v->shadow_id = "";
            v->day = "";
            v->lang = "";
            v->first = i;
            v->count = k - i;
            for (int j = i; j < k; j++)
                visit_apply(v, m->by_visit[j]);
            const struct record *anchor = v->checkin ? v->checkin : m->by_visit[i];
            v->pack = model_pack(in, anchor->pack_id);
        }
        i = k;
    }
    qsort(m->visits, (size_t)m->visit_count, sizeof *m->visits, cmp_visit_order);
    return SD_OK;
}

/* The first of the acknowledgements of (shadow, day, pack), or -1. */
static int model_acks_from(const struct model *m, const char *shadow, const char *day, const char *pack)
{
    int lo = 0, hi = m->ack_count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        const struct record *r = m->acks[mid];
        int c = strcmp(r->shadow_id, shadow);
        if (!c)
            c = strcmp(r->day, day);
        if (!c)
            c = strcmp(r->pack_id, pack);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int ack_matches(const struct record *r, const char *shadow, const char *day, const char *pack)
{
    return strcmp(r->shadow_id, shadow) == 0 && strcmp(r->day, day) == 0 && strcmp(r->pack_id, pack) == 0;
}

enum card_status { CARD_UNDERSTOOD, CARD_QUESTION, CARD_CHANGED, CARD_NOT_ACKNOWLEDGED };

static const struct {
    const char *id;         /* in CSV files */
    const char *text;       /* in the report */
} card_statuses[] = {
    { "understood", N_("understood") },
    { "question", N_("has a question") },
    { "card_changed", N_("the card changed after it was acknowledged") },
    { "not_acknowledged", N_("not acknowledged") },
};

/* Whether the card's text as shown in the ack's language has the ack's hash. */
static int card_hash_matches(const struct export_card *c, const struct record *ack)
{
    int any_lang = 1;
    for (int k = 0; k < c->hash_count; k++)
        if (strcmp(c->hashes[k].lang, ack->lang) == 0) {
            any_lang = 0;
            if (strcmp(c->hashes[k].hash, ack->content_hash) == 0)
                return 1;
        }
    for (int k = 0; any_lang && k < c->hash_count; k++)
        if (strcmp(c->hashes[k].hash, ack->content_hash) == 0)
            return 1;
    return 0;
}

/* The status of card for visit v and the record that decided it (NULL = none). */
static int card_status_of(const struct model *m, const struct rvisit *v, const struct export_card *c,
                          const struct record **which)
{
    const char *pack = v->checkin ? v->checkin->pack_id : v->pack ? v->pack->pack_id : "";
    const struct record *latest = NULL;
    for (int i = model_acks_from(m, v->shadow_id, v->day, pack);
         i < m->ack_count && ack_matches(m->acks[i], v->shadow_id, v->day, pack); i++)
        if (strcmp(m->acks[i]->item, c->id) == 0 && strcmp(m->acks[i]->kiosk_id, v->kiosk_id) == 0)
            latest = m->acks[i];
    *which = latest;
    if (!latest)
        return CARD_NOT_ACKNOWLEDGED;
    if (strcmp(latest->value, "question") == 0)
        return CARD_QUESTION;
    return card_hash_matches(c, latest) ? CARD_UNDERSTOOD : CARD_CHANGED;
}

/* Whether r is the last record of its group (from..to) with its kind, host and item. */
static int is_latest_answer(const struct model *m, int j, int to)
{
    const struct record *r = m->by_visit[j];
    for (int k = j + 1; k < to; k++) {
        const struct record *o = m->by_visit[k];
        if (o->kind == r->kind && strcmp(o->item, r->item) == 0 && strcmp(o->host_id, r->host_id) == 0)
            return 0;
    }
    return 1;
}

/* ---------------------------------------------------------------- words */
static const struct {
    const char *value;
    const char *word;
} answer_words[] = {
    { "1", N_("Not at all") },
    { "2", N_("Not much") },
    { "3", N_("Quite a lot") },
    { "4", N_("Very much") },
    { "skip", NULL },                   /* its word is made in answer_word() */
};
enum { ANSWER_WORD_COUNT = sizeof answer_words / sizeof answer_words[0] };

static int answer_index(const char *value)
{
    for (int i = 0; i < ANSWER_WORD_COUNT; i++)
        if (strcmp(answer_words[i].value, value) == 0)
            return i;
    return -1;
}

static const char *answer_word(const char *value)
{
    int i = answer_index(value);
    if (i < 0)
        return "";
    return answer_words[i].word ? _(answer_words[i].word) : _("(skipped)");
}

static const char *checkout_word(const char *value)
{
    static const struct { const char *value, *word; } words[] = {
        { "host", N_("confirmed by a host") },
        { "self", N_("by themselves") },
        { "end_of_day", N_("at the end of the day") },
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].value, value) == 0)
            return _(words[i].word);
    return value;
}

static void fmt_hm(const struct record *r, char out[8])
{
    char iso[CLOCK_ISO_SIZE];
    out[0] = '\0';
    if (!r)
        return;
    clock_format_iso(r->wall_time, r->utc_offset_min, iso);
    if (strlen(iso) >= 16)
        snprintf(out, 8, "%.5s", iso + 11);
}

static const char *first_name_of(const struct rvisit *v)
{
    const struct export_shadow *s = v->pack ? export_pack_shadow(v->pack, v->shadow_id) : NULL;
    return s ? s->first_name : "";
}

static const char *host_name_of(const struct export_pack *p, const char *id)
{
    const struct export_host *h = p ? export_pack_host(p, id) : NULL;
    return h ? h->name : "";
}

static const char *question_text_of(const struct export_pack *p, const char *id)
{
    const struct export_question *q = p ? export_pack_question(p, id) : NULL;
    return q ? q->text : "";
}

static const char *evaluation_id(const struct rvisit *v)
{
    return v->done ? "complete" : v->answered ? "partial" : "not_started";
}

/* ---------------------------------------------------------------- CSV tables */
static const char *const csv_names[REPORT_CSV_COUNT] = {
    "visits.csv", "safety.csv", "answers.csv", "host_evaluations.csv", "records.csv",
};

const char *report_csv_name(int i)
{
    return i >= 0 && i < REPORT_CSV_COUNT ? csv_names[i] : NULL;
}

static void csv_source(struct csv_writer *w, const struct model *m, const char *kiosk,
                       const struct export_pack *p)
{
    if (!m->in->with_source)
        return;
    csv_write_field(w, kiosk);
    csv_write_field(w, p && p->workplace ? p->workplace : "");
}

static void csv_header(struct csv_writer *w, const struct model *m, const char *const *cols)
{
    if (m->in->with_source) {
        csv_write_field(w, "kiosk_id");
        csv_write_field(w, "workplace");
    }
    csv_write_row(w, cols);
}

static void csv_visits(struct csv_writer *w, const struct model *m)
{
    static const char *const cols[] = {
        "day", "visit", "shadow_id", "first_name", "language", "checkin", "escort_id",
        "escort_name", "escort_confirmed", "checkout", "checkout_by", "checkout_host",
        "evaluation", "next_step", "clock_suspect", NULL,
    };
    csv_header(w, m, cols);
    for (int i = 0; i < m->visit_count; i++) {
        const struct rvisit *v = &m->visits[i];
        char in_t[8], esc_t[8], out_t[8];
        fmt_hm(v->checkin, in_t);
        fmt_hm(v->escort, esc_t);
        fmt_hm(v->checkout, out_t);
        csv_source(w, m, v->kiosk_id, v->pack);
        const char *cells[] = {
            v->day, v->uuid, v->shadow_id, first_name_of(v), v->lang, in_t,
            v->escort ? v->escort->host_id : "",
            v->escort ? host_name_of(v->pack, v->escort->host_id) : "", esc_t, out_t,
            v->checkout ? v->checkout->value : "", v->checkout ? v->checkout->host_id : "",
            evaluation_id(v), v->next ? v->next->value : "", v->suspect ? "yes" : "no", NULL,
        };
        csv_write_row(w, cells);
    }
}

static void csv_safety_row(struct csv_writer *w, const struct model *m, const struct rvisit *v,
                           const char *card_id, const char *title, int status,
                           const struct record *r)
{
    char t[8];
    fmt_hm(r, t);
    csv_source(w, m, v->kiosk_id, v->pack);
    const char *cells[] = {
        v->day, v->uuid, v->shadow_id, first_name_of(v), card_id, title, card_statuses[status].id,
        t, r ? r->lang : "", NULL,
    };
    csv_write_row(w, cells);
}

static void csv_safety(struct csv_writer *w, const struct model *m)
{
    static const char *const cols[] = {
        "day", "visit", "shadow_id", "first_name", "card_id", "card_title", "status", "time",
        "language", NULL,
    };
    csv_header(w, m, cols);
    for (int i = 0; i < m->visit_count; i++) {
        const struct rvisit *v = &m->visits[i];
        if (v->pack) {
            for (int c = 0; c < v->pack->card_count; c++) {
                const struct record *r;
                int st = card_status_of(m, v, &v->pack->cards[c], &r);
                csv_safety_row(w, m, v, v->pack->cards[c].id, v->pack->cards[c].title, st, r);
            }
            continue;
        }
        /* No pack summary: only what was acknowledged can be listed. */
        for (int j = v->first; j < v->first + v->count; j++) {
            const struct record *r = m->by_visit[j];
            if (r->kind == RECORD_SAFETY_ACK && is_latest_answer(m, j, v->first + v->count))
                csv_safety_row(w, m, v, r->item, "",
                               strcmp(r->value, "question") == 0 ? CARD_QUESTION : CARD_UNDERSTOOD, r);
        }
    }
}

static void csv_answers(struct csv_writer *w, const struct model *m)
{
    static const char *const cols[] = {
        "day", "visit", "shadow_id", "first_name", "question_id", "question", "answer",
        "answer_text", "time", "language", NULL,
    };
    csv_header(w, m, cols);
    for (int i = 0; i < m->visit_count; i++) {
        const struct rvisit *v = &m->visits[i];
        int to = v->first + v->count;
        for (int j = v->first; j < to; j++) {
            const struct record *r = m->by_visit[j];
            if (r->kind != RECORD_ANSWER || strcmp(r->item, "done") == 0 || !is_latest_answer(m, j, to))
                continue;
            const struct continuation_choice *ch = strcmp(r->item, CONTINUATION_ITEM) == 0
                                                       ? continuation_find(r->value) : NULL;
            const char *question = strcmp(r->item, CONTINUATION_ITEM) == 0 ? _("What next?")
                                   : strcmp(r->item, "comment") == 0 ? _("Shadow's comment")
                                   : question_text_of(v->pack, r->item);
            char t[8];
            fmt_hm(r, t);
            csv_source(w, m, v->kiosk_id, v->pack);
            const char *cells[] = {
                v->day, v->uuid, v->shadow_id, first_name_of(v), r->item, question, r->value,
                ch ? _(ch->label) : answer_word(r->value), t, r->lang, NULL,
            };
            csv_write_row(w, cells);
        }
    }
}

static int cmp_host_eval(const void *pa, const void *pb)
{
    const struct record *a = *(const struct record *const *)pa, *b = *(const struct record *const *)pb;
    int c = strcmp(a->day, b->day);
    if (!c)
        c = strcmp(a->host_id, b->host_id);
    if (!c)
        c = strcmp(a->visit, b->visit);
    if (!c)
        c = strcmp(a->item, b->item);
    return c ? c : cmp_seq_kiosk(a, b);
}

static int csv_host_evals(struct csv_writer *w, const struct model *m)
{
    static const char *const cols[] = {
        "day", "host_id", "host_name", "visit", "shadow_first_name", "question_id", "question",
        "answer", "answer_text", "time", NULL,
    };
    const struct report_input *in = m->in;
    const struct record **list = malloc((size_t)(in->record_count > 0 ? in->record_count : 1) * sizeof *list);
    int n = 0;
    if (!list)
        return SD_ENOMEM;
    for (int i = 0; i < in->record_count; i++)
        if (in->records[i].kind == RECORD_HOST_EVAL)
            list[n++] = &in->records[i];
    qsort(list, (size_t)n, sizeof *list, cmp_host_eval);
    csv_header(w, m, cols);
    for (int i = 0; i < n; i++) {
        const struct record *r = list[i];
        /* The latest answer of a host to one question about one visit. */
        if (i + 1 < n && strcmp(list[i + 1]->day, r->day) == 0 &&
            strcmp(list[i + 1]->host_id, r->host_id) == 0 && strcmp(list[i + 1]->visit, r->visit) == 0 &&
            strcmp(list[i + 1]->item, r->item) == 0 && strcmp(list[i + 1]->kiosk_id, r->kiosk_id) == 0)
            continue;
        const struct export_pack *p = model_pack(in, r->pack_id);
        const struct export_shadow *s = p && *r->shadow_id ? export_pack_shadow(p, r->shadow_id) : NULL;
        char t[8];
        fmt_hm(r, t);
        csv_source(w, m, r->kiosk_id, p);
        const char *cells[] = {
            r->day, r->host_id, host_name_of(p, r->host_id), r->visit, s ? s->first_name : "",
            r->item, question_text_of(p, r->item), r->value, answer_word(r->value), t, NULL,
        };
        csv_write_row(w, cells);
    }
    free(list);
    return SD_OK;
}

static int csv_records(struct csv_writer *w, const struct model *m)
{
    static const char *const cols[] = {
        "seq", "uuid", "kiosk_id", "kind", "wall_time", "time", "utc_offset_min", "clock_suspect",
        "day", "pack_id", "visit", "shadow_id", "host_id", "item", "value", "lang",
        "content_hash", NULL,
    };
    const struct report_input *in = m->in;
    const struct record **list = malloc((size_t)(in->record_count > 0 ? in->record_count : 1) * sizeof *list);
    if (!list)
        return SD_ENOMEM;
    for (int i = 0; i < in->record_count; i++)
        list[i] = &in->records[i];
    /* By kiosk and seq: the order each kiosk saw them. */
    qsort(list, (size_t)in->record_count, sizeof *list, cmp_record_order);
    if (m->in->with_source)
        csv_write_field(w, "workplace");
    csv_write_row(w, cols);
    for (int i = 0; i < in->record_count; i++) {
        const struct record *r = list[i];
        char iso[CLOCK_ISO_SIZE];
        clock_format_iso(r->wall_time, r->utc_offset_min, iso);
        if (m->in->with_source) {
            const struct export_pack *p = model_pack(in, r->pack_id);
            csv_write_field(w, p && p->workplace ? p->workplace : "");
        }
        csv_write_number(w, r->seq);
        csv_write_field(w, r->uuid);
        csv_write_field(w, r->kiosk_id);
        csv_write_field(w, record_kind_name(r->kind));
        csv_write_number(w, r->wall_time);
        csv_write_field(w, iso);
        csv_write_number(w, r->utc_offset_min);
        csv_write_number(w, r->clock_suspect);
        const char *rest[] = {
            r->day, r->pack_id, r->visit, r->shadow_id, r->host_id, r->item, r->value, r->lang,
            r->content_hash, NULL,
        };
        csv_write_row(w, rest);
    }
    free(list);
    return SD_OK;
}

int report_make_csv(const struct report_input *in, int i, char **data, size_t *len)
{
    struct model m;
    struct csv_writer w;
    *data = NULL;
    *len = 0;
    if (i < 0 || i >= REPORT_CSV_COUNT)
        return SD_EINVAL;
    int rc = model_build(&m, in);
    if (rc)
        return rc;
    csv_writer_init(&w);
    switch (i) {
    case REPORT_CSV_VISITS: csv_visits(&w, &m); break;
    case REPORT_CSV_SAFETY: csv_safety(&w, &m); break;
    case REPORT_CSV_ANSWERS: csv_answers(&w, &m); break;
    case REPORT_CSV_HOST_EVALS: rc = csv_host_evals(&w, &m); break;
    default: rc = csv_records(&w, &m); break;
    }
    model_free(&m);
    if (rc) {
        csv_writer_free(&w);
        return rc;
    }
    return csv_writer_finish(&w, data, len);
}

/* ---------------------------------------------------------------- HTML */
static void h_put(struct textbuf *b, const char *s, size_t n)
{
    textbuf_append(b, s, n);
}

static void h_raw(struct textbuf *h, const char *s)
{
    h_put(h, s, strlen(s));
}

/* Text escaped for HTML element content and attribute values. */
static void h_text(struct textbuf *h, const char *s)
{
    for (const char *p = s ? s : ""; *p; ) {
        size_t run = strcspn(p, "&<>\"'");
        h_put(h, p, run);
        p += run;
        if (!*p)
            break;
        static const char *const ents[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
        h_raw(h, ents[strchr("&<>\"'", *p) - "&<>\"'"]);
        p++;
    }
}

/* A format with only %s (escaped), %d and %% in it, for translated sentences. */
static void h_fmt(struct textbuf *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%' || !p[1]) {
            h_put(h, p, 1);
            continue;
        }
        p++;
        if (*p == 's') {
            h_text(h, va_arg(ap, const char *));
        } else if (*p == 'd') {
            char num[32];
            snprintf(num, sizeof num, "%d", va_arg(ap, int));
            h_raw(h, num);
        } else {
            h_put(h, p, 1);
        }
    }
    va_end(ap);
}

static const char report_css[] =
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;"
    "color:#1a1a1a;line-height:1.45}"
    "h1{font-size:1.6em}h2{margin-top:2em;border-bottom:2px solid #0f5132;padding-bottom:.2em}"
    "h3{margin-top:1.5em}table{border-collapse:collapse;width:100%;margin:.5em 0}"
    "th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}"
    "th{background:#eef3f0}.warn{color:#8b1a1a;font-weight:bold}.muted{color:#555}"
    "figure{margin:.5em 0 1.5em}figcaption{font-weight:bold;margin-bottom:.3em}"
    "svg text{font:13px system-ui,sans-serif;fill:#1a1a1a}"
    "@media print{h2{page-break-before:always}}";

static const char *const face_colors[ANSWER_WORD_COUNT] = {
    "#8b1a1a", "#7a3e00", "#2f5a0c", "#0f5132", "#6b6b6b",
};

/* Horizontal bars for counts of the 4 faces and skip, in SVG. */
static void h_bars(struct textbuf *h, const char *caption, const int counts[ANSWER_WORD_COUNT])
{
    int max = 1, total = 0;
    for (int i = 0; i < ANSWER_WORD_COUNT; i++) {
        if (counts[i] > max)
            max = counts[i];
        total += counts[i];
    }
    h_raw(h, "<figure><figcaption>");
    h_text(h, caption);
    h_raw(h, "</figcaption>\n");
    if (total == 0) {       /* an empty chart says nothing: only the count */
        h_raw(h, "<div class=\"muted\">");
        h_fmt(h, NG_("%d answer", "%d answers", total), total);
        h_raw(h, "</div></figure>\n");
        return;
    }
    char buf[512];
    const int row = 24, label_w = 130, bar_w = 320;
    snprintf(buf, sizeof buf, "<svg width=\"%d\" height=\"%d\" "
             "role=\"img\" aria-label=\"", label_w + bar_w + 60, row * ANSWER_WORD_COUNT + 4);
    h_raw(h, buf);
    for (int i = 0; i < ANSWER_WORD_COUNT; i++) {
        h_text(h, answer_word(answer_words[i].value));
        snprintf(buf, sizeof buf, " %d%s", counts[i], i + 1 < ANSWER_WORD_COUNT ? ", " : "");
        h_raw(h, buf);
    }
    h_raw(h, "\">\n");
    for (int i = 0; i < ANSWER_WORD_COUNT; i++) {
        int y = i * row + 2, w = counts[i] * bar_w / max;
        snprintf(buf, sizeof buf, "<text x=\"0\" y=\"%d\">", y + 16);
        h_raw(h, buf);
        h_text(h, answer_word(answer_words[i].value));
        snprintf(buf, sizeof buf, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                 "fill=\"%s\"/><text x=\"%d\" y=\"%d\">%d</text>\n", label_w, y + 3, w, row - 8,
                 face_colors[i], label_w + w + 6, y + 16, counts[i]);
        h_raw(h, buf);
    }
    h_raw(h, "</svg>\n");
    h_raw(h, "<div class=\"muted\">");
    h_fmt(h, NG_("%d answer", "%d answers", total), total);
    h_raw(h, "</div>");
    h_raw(h, "</figure>\n");
}

/* Distinct questions (in first-seen order) of kind answered in visits [from, to). */
struct qlist {
    const char *ids[256];
    const struct export_pack *packs[256];
    int count;
};

static void qlist_add(struct qlist *q, const char *id, const struct export_pack *p)
{
    for (int i = 0; i < q->count; i++)
        if (strcmp(q->ids[i], id) == 0)
            return;
    if (q->count < 256) {
        q->ids[q->count] = id;
        q->packs[q->count++] = p;
    }
}

static void h_visit_row(struct textbuf *h, const struct model *m, const struct rvisit *v)
{
    char in_t[8], esc_t[8], out_t[8];
    fmt_hm(v->checkin, in_t);
    fmt_hm(v->escort, esc_t);
    fmt_hm(v->checkout, out_t);
    h_raw(h, "<tr><td>");
    h_text(h, *first_name_of(v) ? first_name_of(v) : v->shadow_id);
    if (v->suspect)
        h_raw(h, " <span class=\"warn\" title=\"clock\">&#9888;</span>");
    h_raw(h, "</td><td>");
    h_text(h, in_t);
    h_raw(h, "</td><td>");
    if (v->escort) {
        const char *name = host_name_of(v->pack, v->escort->host_id);
        h_text(h, *name ? name : v->escort->host_id);
        h_raw(h, ", ");
        h_text(h, esc_t);
    } else {
        h_raw(h, "<span class=\"warn\">");
        h_text(h, _("not confirmed"));
        h_raw(h, "</span>");
    }
    h_raw(h, "</td><td>");
    if (v->checkout) {
        h_text(h, out_t);
        h_raw(h, ", ");
        h_text(h, checkout_word(v->checkout->value));
    } else {
        h_raw(h, "<span class=\"warn\">");
        h_text(h, _("no check-out"));
        h_raw(h, "</span>");
    }
    h_raw(h, "</td><td>");
    h_text(h, v->done ? _("complete") : v->answered ? _("partial") : _("not started"));
    h_raw(h, "</td></tr>\n");
    (void)m;
}

/* Everything about one workplace: visits [from, to) of m->visits. */
static void h_workplace(struct textbuf *h, const struct model *m, int from, int to)
{
    const struct rvisit *v0 = &m->visits[from];
    h_raw(h, "<h2>");
    h_text(h, *visit_workplace(v0) ? visit_workplace(v0) : _("Unknown workplace"));
    h_raw(h, "</h2>\n");

    h_raw(h, "<h3>");
    h_text(h, _("Visits"));
    h_raw(h, "</h3>\n<table><tr><th>");
    h_text(h, _("Shadow"));
    h_raw(h, "</th><th>");
    h_text(h, _("Check-in"));
    h_raw(h, "</th><th>");
    h_text(h, _("Escort confirmed"));
    h_raw(h, "</th><th>");
    h_text(h, _("Check-out"));
    h_raw(h, "</th><th>");
    h_text(h, _("Evaluation"));
    h_raw(h, "</th></tr>\n");
    const char *day = "";
    for (int i = from; i < to; i++) {
        if (strcmp(m->visits[i].day, day) != 0) {
            day = m->visits[i].day;
            h_raw(h, "<tr><th colspan=\"5\">");
            h_text(h, *day ? day : "?");
            h_raw(h, "</th></tr>\n");
        }
        h_visit_row(h, m, &m->visits[i]);
    }
    h_raw(h, "</table>\n");

    /* "What next?" for the follow-up meeting, in Finnish and English. */
    h_raw(h, "<h3>");
    h_text(h, _("What next? (for the follow-up meeting)"));
    h_raw(h, "</h3>\n<table><tr><th>");
    h_text(h, _("Shadow"));
    h_raw(h, "</th><th>Suomeksi</th><th>In English</th><th>");
    h_text(h, _("Phase of the continuation path"));
    h_raw(h, "</th><th>");
    h_text(h, _("Shadow's comment"));
    h_raw(h, "</th></tr>\n");
    for (int i = from; i < to; i++) {
        const struct rvisit *v = &m->visits[i];
        const struct continuation_choice *ch = v->next ? continuation_find(v->next->value) : NULL;
        h_raw(h, "<tr><td>");
        h_text(h, *first_name_of(v) ? first_name_of(v) : v->shadow_id);
        h_raw(h, "</td><td>");
        if (ch) {
            h_text(h, i18n_gettext_in("fi", ch->label));
            h_raw(h, "</td><td>");
            h_text(h, ch->label);
            h_raw(h, "</td><td>");
            h_fmt(h, "%d: %s", ch->phase, _(continuation_phase_name(ch->phase)));
        } else {
            h_raw(h, "<span class=\"muted\">&ndash;</span></td><td></td><td>");
        }
        h_raw(h, "</td><td>");
        h_text(h, v->comment ? v->comment->value : "");
        h_raw(h, "</td></tr>\n");
    }
    h_raw(h, "</table>\n");

    /* Answers, per question, as bars. */
    struct qlist shadow_q = { .count = 0 }, host_q = { .count = 0 };
    for (int i = from; i < to; i++) {
        const struct rvisit *v = &m->visits[i];
        for (int q = 0; v->pack && q < v->pack->question_count; q++)
            qlist_add(v->pack->questions[q].audience == AUDIENCE_HOST ? &host_q : &shadow_q,
                      v->pack->questions[q].id, v->pack);
        for (int j = v->first; j < v->first + v->count; j++) {
            const struct record *r = m->by_visit[j];
            if (r->kind == RECORD_ANSWER && answer_index(r->value) >= 0)
                qlist_add(&shadow_q, r->item, v->pack);
            else if (r->kind == RECORD_HOST_EVAL && answer_index(r->value) >= 0)
                qlist_add(&host_q, r->item, v->pack);
        }
    }
    for (int pass = 0; pass < 2; pass++) {
        const struct qlist *ql = pass ? &host_q : &shadow_q;
        if (ql->count == 0)
            continue;
        h_raw(h, "<h3>");
        h_text(h, pass ? _("The hosts' answers") : _("The shadows' answers"));
        h_raw(h, "</h3>\n");
        for (int q = 0; q < ql->count; q++) {
            int counts[ANSWER_WORD_COUNT] = { 0 };
            int kind = pass ? RECORD_HOST_EVAL : RECORD_ANSWER;
            for (int i = from; i < to; i++) {
                const struct rvisit *v = &m->visits[i];
                int to_j = v->first + v->count;
                for (int j = v->first; j < to_j; j++) {
                    const struct record *r = m->by_visit[j];
                    int a = answer_index(r->value);
                    if (r->kind == kind && strcmp(r->item, ql->ids[q]) == 0 && a >= 0 &&
                        is_latest_answer(m, j, to_j))
                        counts[a]++;
                }
            }
            const char *text = question_text_of(ql->packs[q], ql->ids[q]);
            h_bars(h, *text ? text : ql->ids[q], counts);
        }
    }

    /* Safety cards not acknowledged. */
    h_raw(h, "<h3>");
    h_text(h, _("Safety cards not acknowledged"));
    h_raw(h, "</h3>\n");
    int any = 0;
    for (int i = from; i < to; i++) {
        const struct rvisit *v = &m->visits[i];
        for (int c = 0; v->pack && c < v->pack->card_count; c++) {
            const struct record *r;
            int st = card_status_of(m, v, &v->pack->cards[c], &r);
            if (st == CARD_UNDERSTOOD)
                continue;
            if (!any++)
                h_raw(h, "<ul>\n");
            h_raw(h, "<li>");
            h_text(h, *first_name_of(v) ? first_name_of(v) : v->shadow_id);
            h_raw(h, ": ");
            h_text(h, v->pack->cards[c].title);
            h_raw(h, " &ndash; <span class=\"warn\">");
            h_text(h, _(card_statuses[st].text));
            h_raw(h, "</span></li>\n");
        }
    }
    if (any)
        h_raw(h, "</ul>\n");
    else {
        h_raw(h, "<p>");
        h_text(h, _("Every shadow acknowledged every card."));
        h_raw(h, "</p>\n");
    }

    /* Partial evaluations. */
    int partial = 0;
    for (int i = from; i < to; i++)
        partial += !m->visits[i].done;
    if (partial) {
        h_raw(h, "<h3>");
        h_text(h, _("Evaluations not finished"));
        h_raw(h, "</h3>\n<ul>\n");
        for (int i = from; i < to; i++) {
            const struct rvisit *v = &m->visits[i];
            if (v->done)
                continue;
            h_raw(h, "<li>");
            h_text(h, *first_name_of(v) ? first_name_of(v) : v->shadow_id);
            h_raw(h, ": ");
            h_text(h, v->answered ? _("partial") : _("not started"));
            h_raw(h, "</li>\n");
        }
        h_raw(h, "</ul>\n");
    }
}

int report_make_html(const struct report_input *in, char **data, size_t *len)
{
    struct model m;
    struct textbuf h = { 0 };
    char iso[CLOCK_ISO_SIZE];
    *data = NULL;
    *len = 0;
    int rc = model_build(&m, in);
    if (rc)
        return rc;
    h_raw(&h, "<!DOCTYPE html>\n<html lang=\"");
    h_text(&h, i18n_language());
    h_raw(&h, "\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
              "style-src 'unsafe-inline'; img-src data:\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    h_text(&h, _("Job Shadow Day: report"));
    h_raw(&h, "</title>\n<style>");
    h_raw(&h, report_css);
    h_raw(&h, "</style>\n</head>\n<body>\n<h1>");
    h_text(&h, _("Job Shadow Day: report"));
    h_raw(&h, "</h1>\n<p class=\"muted\">");
    clock_format_iso(in->generated, in->generated_offset_min, iso);
    int kiosks = 0;
    for (int i = 0; i < m.visit_count; i++) {
        int seen = 0;
        for (int k = 0; k < i && !seen; k++)
            seen = strcmp(m.visits[k].kiosk_id, m.visits[i].kiosk_id) == 0;
        kiosks += !seen;
    }
    /* TRANSLATORS: when the report was made; then "17 records, 1 visit, 1 kiosk." follows. */
    h_fmt(&h, _("Made %s."), iso);
    h_raw(&h, " ");
    h_fmt(&h, NG_("%d record", "%d records", in->record_count), in->record_count);
    h_raw(&h, ", ");
    h_fmt(&h, NG_("%d visit", "%d visits", m.visit_count), m.visit_count);
    h_raw(&h, ", ");
    h_fmt(&h, NG_("%d kiosk.", "%d kiosks.", kiosks), kiosks);
    h_raw(&h, "</p>\n");

    if (in->problem_count > 0) {
        h_raw(&h, "<h2 class=\"warn\">");
        h_text(&h, _("Problems with the inputs"));
        h_raw(&h, "</h2>\n<p>");
        h_text(&h, _("The records of these inputs are not in this report where the input could "
                     "not be trusted. Export again from the kiosk, or scan the missing codes."));
        h_raw(&h, "</p>\n<ul>\n");
        for (int i = 0; i < in->problem_count; i++) {
            h_raw(&h, "<li>");
            h_text(&h, in->problems[i]);
            h_raw(&h, "</li>\n");
        }
        h_raw(&h, "</ul>\n");
    }
    if (m.visit_count == 0) {
        h_raw(&h, "<p>");
        h_text(&h, _("There are no visits in the inputs."));
        h_raw(&h, "</p>\n");
    }
    for (int i = 0; i < m.visit_count; ) {
        int k = i;
        while (k < m.visit_count && strcmp(visit_workplace(&m.visits[k]), visit_workplace(&m.visits[i])) == 0)
            k++;
        h_workplace(&h, &m, i, k);
        i = k;
    }

    /* Records whose time may be wrong. */
    int suspect = 0;
    for (int i = 0; i < in->record_count; i++)
        suspect += in->records[i].clock_suspect != 0;
    h_raw(&h, "<h2>");
    h_text(&h, _("Records with a suspect clock"));
    h_raw(&h, "</h2>\n");
    if (!suspect) {
        h_raw(&h, "<p>");
        h_text(&h, _("None: every kiosk's clock looked right."));
        h_raw(&h, "</p>\n");
    } else {
        h_raw(&h, "<p>");
        h_text(&h, _("The kiosk's clock was earlier than a time it had already seen, or earlier "
                     "than the program's build date. These times may be wrong; the order of "
                     "the records on each kiosk is still right."));
        h_raw(&h, "</p>\n<table><tr><th>");
        h_text(&h, _("Kiosk"));
        h_raw(&h, "</th><th>");
        h_text(&h, _("Record"));
        h_raw(&h, "</th><th>");
        h_text(&h, _("Shadow"));
        h_raw(&h, "</th><th>");
        h_text(&h, _("Time the kiosk showed"));
        h_raw(&h, "</th></tr>\n");
        for (int i = 0; i < in->record_count; i++) {
            const struct record *r = &in->records[i];
            if (!r->clock_suspect)
                continue;
            const struct export_pack *p = model_pack(in, r->pack_id);
            const struct export_shadow *s = p ? export_pack_shadow(p, r->shadow_id) : NULL;
            clock_format_iso(r->wall_time, r->utc_offset_min, iso);
            h_raw(&h, "<tr><td>");
            h_text(&h, r->kiosk_id);
            h_raw(&h, "</td><td>");
            h_text(&h, record_kind_name(r->kind));
            h_raw(&h, "</td><td>");
            h_text(&h, s ? s->first_name : r->shadow_id);
            h_raw(&h, "</td><td>");
            h_text(&h, iso);
            h_raw(&h, "</td></tr>\n");
        }
        h_raw(&h, "</table>\n");
    }
    h_raw(&h, "</body>\n</html>\n");
    model_free(&m);
    if (h.error) {
        free(h.data);
        return h.error;
    }
    *data = h.data;
    *len = h.len;
    return SD_OK;
}
