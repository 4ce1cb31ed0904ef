/*
** i18n_catalogue.h - the shape of the compiled translation catalogue (tools/po_compile.c writes
** it from the PO files in assets/po at build time; i18n.c reads it). Every program carries its catalogue
** inside: nothing is looked up in files at run time, so the browser build translates the same way.
** Must not depend on anything.
*/
#ifndef SD_I18N_CATALOGUE_H
#define SD_I18N_CATALOGUE_H

struct i18n_message {
    const char *key;                    /* msgid, or msgctxt "\004" msgid */
    const char *const *forms;           /* msgstr, or msgstr[0..nforms-1] for a plural */
    int nforms;
};

struct i18n_catalogue {
    const char *lang;                   /* "fi", "sv", "fi-selko": the PO file's name */
    unsigned long (*plural)(unsigned long n);   /* Plural-Forms, compiled */
    int nplurals;
    const struct i18n_message *messages;        /* sorted by key (strcmp) */
    int count;
};

extern const struct i18n_catalogue i18n_catalogues[];
extern const int i18n_catalogue_count;

#endif
