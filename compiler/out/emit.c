/* emit.c - DiskPart scripts and the .cmd driver, from a verified plan.
 *
 * Design.  Scripts are cut where the proof's record places each command
 * (compiler/plan/record.h: a new DiskPart session at each step and after every
 * cmd command), so that a failure always names one step, and no script
 * spans a robocopy or bcdedit run; the rem lines render the record.  The driver is plain cmd.exe: `diskpart /s`, ERRORLEVEL
 * tests, findstr for the stale-plan guard.  All text passes through
 * ascii(), so what the server's listing or the procedure contains cannot
 * inject a character cmd or DiskPart would read specially; names of files
 * never appear in the driver at all (driver_head), and program lines are
 * escaped for cmd (cmd_text).  DiskPart runs go through one subroutine,
 * :diskpart, which logs them; waits through :wait, which talks.
 *
 * The driver is one cmd.exe program whose parts that hold text of the
 * listing or the procedure (steps, comparison with the predicted listing,
 * failures, compile-id check) all go through the escaping helpers at the
 * top (ascii, rem_text, cmd_text, emit_regex); keeping them static in one
 * file keeps every path to cmd.exe through them, and the guard
 * (emit_guard.c) reaches them through emit_int.h.  What needs none of them
 * lives apart: the driver's fixed parts (emit_driver.c), the summary and
 * pictures (review.c), the review page (review_html.c).
 */
#include "out/emit.h"
#include "out/emit_int.h"

#include <string.h>

#include "server/journal.h"
#include "diskpart/print.h"
#include "out/review.h"
#include "out/review_html.h"
#include "out/emit_driver.h"

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

const char *const emit_role_word[ER_COUNT] = {"guard", "diskpart-script", "driver", "after-listing", "listing",
                                               "review-page"};

/* A new file of the set, NAME.NN SUFFIX (nn (unsigned)-1: NAME SUFFIX), in
 * its role. */
static buf *new_file(emit_out *o, const char *name, unsigned nn, const char *suffix, enum emit_role role)
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
    f->role = role;
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

/* A command line of the driver: ASCII, '%' doubled so cmd keeps it, and
 * outside double quotes every character cmd reads specially (& | < > ^ ( ))
 * escaped with '^', so that whatever a quoted argument holds, the line is
 * the one command it says (cmd toggles its quoting at each '"' just as
 * this does).  The same text can follow `echo`.  Programs are run directly,
 * not with `call`: they are .exe files, and cmd implementations disagree
 * on the exit status `call` leaves. */
static void cmd_text(buf *b, const char *s)
{
    bool quoted = false;
    for (; *s; s++) {
        char one[2] = {*s, 0};
        if (*s == '"')
            quoted = !quoted;
        if (*s == '%')
            buf_puts(b, "%%");
        else if (!quoted && strchr("&|<>^()", *s))
            buf_printf(b, "^%c", *s);
        else
            ascii(b, one, NULL);
    }
}

/* The text of a `rem` line: ASCII, '%' doubled (cmd expands it even in
 * rem lines, and "%~" there is a fatal error), and no '^' at the end of
 * the line (a rem line ending in a caret carries on to the next line). */
static void rem_text(buf *b, const char *s)
{
    size_t n = strlen(s);
    for (; *s; s++, n--) {
        char one[2] = {*s, 0};
        if (*s == '%')
            buf_puts(b, "%%");
        else if (*s == '^' && n == 1)
            buf_putc(b, '?');
        else
            ascii(b, one, NULL);
    }
}

/* `rem` lines of text t (one rem per line of t), each line as esc writes it. */
static void rem_lines_as(buf *b, const char *t, void (*esc)(buf *, const char *))
{
    const char *p = t;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *line = util_strndup(p, n);
        buf_puts(b, "rem ");
        if (line)
            esc(b, line);
        else
            b->failed = true;
        util_free(line);
        crlf(b);
        p += n + (nl ? 1 : 0);
    }
}

