/* emit.c - DiskPart scripts and the .cmd driver, from a verified plan.
 *
 * Design.  Scripts are cut at step boundaries and at every cmd command, so
 * that a failure always names one step, and no script spans a robocopy or
 * bcdedit run.  The driver is plain cmd.exe: `diskpart /s`, ERRORLEVEL
 * tests, findstr for the stale-plan guard.  All text passes through
 * ascii(), so what the server's listing or the procedure contains cannot
 * inject a character cmd or DiskPart would read specially.
 */
#include "emit.h"

#include <string.h>

#include "journal.h"

void emit_out_init(emit_out *o) { memset(o, 0, sizeof *o); }

void emit_out_free(emit_out *o)
{
    size_t i;
    for (i = 0; i < o->nfiles; i++) {
        util_free(o->files[i].name);
        buf_free(&o->files[i].data);
    }
    util_free(o->files);
    emit_out_init(o);
}

static buf *new_file(emit_out *o, const char *name, unsigned nn, const char *suffix)
{
    emit_file *f;
    buf n;
    if (!util_grow((void **)&o->files, &o->capfiles, o->nfiles + 1, sizeof *o->files))
        return NULL;
    f = &o->files[o->nfiles];
    buf_init(&n);
    if (nn == (unsigned)-1)
        buf_printf(&n, "%s%s", name, suffix);
    else
        buf_printf(&n, "%s.%02u%s", name, nn, suffix);
    if (n.failed) {
        buf_free(&n);
        return NULL;
    }
    f->name = n.data;
    buf_init(&f->data);
    o->nfiles++;
    return &f->data;
}

/* Append s as ASCII: printable ASCII kept, anything else '?'; keep is the
 * set of ASCII punctuation allowed besides letters, digits and space (NULL:
 * all printable ASCII). */
static void ascii(buf *b, const char *s, const char *keep)
{
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) {
        if (*p >= 0x80) {
            /* one '?' per character, not per byte */
            if ((*p & 0xC0) != 0x80)
                buf_putc(b, '?');
        } else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                   *p == ' ' || (*p > 0x20 && *p < 0x7F && (!keep || strchr(keep, *p)))) {
            buf_putc(b, (char)*p);
        } else {
            buf_putc(b, '?');
        }
    }
}

/* Text safe in a cmd `echo` line: no % ^ & | < >; in a parenthesised
 * block (block_text) no ( ) " either. */
static void echo_text(buf *b, const char *s) { ascii(b, s, "-_.,:;'/\\#+=*[]{}!?@~$`()\""); }
static void block_text(buf *b, const char *s) { ascii(b, s, "-_.,:;'/\\#+=*[]{}!?@~$`"); }

static void crlf(buf *b) { buf_puts(b, "\r\n"); }

/* A command line of the driver: ASCII, with % doubled so cmd keeps it.
 * Programs are run directly, not with `call`: they are .exe files, and
 * cmd implementations disagree on the exit status `call` leaves. */
static void cmd_text(buf *b, const char *s)
{
    for (; *s; s++) {
        char one[2] = {*s, 0};
        if (*s == '%')
            buf_puts(b, "%%");
        else
            ascii(b, one, NULL);
    }
}

/* `rem` lines of a trace (one rem per line of the trace). */
static void rem_trace(buf *b, const char *trace)
{
    const char *p = trace;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *line = util_strndup(p, n);
        buf_puts(b, "rem ");
        if (line)   /* no '%': cmd expands it even in rem lines */
            ascii(b, line, "!\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~");
        else
            b->failed = true;
        util_free(line);
        crlf(b);
        p += n + (nl ? 1 : 0);
    }
}

/* A findstr regular expression matching the row exactly, with any trailing
 * spaces: letters, digits, spaces and a few safe marks stand for
 * themselves, '*' is escaped, every other character matches any one. */
static void row_regex(buf *b, const char *row)
{
    const unsigned char *p = (const unsigned char *)row;
    buf_puts(b, "^  ");
    for (; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == ' ' || *p == '-' || *p == '_' || *p == ',')
            buf_putc(b, (char)*p);
        else if (*p == '*')
            buf_puts(b, "\\*");
        else if ((*p & 0xC0) != 0x80)
            buf_putc(b, '.');   /* one OEM byte per character in DiskPart's output */
    }
    buf_puts(b, " *$");
}

typedef struct script_ref {
    unsigned nn;            /* script number, 0: a cmd command */
    size_t step, act;       /* the first action it holds */
    size_t nacts;           /* how many DiskPart lines */
} script_ref;

/* ---- the compile id ---------------------------------------------------
 *
 * Every file of one compile carries the same id: the first 128 bits of the
 * SHA-256 of the whole set (each file's name and text, before the ids go
 * in), so two compiles share an id only when they wrote the same files.
 * Each script starts with the line "rem mrb compile id ID"; the driver,
 * before it runs anything, checks with findstr that every script it will
 * run holds its own id, and refuses to run when one does not: a folder left
 * holding scripts of two compiles (a compile killed while it renamed its
 * files into place) never runs a mix. */

