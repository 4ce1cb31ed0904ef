/*
** pack_id.c - the one SHA-256 over a list of pack files: the pack id, and the folder's hash.
**
** The pack id names the canonical files the kiosk keeps (every record carries it); the same
** function over the raw files of a folder tells pack_import that a folder is the one installed
** before. Each file is framed by its name, a NUL and its length, so moving bytes from one file
** to the next changes the id. Must not depend on SQLite or SDL, nor on the pack's other files.
*/
#include <sodium.h>
#include <string.h>

#include "pack_internal.h"

void pack_id_of_files(const struct pack_source *files, char out[65])
{
    crypto_hash_sha256_state st;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    for (int i = 0; i < files->count; i++) {
        const struct pack_file *f = &files->files[i];
        unsigned char len[8];
        for (int b = 0; b < 8; b++)
            len[b] = (unsigned char)((unsigned long long)f->len >> (8 * b));
        crypto_hash_sha256_update(&st, (const unsigned char *)f->name, strlen(f->name) + 1);
        crypto_hash_sha256_update(&st, len, sizeof len);
        crypto_hash_sha256_update(&st, f->data, f->len);
    }
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}