static void rem_lines(buf *b, const char *t) { rem_lines_as(b, t, rem_text); }

/* The rem lines of a command's record (emit.h). */
void emit_rem_record(buf *b, const rec_cmd *rec, bool model, void (*esc)(buf *, const char *))
{
    buf t;
    buf_init(&t);
    rec_text(&t, rec, model);
    if (t.failed)           /* its text may be cut short: nothing of it is kept */
        b->failed = true;
    else
        rem_lines_as(b, buf_cstr(&t), esc ? esc : rem_text);
    buf_free(&t);
}

/* The rem lines of action a in a script or the driver. */
static void rem_record(buf *b, const plan_act *a, bool model) { emit_rem_record(b, &a->rec, model, NULL); }

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
    memcpy(o->compile_id, id, sizeof id);

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
        /* the driver names its scripts after itself, always in quotes */
        buf_printf(&check, "findstr /r /c:\"^rem mrb compile id %s$\" \"%%MRB_NAME%%", id);
        ascii(&check, o->files[i].name + strlen(name), "-_.");
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
                  "echo mrb: holds files of another compile of \"%MRB_NAME%.mrb\"; nothing was changed.\r\n"
                  "echo mrb: compile again into this folder.\r\n"
                  "exit /b 1\r\n");
}

/* ---- provenance ----------------------------------------------------------
 *
 * Every file names the procedure and the listing it was compiled from by
 * their base names (so that a compile from another folder writes the same
 * bytes, and `mrb verify` can recompile anywhere) and the SHA-256 of each
 * file's bytes, so that a reviewer can tell which version of either a set
 * came from (sha256sum FILE prints the same digits). */

/* "rem mrb procedure FILE sha256 HEX" and the listing's line; prefix goes
 * before each ("rem mrb" in scripts, "DISKPART> rem mrb" in the after
 * listing). */
static void provenance(buf *b, const emit_input *in, const char *prefix)
{
    buf_printf(b, "%s procedure ", prefix);
    ascii(b, util_file_part(in->source), "-_.()[]{}+=,;'!@#$~");
    buf_printf(b, " sha256 %s", in->source_sha256 ? in->source_sha256 : "unknown");
    crlf(b);
    buf_printf(b, "%s listing ", prefix);
    ascii(b, util_file_part(in->listing), "-_.()[]{}+=,;'!@#$~");
    buf_printf(b, " sha256 %s", in->listing_sha256 ? in->listing_sha256 : "unknown");
    crlf(b);
}

static const char *const header =
    "@echo off\r\n"
    "rem This file was written by mrb; edit the .mrb procedure, not this file.\r\n";

/* The driver's opening: comments, its settings, the checks that it runs
 * where it should.  Names are never written into the driver: it takes its
 * own (%~n0) and the scripts are named after it, so that a file name with
 * spaces, & ^ % ! ( ) or characters outside ASCII reaches cmd only through
 * a variable expanded inside double quotes, where none of them is special
 * (delayed expansion, which would read '!', is turned off).  The comments
 * say where the set comes from (provenance) and repeat the plan's summary
 * that `mrb compile` prints (compiler/out/review.h). */