/* Put the id line first in every script (the files of o so far, NAME.00
 * to NAME.NN), the check into the driver drv at check_at and its refusal
 * at the driver's end.  A failed allocation marks a buffer failed. */
static void stamp_compile_id(emit_out *o, buf *drv, size_t check_at, const char *name)
{
    jrn_sha256 h;
    jrn_hash sum;
    char id[33];
    size_t i;
    buf check, line;
    jrn_sha256_begin(&h);
    for (i = 0; i < o->nfiles; i++) {
        jrn_sha256_add(&h, o->files[i].name, strlen(o->files[i].name) + 1);
        jrn_sha256_add(&h, o->files[i].data.data ? o->files[i].data.data : "", o->files[i].data.len);
        jrn_sha256_add(&h, "", 1);
    }
    jrn_sha256_add(&h, drv->data ? drv->data : "", drv->len);
    jrn_sha256_end(&h, &sum);
    for (i = 0; i < 16; i++) {
        id[2 * i] = "0123456789abcdef"[sum.b[i] >> 4];
        id[2 * i + 1] = "0123456789abcdef"[sum.b[i] & 15];
    }
    id[32] = '\0';

    buf_init(&line);
    for (i = 0; i < o->nfiles; i++) {
        buf *f = &o->files[i].data;
        buf_reset(&line);
        buf_printf(&line, "rem mrb compile id %s\r\n", id);
        buf_put(&line, f->data ? f->data : "", f->len);
        if (line.failed || f->failed) {
            f->failed = true;
            continue;
        }
        buf_reset(f);
        buf_put(f, line.data, line.len);
    }
    buf_free(&line);

    buf_init(&check);
    buf_printf(&check, "rem Every script must be of this compile (id %s): a folder that\r\n"
                       "rem holds scripts of another compile is refused before anything runs.\r\n", id);
    for (i = 0; i < o->nfiles; i++) {
        buf_printf(&check, "findstr /r /c:\"^rem mrb compile id %s$\" \"", id);
        ascii(&check, o->files[i].name, "-_.");
        buf_puts(&check, "\" >nul 2>&1\r\n"
                         "if errorlevel 1 goto not_this_compile\r\n");
    }
    if (check.failed || drv->failed) {
        drv->failed = true;
    } else {
        buf rest;
        buf_init(&rest);
        buf_put(&rest, drv->data + check_at, drv->len - check_at);
        drv->len = check_at;
        buf_put(drv, check.data, check.len);
        buf_put(drv, rest.data ? rest.data : "", rest.len);
        if (rest.failed)
            drv->failed = true;
        buf_free(&rest);
    }
    buf_free(&check);
    buf_puts(drv, ":not_this_compile\r\n"
                  "echo mrb: the scripts beside this driver are not all of its compile: the folder\r\n"
                  "echo mrb: holds files of another compile of ");
    ascii(drv, name, "-_.");
    buf_puts(drv, ".mrb; nothing was changed.\r\n"
                  "echo mrb: compile again into this folder.\r\n"
                  "exit /b 1\r\n");
}

static const char *const header =
    "@echo off\r\n"
    "rem This file was written by mrbc; edit the .mrb procedure, not this file.\r\n";

