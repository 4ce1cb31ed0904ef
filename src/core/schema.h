/*
** schema.h - the database schema of the kiosk's store, as an ordered list of migrations.
**
** Migration N turns a database at PRAGMA user_version N-1 into one at N. The store applies the
** missing ones in order, each in its own transaction, and refuses a database whose version is
** newer than the last one here. Changing the schema is appending one row to the table in
** schema.c; a row that was ever released is never edited.
** Pure data: must not depend on SQLite's API or on SDL.
*/
#ifndef SD_SCHEMA_H
#define SD_SCHEMA_H

/* PRAGMA application_id of a shadowday database ("SDay"): tells ours from any other SQLite file. */
#define SCHEMA_APPLICATION_ID 0x53446179

struct schema_migration {
    int version;        /* 1, 2, 3, ... in order, no gaps */
    const char *sql;    /* statements run inside the migration's transaction */
};

int schema_count_migrations(void);
/* Migration i (0-based, in order); NULL when out of range. */
const struct schema_migration *schema_get_migration(int i);
/* The version a database has after every migration: the last row's version. */
int schema_latest_version(void);

#endif