static void driver_head(buf *drv, const emit_input *in)
{
    buf_puts(drv, header);
    buf_puts(drv, "rem Procedure: ");
    rem_text(drv, in->p->title ? in->p->title : "");
    crlf(drv);
    buf_puts(drv, "rem Compiled from ");
    rem_text(drv, util_file_part(in->source));
    buf_puts(drv, " against the listing ");
    rem_text(drv, util_file_part(in->listing));
    buf_puts(drv, " (SHA-256 of each below).");
    crlf(drv);
    provenance(drv, in, "rem mrb");
    if (in->origin_sha256) {
        buf_printf(drv, "rem mrb carries on the plan proved on the listing ");
        ascii(drv, in->name, NULL);
        buf_printf(drv, ".listing.txt sha256 %s: %zu of its %zu DiskPart commands were done", in->origin_sha256,
                   in->done, in->total);
        crlf(drv);
    }
    if (in->snap && in->p->proved) {
        buf summary;
        buf_init(&summary);
        rev_summary(&summary, in->p, in->snap);
        rem_lines(drv, buf_cstr(&summary));
        if (summary.failed)
            drv->failed = true;
        buf_free(&summary);
    }
    emit_guard_header(drv, in);
    buf_puts(drv,
             "rem Run it from an elevated command prompt.  It stops at the first failure.\r\n"
             "rem It keeps a log beside itself (NAME.log: every DiskPart output, with times).\r\n"
             "setlocal EnableExtensions DisableDelayedExpansion\r\n"
             "cd /d \"%~dp0\"\r\n"
             "rem The scripts are named after this file: keep its name.\r\n"
             "set \"MRB_NAME=%~n0\"\r\n"
             "set \"MRB_LOG=%~n0.log\"\r\n"
             "set \"MRB_NOW=%TEMP%\\%~n0.now.txt\"\r\n"
             "rem MRB_PAUSE: seconds between two DiskPart runs (DiskPart asks for 15);\r\n"
             "rem MRB_RAN: a DiskPart run ended (:diskpart waits before the next).\r\n"
             "set \"MRB_RAN=\"\r\n");
    buf_printf(drv, "if not defined MRB_PAUSE set \"MRB_PAUSE=%d\"\r\n", EMIT_DISKPART_PAUSE);
    buf_puts(drv,
             "rem MRB_RESYNC: seconds between two looks at the mirrors resynchronising\r\n"
             "rem after the last step (0: do not wait, say how to watch it)\r\n");
    buf_printf(drv, "if not defined MRB_RESYNC set \"MRB_RESYNC=%d\"\r\n", EMIT_RESYNC_POLL);
    buf_puts(drv,
             "if not exist \"%MRB_NAME%.00.diskpart.txt\" goto renamed\r\n"
             ">>\"%MRB_LOG%\" echo [%date% %time%] mrb: \"%MRB_NAME%.cmd\" starts\r\n"
             "rem DiskPart needs an elevated prompt; fltmc runs only in one (any exit\r\n"
             "rem code but 0, a negative one included, says it is not).\r\n"
             "fltmc >nul 2>&1\r\n"
             "set \"MRB_RC=%errorlevel%\"\r\n"
             "if not \"%MRB_RC%\"==\"0\" goto not_elevated\r\n");
}

/* ---- the end: the server against the predicted listing ---------------------
 *
 * Once every step is done the driver lists the server and looks in that
 * listing for every row of NAME.after.txt, then counts the disk and volume
 * rows, and reports each row it does not find and a count that differs.
 * What may differ without being a difference (SPEC.md, "The predicted
 * listing"): a mirror's status Rebuild or Healthy (the resync runs on its
 * own, for minutes to hours), a disk's Free (the model knows the space a
 * plex takes only as DiskPart displays sizes, rounded) and a volume's
 * number (DiskPart numbers volumes afresh in each session). */

/* The findstr expression of text s[from, to) (emit_int.h). */
void emit_regex(buf *b, const char *s, size_t from, size_t to)
{
    size_t i, n = strlen(s);
    for (i = from; i < to && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '-' ||
            c == '_' || c == ',')
            buf_putc(b, (char)c);
        else if (c == '*')
            buf_puts(b, "\\*");
        else if ((c & 0xC0) != 0x80)
            buf_putc(b, '.');   /* one OEM byte per character in DiskPart's output */
    }
}

/* Columns of print.c's rows (runtime/diskpart/print.h): list disk's Free starts at
 * 34 and is 7 wide; list volume's number cell is 10 wide, Status starts at
 * 58. */
enum { DISK_FREE_AT = 34, DISK_FREE_END = 41, VOL_NUM_END = 10, VOL_STATUS_AT = 58 };