bool emit_plan(const plan *p, const char *name, const char *source, const char *listing,
               emit_out *o)
{
    buf drvbuf, *drv = &drvbuf, *guard, *cur = NULL, *last;
    size_t i, j, k, id_at;
    unsigned nn = 0;
    bool first_dp = true;

    /* the guard's listing script */
    if (!(guard = new_file(o, name, 0, ".diskpart.txt")))
        return false;
    buf_puts(guard, "rem mrb stale-plan guard: lists the disks and volumes, changes nothing");
    crlf(guard);
    buf_puts(guard, "list disk");
    crlf(guard);
    buf_puts(guard, "list volume");
    crlf(guard);
    buf_puts(guard, "exit");
    crlf(guard);

    buf_init(drv);
    buf_puts(drv, header);
    buf_puts(drv, "rem Procedure: ");
    ascii(drv, p->title ? p->title : "", "!\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~");
    crlf(drv);
    buf_puts(drv, "rem Compiled from ");
    ascii(drv, source, NULL);
    buf_puts(drv, " against the listing ");
    ascii(drv, listing, NULL);
    buf_puts(drv, ".");
    crlf(drv);
    buf_puts(drv, "rem Run it from an elevated command prompt.  It stops at the first failure.\r\n"
                  "setlocal\r\n"
                  "cd /d \"%~dp0\"\r\n");
    id_at = drv->len;
    buf_puts(drv, "rem MRB_PAUSE: pings between two DiskPart runs, one a second\r\n");
    buf_printf(drv, "if not defined MRB_PAUSE set \"MRB_PAUSE=%d\"\r\n", EMIT_DISKPART_PAUSE + 1);
    buf_puts(drv, "set \"MRB_NOW=%TEMP%\\");
    ascii(drv, name, "-_.");
    buf_puts(drv, ".now.txt\"\r\n"
                  "rem The stale-plan guard: the server must still show every row of the\r\n"
                  "rem listing that this plan relies on, before anything is changed.\r\n"
                  "echo mrb: checking that the server still matches the listing\r\n"
                  "diskpart /s ");
    ascii(drv, name, "-_.");
    buf_puts(drv, ".00.diskpart.txt > \"%MRB_NOW%\"\r\n"
                  "if errorlevel 1 goto guard_failed\r\n");
    for (i = 0; i < p->nrows; i++) {
        buf_puts(drv, "findstr /r /c:\"");
        row_regex(drv, p->rows[i]);
        buf_puts(drv, "\" \"%MRB_NOW%\" >nul\r\n"
                      "if errorlevel 1 (echo mrb: the server no longer shows:& echo   ");
        block_text(drv, p->rows[i]);
        buf_puts(drv, "& goto stale)\r\n");
    }

    for (i = 0; i < p->nsteps; i++) {
        const plan_step *s = &p->steps[i];
        buf_printf(drv, "echo mrb: step %zu of %zu: ", i + 1, p->nsteps);
        echo_text(drv, s->name);
        crlf(drv);
        cur = NULL;
        for (j = 0; j < s->nacts; j++) {
            const plan_act *a = &s->acts[j];
            switch (a->kind) {
            case PA_DISKPART:
                if (!cur) {
                    nn++;
                    if (!(cur = new_file(o, name, nn, ".diskpart.txt"))) {
                        buf_free(drv);
                        return false;
                    }
                    buf_printf(cur, "rem mrb %s.%02u: step %zu, ", name, nn, i + 1);
                    ascii(cur, s->name, NULL);
                    crlf(cur);
                    if (!first_dp)
                        buf_puts(drv, "rem DiskPart asks for a pause between two runs\r\n"
                                      "ping -n %MRB_PAUSE% 127.0.0.1 >nul\r\n");
                    first_dp = false;
                    buf_puts(drv, "diskpart /s ");
                    ascii(drv, name, "-_.");
                    buf_printf(drv, ".%02u.diskpart.txt\r\n"
                                    "if errorlevel 1 goto fail_%zu\r\n", nn, i + 1);
                }
                rem_trace(cur, a->trace);
                ascii(cur, a->text, NULL);
                crlf(cur);
                break;
            case PA_ROBOCOPY:
            case PA_BCDEDIT:
                if (cur) {
                    buf_puts(cur, "exit");
                    crlf(cur);
                }
                cur = NULL;
                rem_trace(drv, a->trace);
                cmd_text(drv, a->text);
                crlf(drv);
                buf_printf(drv, "if errorlevel %d goto fail_%zu\r\n", a->kind == PA_ROBOCOPY ? 8 : 1,
                           i + 1);
                break;
            case PA_REQUIRE:
            case PA_ENSURE:
                break;
            }
        }
        if (cur) {
            buf_puts(cur, "exit");
            crlf(cur);
        }
    }

    buf_puts(drv, "echo mrb: all steps done.\r\n"
                  "del \"%MRB_NOW%\" >nul 2>&1\r\n"
                  "exit /b 0\r\n"
                  ":guard_failed\r\n"
                  "echo mrb: DiskPart could not list the disks; nothing was changed.\r\n"
                  "exit /b 1\r\n"
                  ":stale\r\n"
                  "echo mrb: the server has changed since the listing was captured; nothing was changed.\r\n"
                  "echo mrb: capture a new listing and compile again.\r\n"
                  "exit /b 1\r\n");
    for (i = 0; i < p->nsteps; i++) {
        const plan_step *s = &p->steps[i];
        buf_printf(drv, ":fail_%zu\r\n"
                        "echo mrb: step %zu failed: ", i + 1, i + 1);
        echo_text(drv, s->name);
        crlf(drv);
        if (i == 0)
            buf_puts(drv, "echo mrb: no earlier step ran.\r\n");
        else if (i == 1)
            buf_puts(drv, "echo mrb: step 1 is done; step 2 may be part-done: look at\r\n");
        else
            buf_printf(drv, "echo mrb: steps 1 to %zu are done; step %zu may be part-done: look at\r\n",
                       i, i + 1);
        if (i > 0)
            buf_puts(drv, "echo mrb: the server with diskpart (list disk, list volume) before going on.\r\n");
        buf_puts(drv, "echo mrb: what this step runs, in order:\r\n");
        for (j = 0; j < s->nacts; j++) {
            if (s->acts[j].kind == PA_REQUIRE || s->acts[j].kind == PA_ENSURE)
                continue;
            buf_puts(drv, "echo   ");
            echo_text(drv, s->acts[j].text);
            crlf(drv);
        }
        buf_puts(drv, "exit /b 1\r\n");
    }
    stamp_compile_id(o, drv, id_at, name);
    /* the driver last: written after every script it runs */
    if (!(last = new_file(o, name, (unsigned)-1, ".cmd"))) {
        buf_free(drv);
        return false;
    }
    *last = drvbuf;
    for (k = 0; k < o->nfiles; k++)
        if (o->files[k].data.failed)
            return false;
    return true;
}
