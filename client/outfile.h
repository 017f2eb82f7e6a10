/*  outfile.h: a file that appears whole or not at all.

    The payroll CSV decides allowances; a disk that fills halfway must not
    leave a shorter file that looks complete. Output goes to a temporary
    file beside the target, and only after fflush, fsync and fclose have
    all succeeded is it renamed over the target. On any failure the
    temporary file is removed and an existing target is left as it was.

    A target that exists and is not a regular file (a pipe, /dev/stdout)
    cannot be replaced by rename; it is written directly, every write
    checked.  */
#ifndef RAPOR_OUTFILE_H
#define RAPOR_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct outfile_t outfile_t;

/*  Opens the temporary file for `path` (kept by reference: the caller
    keeps it alive). NULL on failure, with the reason in err.  */
outfile_t *outfile_new (const char *path, char *err, size_t err_size);

/*  Where to write. Owned by the outfile.  */
FILE *outfile_stream (outfile_t *self);

/*  Flushes, syncs, closes and renames over the target, then destroys
    *self_p. False, with the reason in err and the temporary file
    removed, if any step failed.  */
bool outfile_commit (outfile_t **self_p, char *err, size_t err_size);

/*  Abandons the output: closes and removes the temporary file. Accepts
    NULL; nulls the pointer.  */
void outfile_destroy (outfile_t **self_p);

/*  Flushes a stream that is not an outfile (stdout) and checks it for any
    earlier write error. False, with the reason in err, if output was lost.  */
bool outfile_check (FILE *stream, char *err, size_t err_size);

#endif