/* A disk row of the predicted listing with any Free. */
static void after_disk_regex(buf *b, const mdl_disk *d)
{
    buf row;
    const char *r;
    buf_init(&row);
    prt_disk_row(&row, d);
    r = buf_cstr(&row);
    buf_puts(b, "^  ");
    emit_regex(b, r, 0, DISK_FREE_AT);
    buf_puts(b, " *[0-9][0-9]* [KMGT]*B *");
    if (row.len > DISK_FREE_END)
        emit_regex(b, r, DISK_FREE_END + strspn(r + DISK_FREE_END, " "), row.len);
    buf_puts(b, " *$");
    if (row.failed)
        b->failed = true;
    buf_free(&row);
}

/* A volume row of the predicted listing with any number, and a mirror's
 * Rebuild or Healthy (both seven letters: one class per letter). */
static void after_volume_regex(buf *b, const mdl_volume *v)
{
    buf row;
    const char *r;
    size_t from;
    buf_init(&row);
    prt_volume_row(&row, v);
    r = buf_cstr(&row);
    from = VOL_NUM_END + (row.len > VOL_NUM_END ? strspn(r + VOL_NUM_END, " ") : 0);
    buf_puts(b, "^  Volume [0-9][0-9]* *");
    if (v->type == VT_MIRROR && (v->status == VS_REBUILD || v->status == VS_HEALTHY) &&
        row.len >= VOL_STATUS_AT + 7) {
        emit_regex(b, r, from, VOL_STATUS_AT);
        buf_puts(b, "[RH][ee][ba][ul][it][lh][dy]");
        emit_regex(b, r, VOL_STATUS_AT + 7, row.len);
    } else {
        emit_regex(b, r, from, row.len);
    }
    buf_puts(b, " *$");
    if (row.failed)
        b->failed = true;
    buf_free(&row);
}

/* One findstr for a row: a row not found is shown and counted. */
static void after_row(buf *drv, const buf *regex, void (*row)(buf *, const void *), const void *obj)
{
    buf r;
    if (regex->failed)
        drv->failed = true;
    buf_puts(drv, "findstr /r /c:\"");
    buf_put(drv, regex->data ? regex->data : "", regex->len);
    buf_puts(drv, "\" \"%MRB_NOW%\" >nul\r\n"
                  "if errorlevel 1 (echo mrb: not shown:&echo   ");
    buf_init(&r);
    row(&r, obj);
    block_text(drv, buf_cstr(&r));
    if (r.failed)
        drv->failed = true;
    buf_free(&r);
    buf_puts(drv, "& set \"MRB_DIFF=1\")\r\n");
}

static void disk_row_v(buf *b, const void *d) { prt_disk_row(b, d); }
static void volume_row_v(buf *b, const void *v) { prt_volume_row(b, v); }

