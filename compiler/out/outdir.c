/* outdir.c - the output folder of `mrb compile`: its writers' lock and
 * the plan it holds (compiler/out/outdir.h). */
#include "out/outdir.h"

#include <string.h>

#include "base/diag.h"

/* The driver is read whole to find its provenance lines; one larger than
 * this is not a driver compile writes. */
#define DRIVER_MAX (16u * 1024u * 1024u)

void outdir_join(buf *b, const char *dir, const char *name, const char *suffix)
{
    buf_reset(b);
    if (strcmp(dir, ".") != 0) {
        buf_puts(b, dir);
        if (b->len && b->data[b->len - 1] != '/' && b->data[b->len - 1] != '\\')
            buf_putc(b, '/');
    }
    buf_puts(b, name);
    buf_puts(b, suffix);
}

/* ---- the names of a compile's files ------------------------------------ */

/* Is p (len bytes) <2 or more digits>.diskpart.txt, or (an identity
 * script of the guard) <2 or more digits>.disk<digits>.diskpart.txt? */
static bool script_tail(const char *p, size_t len)
{
    static const char tail[] = ".diskpart.txt", disk[] = ".disk";
    size_t i, j;
    for (i = 0; i < len && p[i] >= '0' && p[i] <= '9'; i++)
        ;
    if (i < 2)
        return false;
    if (len - i > sizeof disk - 1 && memcmp(p + i, disk, sizeof disk - 1) == 0) {
        for (j = i + sizeof disk - 1; j < len && p[j] >= '0' && p[j] <= '9'; j++)
            ;
        if (j > i + sizeof disk - 1)
            i = j;
    }
    return len - i == sizeof tail - 1 && memcmp(p + i, tail, sizeof tail - 1) == 0;
}

bool outdir_is_script(const char *s, const char *name)
{
    size_t n = strlen(name);
    return strncmp(s, name, n) == 0 && s[n] == '.' && script_tail(s + n + 1, strlen(s + n + 1));
}

bool outdir_is_staging(const char *s, const char *name)
{
    size_t n = strlen(name), len, i;
    const char *p, *q, *tail;
    if (strncmp(s, name, n) != 0 || s[n] != '.')
        return false;
    p = s + n + 1;
    if ((q = strstr(p, ".mrb-")) != NULL)
        tail = q + 5;
    else if ((q = strstr(p, ".mrb" "c-")) != NULL)
        tail = q + 6;   /* written while the command was named mrbc */
    else
        return false;
    if (strcmp(tail, "new") != 0) {     /* an earlier mrb's staging name */
        if (strlen(tail) != 16)
            return false;
        for (i = 0; i < 16; i++)
            if (!((tail[i] >= '0' && tail[i] <= '9') || (tail[i] >= 'a' && tail[i] <= 'f')))
                return false;
    }
    len = (size_t)(q - p);
    return (len == 3 && strncmp(p, "cmd", 3) == 0) || (len == 9 && strncmp(p, "after.txt", 9) == 0) ||
           (len == 11 && strncmp(p, "listing.txt", 11) == 0) ||
           (len == 11 && strncmp(p, "review.html", 11) == 0) || script_tail(p, len);
}

static const char *folder_words(const char *dir)
{
    return strcmp(dir, ".") == 0 ? "the current folder" : dir;
}

int outdir_lock_take(outdir_lock *l, const char *dir, const char *name, diag_sink *d)
{
    const char *why = "";
    unsigned long holder = 0;
    enum plat_status st;
    l->h = PLAT_NO_HANDLE;
    buf_init(&l->path);
    outdir_join(&l->path, dir, name, OUTDIR_LOCK_SUFFIX);
    if (l->path.failed) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while writing the scripts");
        return RC_USAGE;
    }
    st = plat_lock_file(buf_cstr(&l->path), &l->h, &holder, &why);
    if (st == PLAT_OK)
        return RC_OK;
    l->h = PLAT_NO_HANDLE;
    if (st != PLAT_ERR_BUSY) {
        diag_error(d, NULL, 0, 0, E004, "cannot write %s (the lock of the compiles of %s into %s): %s",
                   buf_cstr(&l->path), name, folder_words(dir), why);
        return RC_USAGE;
    }
    if (holder)
        diag_error(d, NULL, 0, 0, E012, "another mrb compile of %s is writing %s (pid %lu): try again once it has ended",
                   name, folder_words(dir), holder);
    else
        diag_error(d, NULL, 0, 0, E012, "another mrb compile of %s is writing %s: try again once it has ended", name,
                   folder_words(dir));
    return RC_REFUSED;
}

