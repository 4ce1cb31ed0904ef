/*
** schema.c - the migrations table: version 1 is the foundation (records, pack files, PINs,
** settings); later versions are appended below it. Used only by the store (store.c).
** Tables are STRICT so a wrong type is refused instead of stored. The record table holds the
** day's facts; the kiosk never changes a record's identity or time (a trigger refuses it), only
** the export, delivery and purge marks. Must not depend on SQLite's API or on SDL.
*/
#include "schema.h"

#include <stddef.h>

static const struct schema_migration schema_migrations[] = {
    { 1,
      /* facts of this kiosk: kiosk_id, last_time_seen, clock_offset_s, pack_id, pack_date */
      "CREATE TABLE meta(\n"
      "  key TEXT PRIMARY KEY NOT NULL,\n"
      "  value ANY\n"
      ") STRICT;\n"
      "CREATE TABLE record(\n"
      "  seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"   /* AUTOINCREMENT: never reused */
      "  uuid TEXT UNIQUE NOT NULL CHECK (length(uuid) = 36),\n"
      "  kiosk_id TEXT NOT NULL,\n"
      "  kind TEXT NOT NULL,\n"
      "  wall_time INTEGER NOT NULL,\n"
      "  utc_offset_min INTEGER NOT NULL,\n"
      "  clock_suspect INTEGER NOT NULL DEFAULT 0 CHECK (clock_suspect IN (0, 1)),\n"
      "  day TEXT NOT NULL,\n"
      "  pack_id TEXT NOT NULL,\n"
      "  visit TEXT NOT NULL,\n"
      "  shadow_id TEXT NOT NULL,\n"
      "  host_id TEXT NOT NULL,\n"
      "  item TEXT NOT NULL,\n"
      "  value TEXT NOT NULL,\n"
      "  lang TEXT NOT NULL,\n"
      "  content_hash TEXT NOT NULL,\n"
      "  exported_batch TEXT,\n"
      "  delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1))\n"
      ") STRICT;\n"
      "CREATE INDEX record_by_visit ON record(visit, seq);\n"
      "CREATE INDEX record_by_day_shadow ON record(day, shadow_id, kind, seq);\n"
      "CREATE TRIGGER record_keeps_identity\n"
      "  BEFORE UPDATE OF seq, uuid, kiosk_id, kind, wall_time, utc_offset_min, clock_suspect\n"
      "  ON record\n"
      "BEGIN\n"
      "  SELECT RAISE(ABORT, 'a record''s identity and time never change');\n"
      "END;\n"
      /* the current day pack's canonical files, in the order they were installed (rowid) */
      "CREATE TABLE pack_file(\n"
      "  name TEXT PRIMARY KEY NOT NULL,\n"
      "  data BLOB NOT NULL\n"
      ") STRICT;\n"
      /* PINs changed on the kiosk; they win over the pack's hashes */
      "CREATE TABLE pin_override(\n"
      "  subject TEXT PRIMARY KEY NOT NULL,\n"
      "  pin_hash TEXT NOT NULL,\n"
      "  changed_wall INTEGER NOT NULL\n"
      ") STRICT;\n"
      /* wrong PINs since the subject's last success; the lock survives restarts */
      "CREATE TABLE pin_attempt(\n"
      "  subject TEXT PRIMARY KEY NOT NULL,\n"
      "  failures INTEGER NOT NULL,\n"
      "  last_failure_wall INTEGER NOT NULL,\n"
      "  locked_until_wall INTEGER NOT NULL\n"
      ") STRICT;\n"
      "CREATE TABLE setting(\n"
      "  key TEXT PRIMARY KEY NOT NULL,\n"
      "  value TEXT NOT NULL\n"
      ") STRICT;\n" },
    { 2,
      /* exports: one row per export that was verified on the stick (usb) or shown as QR codes
      ** (qr); delivered after the coordinator's receipt code was typed on the kiosk. A record
      ** is in every batch that carried it (repeated exports overlap until delivery). */
      "CREATE TABLE export_batch(\n"
      "  batch_id TEXT PRIMARY KEY NOT NULL,\n"
      "  created_wall INTEGER NOT NULL,\n"
      "  medium TEXT NOT NULL CHECK (medium IN ('usb', 'qr')),\n"
      "  encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),\n"
      "  record_count INTEGER NOT NULL,\n"
      "  receipt_code TEXT NOT NULL CHECK (length(receipt_code) = 8),\n"
      "  status TEXT NOT NULL CHECK (status IN ('written', 'verified', 'delivered')),\n"
      "  folder TEXT NOT NULL\n"
      ") STRICT;\n"
      "CREATE INDEX export_batch_by_receipt ON export_batch(receipt_code);\n"
      "CREATE TABLE export_item(\n"
      "  batch_id TEXT NOT NULL REFERENCES export_batch(batch_id) ON DELETE CASCADE,\n"
      "  record_seq INTEGER NOT NULL REFERENCES record(seq) ON DELETE CASCADE,\n"
      "  PRIMARY KEY (batch_id, record_seq)\n"
      ") STRICT, WITHOUT ROWID;\n"
      "CREATE INDEX export_item_by_record ON export_item(record_seq);\n" },
    /* Append new migrations here: { 3, "..." }, */
};

enum { SCHEMA_MIGRATION_COUNT = sizeof schema_migrations / sizeof schema_migrations[0] };

int schema_count_migrations(void)
{
    return SCHEMA_MIGRATION_COUNT;
}

const struct schema_migration *schema_get_migration(int i)
{
    return i >= 0 && i < SCHEMA_MIGRATION_COUNT ? &schema_migrations[i] : NULL;
}

int schema_latest_version(void)
{
    return schema_migrations[SCHEMA_MIGRATION_COUNT - 1].version;
}