static void driver_after(buf *drv, const mdl_server *after)
{
    size_t i;
    buf re;
    buf_init(&re);
    buf_puts(drv,
             ":after\r\n"
             "call :diskpart 00 quiet\r\n"
             "if errorlevel 1 goto after_unread\r\n"
             ":after_compare\r\n"
             "rem The server against \"NAME.after.txt\", the listing compile predicted:\r\n"
             "rem every row found (any Free, any volume number, a mirror Rebuild or\r\n"
             "rem Healthy), no disk or volume more.\r\n"
             "echo mrb: comparing the server with the listing compile predicted, \"%MRB_NAME%.after.txt\"\r\n"
             "set \"MRB_DIFF=0\"\r\n");
    for (i = 0; i < after->ndisks; i++) {
        buf_reset(&re);
        after_disk_regex(&re, &after->disks[i]);
        after_row(drv, &re, disk_row_v, &after->disks[i]);
    }
    for (i = 0; i < after->nvols; i++) {
        buf_reset(&re);
        after_volume_regex(&re, &after->vols[i]);
        after_row(drv, &re, volume_row_v, &after->vols[i]);
    }
    buf_free(&re);
    buf_puts(drv,
             "set /a \"MRB_DISKS=0, MRB_VOLS=0\"\r\n"
             "for /f \"usebackq tokens=1,2\" %%a in (\"%MRB_NOW%\") do (\r\n"
             "if \"%%a\"==\"Disk\" if not \"%%b\"==\"###\" set /a \"MRB_DISKS+=1\"\r\n"
             "if \"%%a\"==\"Volume\" if not \"%%b\"==\"###\" set /a \"MRB_VOLS+=1\"\r\n"
             ")\r\n");
    buf_printf(drv,
               "if not \"%%MRB_DISKS%%\"==\"%zu\" (echo mrb: the server shows %%MRB_DISKS%% disks, not %zu& "
               "set \"MRB_DIFF=1\")\r\n"
               "if not \"%%MRB_VOLS%%\"==\"%zu\" (echo mrb: the server shows %%MRB_VOLS%% volumes, not %zu& "
               "set \"MRB_DIFF=1\")\r\n",
               after->ndisks, after->ndisks, after->nvols, after->nvols);
    buf_puts(drv,
             "del \"%MRB_NOW%\" >nul 2>&1\r\n"
             "if \"%MRB_DIFF%\"==\"1\" goto after_differs\r\n"
             ">>\"%MRB_LOG%\" echo [%date% %time%] mrb: the server shows what compile predicted\r\n"
             "echo mrb: the server shows the disks and volumes compile predicted.\r\n"
             "exit /b 0\r\n"
             ":after_differs\r\n"
             ">>\"%MRB_LOG%\" echo [%date% %time%] mrb: the server differs from what compile predicted\r\n"
             "echo mrb: every step ran, but the server does not show what compile predicted:\r\n"
             "echo mrb: look at it with diskpart (list disk, list volume) beside \"%MRB_NAME%.after.txt\".\r\n"
             "exit /b 1\r\n"
             ":after_unread\r\n"
             "echo mrb: every step ran, but DiskPart could not list the disks to compare them with\r\n"
             "echo mrb: \"%MRB_NAME%.after.txt\": look at the server with diskpart (list disk, list volume).\r\n"
             "exit /b 1\r\n");
}

/* ---- the scripts ----------------------------------------------------------- */

/* The opening of script NN, holding DiskPart lines of step i. */
static void script_head(buf *b, const emit_input *in, unsigned nn, size_t i)
{
    buf_printf(b, "rem mrb ");
    ascii(b, in->name, NULL);
    buf_printf(b, ".%02u: step %zu, ", nn, i + 1);
    ascii(b, in->p->steps[i].name, NULL);
    crlf(b);
    provenance(b, in, "rem mrb");
}

/* ---- the driver ------------------------------------------------------------ */

/* Steps of the procedure this server does not need (`when`). */
static void driver_skips(buf *drv, const plan *p)
{
    size_t i;
    for (i = 0; i < p->nskips; i++) {
        buf_puts(drv, "echo mrb: left out on this server: ");
        echo_text(drv, p->skips[i].name);
        buf_puts(drv, ": ");
        echo_text(drv, p->skips[i].why);
        crlf(drv);
    }
}

/* A robocopy or bcdedit line of step i (1-based si): logged, run, its
 * exit code checked. */
static void driver_program(buf *drv, const plan_act *a, size_t si)
{
    rem_record(drv, a, false);
    buf_puts(drv, "set \"MRB_LAST=program\"\r\n"
                  ">>\"%MRB_LOG%\" echo [%date% %time%] ");
    cmd_text(drv, a->text);
    crlf(drv);
    cmd_text(drv, a->text);
    crlf(drv);
    buf_puts(drv, "set \"MRB_RC=%errorlevel%\"\r\n"
                  ">>\"%MRB_LOG%\" echo [%date% %time%] exit code %MRB_RC%\r\n");
    /* robocopy: 8 and above fail, and so does a negative code (the
     * process crashed) */
    if (a->kind == PA_ROBOCOPY)
        buf_printf(drv, "if %%MRB_RC%% lss 0 goto fail_%zu\r\n"
                        "if %%MRB_RC%% geq 8 goto fail_%zu\r\n", si, si);
    else
        buf_printf(drv, "if not \"%%MRB_RC%%\"==\"0\" goto fail_%zu\r\n", si);
}