bool outdir_unlock(outdir_lock *l, diag_sink *d)
{
    bool ok = true;
    if (l->h != PLAT_NO_HANDLE && !plat_unlock_file(buf_cstr(&l->path), l->h) &&
        plat_file_exists(buf_cstr(&l->path))) {
        diag_error(d, NULL, 0, 0, E008, "cannot remove %s, the lock of this compile", buf_cstr(&l->path));
        ok = false;
    }
    l->h = PLAT_NO_HANDLE;
    buf_free(&l->path);
    return ok;
}

/* ---- the plan the folder holds ------------------------------------------ */

typedef struct provenance {
    const char *name;   /* the file's base name, up to name_len */
    size_t name_len;
    const char *sha256; /* 64 hexadecimal digits, or NULL: no such line */
} provenance;

/* Find "rem mrb KIND NAME sha256 HEX" at the start of a line of text (n
 * bytes), as emit.c writes it. */
static provenance find_line(const char *text, size_t n, const char *kind)
{
    provenance p = {NULL, 0, NULL};
    size_t at = 0, k = strlen(kind);
    while (at < n) {
        const char *line = text + at, *nl = memchr(line, '\n', n - at), *end, *s;
        size_t len = nl ? (size_t)(nl - line) : n - at;
        at += len + 1;
        if (len && line[len - 1] == '\r')
            len--;
        end = line + len;
        if (len < 8 + k + 1 || memcmp(line, "rem mrb ", 8) != 0 || memcmp(line + 8, kind, k) != 0 ||
            line[8 + k] != ' ')
            continue;
        s = line + 8 + k + 1;
        /* NAME sha256 HEX, taken from the end: the name may hold spaces */
        if (end - s < 8 + 64 || memcmp(end - 64 - 8, " sha256 ", 8) != 0)
            continue;
        p.name = s;
        p.name_len = (size_t)(end - 64 - 8 - s);
        p.sha256 = end - 64;
        return p;
    }
    return p;
}

static bool same_hash(const provenance *p, const char *sha256)
{
    return p->sha256 && sha256 && memcmp(p->sha256, sha256, 64) == 0;
}

/* The refusal: what the folder holds, what this compile is. */
static void refuse(const outdir_plan *p, const char *driver, const provenance *proc, const provenance *lst,
                   diag_sink *d)
{
    bool other_proc = !same_hash(proc, p->source_sha256), other_lst = !same_hash(lst, p->listing_sha256);
    if (!proc->sha256 || !lst->sha256) {
        diag_error(d, NULL, 0, 0, E011, "%s holds %s, which does not say which procedure and listing it was compiled "
                                        "from: --force replaces it",
                   folder_words(p->dir), driver);
    } else {
        diag_error(d, NULL, 0, 0, E011, "%s holds another plan of %s (%s): --force replaces it", folder_words(p->dir),
                   p->name,
                   other_proc && other_lst ? "another procedure and another listing"
                   : other_proc            ? "another procedure"
                                           : "another listing");
        diag_note(d, NULL, 0, 0, "%s was compiled from %.*s (sha256 %.64s) against %.*s (sha256 %.64s)", driver,
                  (int)proc->name_len, proc->name, proc->sha256, (int)lst->name_len, lst->name, lst->sha256);
        diag_note(d, NULL, 0, 0, "this compile is of %s (sha256 %s) against %s (sha256 %s)", p->source,
                  p->source_sha256, p->listing, p->listing_sha256);
    }
    diag_note(d, NULL, 0, 0, "nothing was written");
}

int outdir_check_plan(const outdir_plan *p, diag_sink *d)
{
    buf driver, text;
    const char *why = "";
    enum plat_status st;
    int rc = RC_OK;
    buf_init(&driver);
    buf_init(&text);
    outdir_join(&driver, p->dir, p->name, ".cmd");
    if (driver.failed) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while writing the scripts");
        rc = RC_USAGE;
    } else if (plat_file_exists(buf_cstr(&driver)) && !plat_is_dir(buf_cstr(&driver))) {
        st = plat_read_file(buf_cstr(&driver), DRIVER_MAX, &text, &why);
        if (st == PLAT_OK || st == PLAT_ERR_TOO_LARGE) {
            provenance proc = {NULL, 0, NULL}, lst = {NULL, 0, NULL};
            if (st == PLAT_OK) {
                proc = find_line(text.data ? text.data : "", text.len, "procedure");
                lst = find_line(text.data ? text.data : "", text.len, "listing");
            }
            if (!same_hash(&proc, p->source_sha256) || !same_hash(&lst, p->listing_sha256)) {
                refuse(p, buf_cstr(&driver), &proc, &lst, d);
                rc = RC_REFUSED;
            }
        } else {
            diag_error(d, NULL, 0, 0, E001, "cannot read %s (to see which plan it is): %s", buf_cstr(&driver), why);
            diag_note(d, NULL, 0, 0, "nothing was written");
            rc = RC_USAGE;
        }
    }
    buf_free(&driver);
    buf_free(&text);
    return rc;
}
