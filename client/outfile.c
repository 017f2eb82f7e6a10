/*  outfile.c: see outfile.h.  */
#include "outfile.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct outfile_t {
    const char *path;
    char *tmp;          /*  NULL: writing the target directly (not a regular file)  */
    FILE *stream;
};

/*  The directory part of a path ("." for a bare name), in buf.  */
static void
s_dir (const char *path, char *buf, size_t size)
{
    const char *slash = strrchr (path, '/');
    if (!slash)
        snprintf (buf, size, ".");
    else
    if (slash == path)
        snprintf (buf, size, "/");
    else
        snprintf (buf, size, "%.*s", (int) (slash - path), path);
}

outfile_t *
outfile_new (const char *path, char *err, size_t err_size)
{
    outfile_t *self = calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, err_size, _("out of memory"));
        return NULL;
    }
    self->path = path;
    struct stat st;
    bool exists = stat (path, &st) == 0;
    if (exists && !S_ISREG (st.st_mode)) {
        self->stream = fopen (path, "w");
        if (!self->stream) {
            snprintf (err, err_size, _("cannot write %s: %s"), path, strerror (errno));
            free (self);
            return NULL;
        }
        return self;
    }
    char dir[4096];
    s_dir (path, dir, sizeof dir);
    const char *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;
    size_t size = strlen (dir) + strlen (base) + 16;
    self->tmp = malloc (size);
    int fd = -1;
    if (self->tmp) {
        /*  Hidden, and in the target's directory so rename cannot cross
            file systems.  */
        snprintf (self->tmp, size, "%s/.%s.XXXXXX", dir, base);
        fd = mkstemp (self->tmp);
    }
    if (fd < 0) {
        snprintf (err, err_size, _("cannot create a temporary file in %s for %s: %s"), dir, path,
                  self->tmp ? strerror (errno) : _("out of memory"));
        free (self->tmp);
        free (self);
        return NULL;
    }
    /*  mkstemp makes it 0600; give it the mode the target has, or the one
        a new file would get.  */
    mode_t mask = umask (0);
    umask (mask);
    fchmod (fd, exists ? st.st_mode & 07777 : 0666 & ~mask);
    self->stream = fdopen (fd, "w");
    if (!self->stream) {
        snprintf (err, err_size, _("cannot write %s: %s"), self->tmp, strerror (errno));
        close (fd);
        unlink (self->tmp);
        free (self->tmp);
        free (self);
        return NULL;
    }
    return self;
}

FILE *
outfile_stream (outfile_t *self)
{
    return self->stream;
}

bool
outfile_check (FILE *stream, char *err, size_t err_size)
{
    /*  A write that failed earlier leaves errno set: no successful call
        since has cleared it, and later writes fail the same way.  */
    int earlier = errno;
    if (ferror (stream)) {
        snprintf (err, err_size, "%s", strerror (earlier ? earlier : EIO));
        return false;
    }
    if (fflush (stream) != 0) {
        snprintf (err, err_size, "%s", strerror (errno));
        return false;
    }
    return true;
}

bool
outfile_commit (outfile_t **self_p, char *err, size_t err_size)
{
    outfile_t *self = *self_p;
    char why[256];
    bool ok = outfile_check (self->stream, why, sizeof why);
    if (!ok)
        snprintf (err, err_size, _("cannot write %s: %s"), self->path, why);
    /*  Data that is only in the page cache is not on the disk: a crash
        after the rename would otherwise leave an empty or short file.  */
    if (ok && self->tmp && fsync (fileno (self->stream)) != 0) {
        snprintf (err, err_size, _("cannot write %s: %s"), self->path, strerror (errno));
        ok = false;
    }
    int closed = fclose (self->stream);
    self->stream = NULL;
    if (ok && closed != 0) {
        snprintf (err, err_size, _("cannot write %s: %s"), self->path, strerror (errno));
        ok = false;
    }
    if (ok && self->tmp && rename (self->tmp, self->path) != 0) {
        snprintf (err, err_size, _("cannot replace %s: %s"), self->path, strerror (errno));
        ok = false;
    }
    if (ok && self->tmp) {
        free (self->tmp);       /*  renamed: nothing to remove  */
        self->tmp = NULL;
        char dir[4096];
        s_dir (self->path, dir, sizeof dir);
        int fd = open (dir, O_RDONLY | O_DIRECTORY);
        /*  The rename itself is durable only once the directory is.  */
        if (fd < 0 || (fsync (fd) != 0 && errno != EINVAL)) {
            snprintf (err, err_size, _("%s is complete, but its directory %s could not be synced "
                      "(%s): after a crash it may be missing"), self->path, dir, strerror (errno));
            ok = false;
        }
        if (fd >= 0)
            close (fd);
    }
    outfile_destroy (self_p);
    return ok;
}

void
outfile_destroy (outfile_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    outfile_t *self = *self_p;
    if (self->stream)
        fclose (self->stream);
    if (self->tmp) {
        unlink (self->tmp);
        free (self->tmp);
    }
    free (self);
    *self_p = NULL;
}