/* Every step: its DiskPart lines into the scripts the record places them
 * in (a new one at each step and after each program line), its programs
 * and the calls into the driver.  False on allocation failure. */
static bool emit_steps(emit_out *o, const emit_input *in, buf *drv)
{
    const plan *p = in->p;
    bool model = in->snap && p->proved;
    size_t i, j;
    unsigned nn = 0;
    for (i = 0; i < p->nsteps; i++) {
        const plan_step *s = &p->steps[i];
        buf *cur = NULL;
        buf_printf(drv, "echo mrb: step %zu of %zu: ", i + 1, p->nsteps);
        echo_text(drv, s->name);
        crlf(drv);
        buf_printf(drv, ">>\"%%MRB_LOG%%\" echo [%%date%% %%time%%] mrb: step %zu of %zu\r\n", i + 1, p->nsteps);
        for (j = 0; j < s->nacts; j++) {
            const plan_act *a = &s->acts[j];
            if (a->kind == PA_DISKPART) {
                if (!cur || a->rec.script != nn) {
                    if (cur)
                        buf_puts(cur, "exit\r\n");
                    nn = a->rec.script;
                    if (!(cur = new_file(o, in->name, nn, ".diskpart.txt", ER_SCRIPT)))
                        return false;
                    script_head(cur, in, nn, i);
                    buf_printf(drv, "call :diskpart %02u\r\n"
                                    "if errorlevel 1 goto fail_%zu\r\n", nn, i + 1);
                }
                rem_record(cur, a, model);
                ascii(cur, a->text, NULL);
                crlf(cur);
            } else if (a->kind == PA_ROBOCOPY || a->kind == PA_BCDEDIT) {
                if (cur)
                    buf_puts(cur, "exit\r\n");
                cur = NULL;
                driver_program(drv, a, i + 1);
            }
        }
        if (cur)
            buf_puts(cur, "exit\r\n");
    }
    return true;
}

/* Are the listing's rows DiskPart's English ones (the words the predicted
 * listing is printed in)?  A listing captured in another language is read
 * through its words, but the driver compares text. */
static bool english_rows(const mdl_server *s)
{
    size_t i;
    for (i = 0; i < s->ndisks; i++)
        if (s->disks[i].row && strncmp(s->disks[i].row, "Disk ", 5) != 0)
            return false;
    for (i = 0; i < s->nvols; i++)
        if (s->vols[i].row && strncmp(s->vols[i].row, "Volume ", 7) != 0)
            return false;
    return true;
}

