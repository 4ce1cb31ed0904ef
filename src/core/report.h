/*
** report.h - the coordinator's view of a set of records: the CSV tables and the HTML report.
**
** The kiosk's USB export and `shadowday collect` make their CSV files with the same code, so a
** table means the same thing wherever it comes from; collect adds kiosk and workplace columns
** and the HTML report. Records are grouped into visits (a check-in and everything that points
** at it), answers are the latest per visit and question, and a safety card counts as
** acknowledged only with the content hash of the card as shown. The HTML is one self-contained
** file: inline CSS and SVG, no scripts, nothing fetched. Must not depend on SQLite or SDL.
*/
#ifndef SD_REPORT_H
#define SD_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "export_format.h"

enum report_csv {
    REPORT_CSV_VISITS,          /* visits.csv: one row per visit */
    REPORT_CSV_SAFETY,          /* safety.csv: each visit's every card, acknowledged or not */
    REPORT_CSV_ANSWERS,         /* answers.csv: the shadow's evaluation, latest answer per item */
    REPORT_CSV_HOST_EVALS,      /* host_evaluations.csv */
    REPORT_CSV_RECORDS,         /* records.csv: every record, every field */
    REPORT_CSV_COUNT
};

struct report_input {
    const struct export_pack *packs;    /* summaries, looked up by each record's pack_id */
    int pack_count;
    const struct record *records;
    int record_count;
    int with_source;                    /* kiosk_id and workplace columns (collect) */
    int64_t generated;                  /* when, for the report's heading (Unix seconds) */
    int generated_offset_min;
    const char *const *problems;        /* collect's problems, listed in the report */
    int problem_count;
};

/* The file name of table i ("visits.csv"), NULL out of range. */
const char *report_csv_name(int i);

/* Table i as a CSV file (RFC 4180, BOM, formula-safe) in a malloc'd buffer. */
int report_make_csv(const struct report_input *in, int i, char **data, size_t *len);

/* The HTML report in a malloc'd buffer, in the current language. */
int report_make_html(const struct report_input *in, char **data, size_t *len);

#endif