/* The refusals of the guard, and what each step's failure says. */
static void driver_failures(buf *drv, const plan *p)
{
    size_t i, j;
    buf_puts(drv, ":guard_failed\r\n"
                  "echo mrb: DiskPart could not list the disks; nothing was changed.\r\n"
                  "exit /b 1\r\n"
                  ":stale\r\n"
                  ">>\"%MRB_LOG%\" echo [%date% %time%] mrb: the server has changed: nothing was changed\r\n"
                  "echo mrb: the server has changed since the listing was captured; nothing was changed.\r\n"
                  "echo mrb: if an earlier run of this driver stopped part-way, carry on from there:\r\n"
                  "call :way_forward\r\n"
                  "echo mrb: otherwise capture a new listing and compile again, without --continue.\r\n"
                  "exit /b 1\r\n");
    for (i = 0; i < p->nsteps; i++) {
        const plan_step *s = &p->steps[i];
        buf_printf(drv, ":fail_%zu\r\n"
                        ">>\"%%MRB_LOG%%\" echo [%%date%% %%time%%] mrb: step %zu failed\r\n"
                        "echo mrb: step %zu failed: ", i + 1, i + 1, i + 1);
        echo_text(drv, s->name);
        crlf(drv);
        if (i == 0)
            buf_puts(drv, "echo mrb: no earlier step ran; step 1 may be part-done.\r\n");
        else if (i == 1)
            buf_puts(drv, "echo mrb: step 1 is done; step 2 may be part-done.\r\n");
        else
            buf_printf(drv, "echo mrb: steps 1 to %zu are done; step %zu may be part-done.\r\n", i, i + 1);
        buf_puts(drv, "echo mrb: what this step runs, in order:\r\n");
        for (j = 0; j < s->nacts; j++) {
            if (s->acts[j].kind == PA_REQUIRE || s->acts[j].kind == PA_ENSURE)
                continue;
            buf_puts(drv, "echo   ");
            echo_text(drv, s->acts[j].text);
            crlf(drv);
        }
        buf_puts(drv, "if \"%MRB_LAST%\"==\"program\" echo mrb: the failing program's output is above.\r\n"
                      "if \"%MRB_LAST%\"==\"diskpart\" echo mrb: what DiskPart said, the failing command's output last:\r\n"
                      "if \"%MRB_LAST%\"==\"diskpart\" type \"%MRB_NOW%\"\r\n"
                      "echo mrb: the log, with every DiskPart output: \"%MRB_LOG%\"\r\n"
                      "echo mrb: do not type DiskPart commands by hand: carry on from where the server stands:\r\n"
                      "call :way_forward\r\n"
                      "exit /b 1\r\n");
    }
}

/* Put the driver drv last in o (it takes drv's buffer).  False on
 * allocation failure (drv freed). */
static bool add_driver(emit_out *o, const char *name, buf *drv)
{
    buf *last = new_file(o, name, (unsigned)-1, ".cmd", ER_DRIVER);
    if (!last) {
        buf_free(drv);
        return false;
    }
    *last = *drv;
    return true;
}

static bool all_whole(const emit_out *o)
{
    size_t k;
    for (k = 0; k < o->nfiles; k++)
        if (o->files[k].data.failed)
            return false;
    return true;
}

/* The scripts and the driver, the driver last. */
static bool emit_scripts(const emit_input *in, emit_out *o)
{
    buf drv;
    size_t id_at;
    enum driver_end end = !in->after ? END_EXIT : in->snap && english_rows(in->snap) ? END_COMPARE : END_BY_HAND;
    bool ok;
    if (!emit_guard_script(o, in))
        return false;
    buf_init(&drv);
    driver_head(&drv, in);
    id_at = drv.len;
    emit_driver_guard(&drv, in);
    driver_skips(&drv, in->p);
    ok = emit_steps(o, in, &drv);
    if (!ok) {
        buf_free(&drv);
        return false;
    }
    driver_done(&drv, in, end);
    if (end == END_COMPARE)
        driver_after(&drv, in->after);
    driver_failures(&drv, in->p);
    stamp_compile_id(o, &drv, id_at, in->name);
    driver_tail(&drv);
    driver_way_forward(&drv);
    /* the driver last: written after every script it runs */
    return add_driver(o, in->name, &drv) && all_whole(o);
}

bool emit_plan(const plan *p, const char *name, const char *source, const char *listing, emit_out *o)
{
    emit_input in;
    memset(&in, 0, sizeof in);
    in.p = p;
    in.name = name;
    in.source = source;
    in.listing = listing;
    return emit_scripts(&in, o);
}

/* ---- the predicted listing ----------------------------------------------- */

/* NAME.after.txt: the `list disk` and `list volume` the model predicts once
 * the last step has run, as a console transcript in DiskPart's layout (so
 * `mrb listing` reads it back), after rem lines that say where it comes
 * from (DiskPart echoes rem commands, and the reader takes them), CRLF
 * like every file of the set.  DiskPart numbers volumes afresh in each
 * session: a later listing may show the same volumes under other
 * numbers. */
static bool after_listing(emit_out *o, const emit_input *in)
{
    buf text, *f;
    size_t i;
    if (!(f = new_file(o, in->name, (unsigned)-1, ".after.txt", ER_AFTER)))
        return false;
    buf_puts(f, "DISKPART> rem mrb: the listing predicted once every step of ");
    ascii(f, in->name, NULL);
    buf_puts(f, " has run");
    crlf(f);
    provenance(f, in, "DISKPART> rem mrb");
    buf_init(&text);
    buf_puts(&text, "\nDISKPART> list disk\n");
    prt_list_disk(&text, &in->p->after, -1);
    buf_puts(&text, "\nDISKPART> list volume\n");
    prt_list_volume(&text, &in->p->after, -1);
    for (i = 0; i < text.len; i++) {
        if (text.data[i] == '\n')
            buf_putc(f, '\r');
        buf_putc(f, text.data[i]);
    }
    if (text.failed)
        f->failed = true;
    buf_free(&text);
    return !f->failed;
}

/* NAME.listing.txt: the listing's bytes, as given (what `compile
 * --continue` proves the plan on again). */
static bool listing_copy(emit_out *o, const emit_input *in)
{
    buf *f;
    if (!in->origin)
        return true;
    if (!(f = new_file(o, in->name, (unsigned)-1, ".listing.txt", ER_LISTING)))
        return false;
    buf_put(f, in->origin->data ? in->origin->data : "", in->origin->len);
    return !f->failed;
}

/* NAME.review.html (compiler/out/review_html.h). */
static bool review_page(emit_out *o, const emit_input *in)
{
    buf *f = new_file(o, in->name, (unsigned)-1, ".review.html", ER_REVIEW);
    rev_page page;
    if (!f)
        return false;
    page.p = in->p;
    page.snap = in->snap;
    page.name = in->name;
    page.source = in->source;
    page.listing = in->listing;
    page.source_sha256 = in->source_sha256;
    page.listing_sha256 = in->listing_sha256;
    page.compile_id = o->compile_id;
    return in->snap ? rev_html(f, &page) : true;
}

bool emit_set(const emit_input *in, emit_out *o)
{
    emit_file drv;
    emit_input with = *in;
    bool ok;
    with.after = &in->p->after;
    ok = emit_scripts(&with, o);
    if (ok) {
        /* the driver stays last: take it out, add the rest, put it back */
        drv = o->files[--o->nfiles];
        ok = after_listing(o, in) && listing_copy(o, in) && review_page(o, in) &&
             util_grow((void **)&o->files, &o->capfiles, o->nfiles + 1, sizeof *o->files);
        if (ok) {
            o->files[o->nfiles++] = drv;
        } else {
            util_free(drv.name);
            buf_free(&drv.data);
        }
    }
    return ok && all_whole(o);
}

bool emit_proved(const proved *x, const char *name, const char *file, const char *listing, emit_out *o)
{
    return emit_set(&(emit_input){.p = &x->p, .snap = &x->snap, .name = name, .source = file, .listing = listing,
                                  .source_sha256 = x->procedure_sha256, .listing_sha256 = x->listing_sha256,
                                  .origin = &x->listing_bytes,
                                  .origin_sha256 = x->carried ? x->earlier_sha256 : NULL, .done = x->cut.done,
                                  .total = x->cut.total},
                    o);
}

/* ---- for the guard's file (compiler/out/emit_int.h) ---------------------------- */

buf *emit_new_file(emit_out *o, const char *name, unsigned nn, const char *suffix, enum emit_role role)
{
    return new_file(o, name, nn, suffix, role);
}

void emit_provenance(buf *b, const emit_input *in, const char *prefix) { provenance(b, in, prefix); }

void emit_block_text(buf *b, const char *s) { block_text(b, s); }

void emit_echo_text(buf *b, const char *s) { echo_text(b, s); }
