/* check_command.c - each command's rules: what a DiskPart command's target
 * must name, its options and their values, the letters it assigns and
 * removes, and the arguments of robocopy and bcdedit.
 *
 * chk_diskpart also follows the command's focus (check_focus.c) and notes
 * a step's first destructive command, for W401 (check.c).
 */
#include "check/check_int.h"

#include <stdio.h>
#include <string.h>

/* Two conditions written alike (blanks aside): steps `when` the same
 * condition run together or not at all. */
static bool same_text(const chk *c, const ast_node *a, const ast_node *b)
{
    const char *p = c->src->text + a->loc.start, *pe = c->src->text + a->loc.end;
    const char *q = c->src->text + b->loc.start, *qe = c->src->text + b->loc.end;
    for (;;) {
        while (p < pe && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            p++;
        while (q < qe && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
            q++;
        if (p == pe || q == qe)
            return p == pe && q == qe;
        if (*p++ != *q++)
            return false;
    }
}

/* Is letter s assigned in the step being checked?  One assigned in a step
 * that runs only `when` a condition holds is assigned in later steps with
 * the same condition, and not in the others. */
static bool assigned_here(const chk *c, const chk_sym *s)
{
    if (!s->assigned)
        return false;
    return !s->assigned_when || (c->step_when && same_text(c, s->assigned_when, c->step_when));
}

/* A name that must be a letter variable (assign, remove, drives). */
static chk_sym *letter_var(chk *c, ast_node *n, ast_str name, bool must_be_assigned)
{
    chk_sym *s = chk_lookup(c, name);
    if (!s) {
        if (chk_letter_word(name)) {
            chk_err(c, n->loc, E412,
                "'%.*s' is a drive letter written out; letters are chosen per server: declare "
                "'letter NAME = free letter' and use NAME",
                STR(name));
            return NULL;
        }
        {
            ast_node tmp = *n;
            tmp.kind = AST_NAME;
            tmp.u.name.name = name;
            chk_undefined(c, &tmp, OBJ_NONE);
        }
        return NULL;
    }
    if (s->type != TY_LETTER) {
        chk_err(c, n->loc, E403, "'%.*s' is %s, not a letter variable", STR(name), chk_type_kind(s->type));
        return NULL;
    }
    if (must_be_assigned && !assigned_here(c, s)) {
        chk_err(c, n->loc, E411,
            "letter '%.*s' is not assigned here: assign it first ('assign letter = %.*s')", STR(name),
            STR(name));
        return NULL;
    }
    if (n->kind == AST_NAME) {
        n->u.name.res = RES_SYMBOL;
        n->u.name.decl = s->decl;
        n->type = TY_LETTER;
    }
    return s;
}

static void drive(chk *c, ast_node *n)
{
    chk_sym *s = letter_var(c, n, n->u.drive.var, true);
    if (s)
        n->u.drive.decl = s->decl;
}

/* The target of select/break/add: a name of the kind the command needs. */
static void target(chk *c, ast_node *cmdn, ast_node *t)
{
    enum ast_cmd cmd = cmdn->u.dp.cmd;
    enum ast_obj want = ast_cmd_target(cmd);
    chk_sym *s;
    c->selected_letter = NULL;
    if (t->kind == AST_NUMBER) {
        if (want == OBJ_DISK) {
            buf b;
            buf_init(&b);
            buf_printf(&b, "'%s %llu' uses a disk number", ast_cmd_words(cmd),
                       (unsigned long long)t->u.number.value);
            chk_disk_number_error(c, t->loc, buf_cstr(&b));
            buf_free(&b);
        } else if (want == OBJ_VOLUME) {
            chk_err(c, t->loc, E407,
                "a volume number is not allowed: numbers change as volumes come and go; name a "
                "volume selector (e.g. 'volume system = volume C') or a letter variable");
        } else if (t->u.number.value == 0) {
            chk_err(c, t->loc, E417, "partition numbers start at 1");
        } else {
            t->type = TY_COUNT;
        }
        return;
    }
    s = chk_lookup(c, t->u.name.name);
    if (!s) {
        chk_undefined(c, t, OBJ_NONE);
        return;
    }
    t->u.name.res = RES_SYMBOL;
    t->u.name.decl = s->decl;
    t->type = s->type;
    if (want == OBJ_VOLUME && s->type == TY_LETTER) {
        if (!assigned_here(c, s))
            chk_err(c, t->loc, E411, "letter '%.*s' is not assigned here: 'select volume %.*s' would fail",
                STR(s->name), STR(s->name));
        else
            c->selected_letter = s;
        return;
    }
    if (chk_obj_of_type(s->type) != want)
        chk_err(c, t->loc, E403, "'%.*s' is %s, but '%s' needs a %s", STR(s->name), chk_type_kind(s->type),
            ast_cmd_words(cmd), ast_obj_name(want));
}

/* `convert WORD`, `create partition WORD`: find the precise command. */
static void command_word(chk *c, ast_node *n, const char *family)
{
    int cmd = ast_cmd_find(family, n->u.dp.word->u.name.name);
    const char *words[4];
    size_t k = 0, fl = strlen(family);
    int i;
    char what[40];
    if (cmd >= 0) {
        n->u.dp.cmd = (enum ast_cmd)cmd;
        return;
    }
    for (i = 0; i < AST_CMD_COUNT && k < 4; i++) {
        const char *w = ast_cmd_words((enum ast_cmd)i);
        if (strncmp(w, family, fl) == 0 && w[fl] == ' ')
            words[k++] = w + fl + 1;
    }
    snprintf(what, sizeof what, "%s", fl == 7 ? "convert target" : "partition kind");
    chk_unknown_value(c, n->u.dp.word->loc, n->u.dp.word->u.name.name, what, words, k);
}

/* A string that reaches a command line, a robocopy argument or a DiskPart
 * label: printable ASCII without '"'.  The driver writes a robocopy string
 * in a cmd line between double quotes, and a DiskPart script holds a label
 * on its command's line, quoted when it holds a space: a '"' would end the
 * quoting and a control character (a line break) start another command.
 * cmd, robocopy and DiskPart read anything beyond ASCII in the server's
 * code page, and the scripts are ASCII (a '?' would stand for it); `mrb
 * run` sends the same bytes.  takes and hint frame the message. */
static void printable_string(chk *c, const ast_node *a, enum diag_code code, const char *takes, const char *hint)
{
    size_t i;
    for (i = 0; i < a->u.string.len; i++) {
        unsigned char ch = (unsigned char)a->u.string.text[i];
        if (ch < 0x20 || ch == 0x7f || ch >= 0x80 || ch == '"') {
            chk_err(c, a->loc, code, "%s of printable ASCII without '\"' (this one holds %s): %s", takes,
                ch >= 0x80 ? "a character beyond ASCII" : ch == '"' ? "a '\"'" : "a control character", hint);
            return;
        }
    }
}

/* A volume label: a string printable_string accepts, of at most 32
 * characters (NTFS's and ReFS's limit; FAT, FAT32 and exFAT take 11, which
 * is not checked here). */
static void label_string(chk *c, const ast_node *v)
{
    printable_string(c, v, E415, "a label takes a string",
                     "DiskPart scripts are ASCII, one command a line, a label with a space in double quotes");
    if (v->u.string.len > 32)
        chk_err(c, v->loc, E415, "a label holds at most 32 characters (NTFS and ReFS; FAT, FAT32 and exFAT take "
                                 "11), this one %lu", (unsigned long)v->u.string.len);
}

static const char *const fs_words[] = {"NTFS", "FAT32", "FAT", "exFAT", "ReFS"};

static void option_value(chk *c, ast_node *cmdn, ast_node *o)
{
    ast_node *v = o->u.opt.value;
    enum ast_opt opt = o->u.opt.opt;
    switch (opt) {
    case OPT_SIZE:
        if (v->kind == AST_NUMBER) {
            chk_err(c, v->loc, E410, "a size needs a unit: write size = %llu MB",
                (unsigned long long)v->u.number.value);
            return;
        }
        if (v->kind != AST_SIZE) {
            chk_err(c, v->loc, E415, "size takes a size, e.g. size = 350 MB");
            return;
        }
        if (chk_size_value(c, v) != TY_SIZE)
            return;
        if (v->u.size.bytes == 0 || v->u.size.bytes % MDL_MiB != 0)
            chk_err(c, v->loc, E414,
                "'%s' takes a whole number of MB, more than 0 (DiskPart's size= counts MB)",
                ast_cmd_words(cmdn->u.dp.cmd));
        return;
    case OPT_FS: {
        size_t i;
        if (v->kind == AST_NAME) {
            for (i = 0; i < sizeof fs_words / sizeof fs_words[0]; i++) {
                const char *w = fs_words[i];
                if (util_ieqn(v->u.name.name.p, v->u.name.name.n, w)) {
                    v->u.name.res = RES_ENUM;
                    v->u.name.value = mdl_lookup(&mdl_fs_vocab, LANG_EN, w, strlen(w));
                    v->type = TY_FS;
                    return;
                }
            }
            chk_unknown_value(c, v->loc, v->u.name.name, "file system", fs_words,
                              sizeof fs_words / sizeof fs_words[0]);
            return;
        }
        chk_err(c, v->loc, E415, "fs takes a file system name, e.g. fs = ntfs");
        return;
    }
    case OPT_LABEL:
        if (v->kind != AST_STRING) {
            chk_err(c, v->loc, E415, "label takes a string, e.g. label = \"EFI\"");
        } else {
            label_string(c, v);
            v->type = TY_STRING;
        }
        return;
    case OPT_LETTER:
        if (v->kind != AST_NAME) {
            chk_err(c, v->loc, E415, "letter takes a letter variable, e.g. letter = dst");
            return;
        }
        if (cmdn->u.dp.cmd == AST_CMD_ASSIGN) {
            chk_sym *s = letter_var(c, v, v->u.name.name, false);
            if (!s)
                return;
            if (assigned_here(c, s)) {
                unsigned long line;
                chk_line_of(c, s->assigned_at, &line);
                chk_err(c, v->loc, E420, "letter '%.*s' is already assigned (line %lu); remove it first",
                    STR(s->name), line);
            } else if (c->loops > 0) {
                chk_err(c, v->loc, E420,
                    "assigning letter '%.*s' inside 'for each' would give it to every volume",
                    STR(s->name));
            }
            s->assigned = true;
            s->assigned_at = cmdn->loc;
            s->assigned_when = c->step_when;
        } else {
            chk_sym *s = letter_var(c, v, v->u.name.name, true);
            if (s)
                s->assigned = false;
        }
        return;
    default:
        return;
    }
}

static void options(chk *c, ast_node *n)
{
    enum ast_cmd cmd = n->u.dp.cmd;
    unsigned allowed = ast_cmd_allowed(cmd), seen = 0, required = ast_cmd_required(cmd);
    ast_node *o;
    for (o = n->u.dp.opts; o; o = o->next) {
        int i;
        enum ast_opt opt = OPT_UNKNOWN;
        for (i = 0; i < OPT_COUNT; i++)
            if (ast_str_eq(o->u.opt.name, ast_opt_word((enum ast_opt)i)))
                opt = (enum ast_opt)i;
        if (opt == OPT_UNKNOWN || !(allowed & OPTB(opt))) {
            buf b;
            chk_sug s;
            int k = 0;
            chk_sug_init(&s, o->u.opt.name);
            buf_init(&b);
            buf_printf(&b, "'%.*s' is not an option of '%s' (", STR(o->u.opt.name), ast_cmd_words(cmd));
            for (i = 0; i < OPT_COUNT; i++) {
                if (!(allowed & OPTB(i)))
                    continue;
                chk_sug_try(&s, ast_opt_word((enum ast_opt)i), strlen(ast_opt_word((enum ast_opt)i)));
                buf_printf(&b, "%s%s", k++ ? ", " : "its options: ", ast_opt_word((enum ast_opt)i));
            }
            buf_puts(&b, k ? ")" : "it takes none)");
            chk_sug_put(&b, &s);
            chk_err(c, o->loc, E415, "%s", buf_cstr(&b));
            buf_free(&b);
            continue;
        }
        o->u.opt.opt = opt;
        if (seen & OPTB(opt)) {
            chk_err(c, o->loc, E415, "'%s' is given twice", ast_opt_word(opt));
            continue;
        }
        seen |= OPTB(opt);
        if (ast_opt_has_value(opt) && !o->u.opt.value) {
            chk_err(c, o->loc, E415, "'%s' needs a value: %s = ...", ast_opt_word(opt), ast_opt_word(opt));
            continue;
        }
        if (!ast_opt_has_value(opt) && o->u.opt.value) {
            chk_err(c, o->loc, E415, "'%s' takes no value", ast_opt_word(opt));
            continue;
        }
        if (o->u.opt.value)
            option_value(c, n, o);
    }
    if (required & ~seen) {
        int i;
        for (i = 0; i < OPT_COUNT; i++)
            if (required & ~seen & OPTB(i))
                chk_err(c, n->loc, E415, "'%s' needs %s = ...", ast_cmd_words(cmd), ast_opt_word((enum ast_opt)i));
    }
}

/* W402: `add disk D` where D is not known to be dynamic: DiskPart converts
 * a basic disk on its own (runtime/diskpart/MODEL.md, quirk Q1). */
static void add_disk_target(chk *c, const ast_node *n)
{
    const ast_node *t = n->u.dp.target;
    chk_sym *s;
    if (!t || t->kind != AST_NAME || !(s = chk_lookup(c, t->u.name.name)) || s->type != TY_DISK)
        return;
    if (s->made_dynamic || chk_predicate_says(s->decl, ATTR_DISK_DYNAMIC))
        return;
    chk_warn(c, t->loc, W402,
         "nothing before this converts '%.*s' to dynamic, and its selector does not say 'dynamic': "
         "DiskPart would convert it on its own; write 'select disk %.*s' and 'convert dynamic' first",
         STR(s->name), STR(s->name));
}

void chk_diskpart(chk *c, ast_node *n)
{
    if (n->u.dp.cmd == AST_CMD_CONVERT)
        command_word(c, n, "convert");
    else if (n->u.dp.cmd == AST_CMD_CREATE_PARTITION)
        command_word(c, n, "create partition");
    if (n->u.dp.target)
        target(c, n, n->u.dp.target);
    options(c, n);
    if (n->u.dp.cmd == AST_CMD_REMOVE && !n->u.dp.opts && c->selected_letter)
        c->selected_letter->assigned = false;
    chk_focus_command(c, n);
    if (n->u.dp.cmd == AST_CMD_ADD_DISK)
        add_disk_target(c, n);
    if (!c->step_destroys && chk_destroys(n))
        c->step_destroys = n;
}

/* robocopy switches: those that only read, copy or report.  Switches that
 * delete files in the destination (/mir, /purge, /move, /mov) are refused. */
static const char *const robo_switches[] = {
    "/e", "/s", "/copyall", "/copy", "/dcopy", "/xf", "/xd", "/xx", "/r", "/w", "/b", "/zb",
    "/j", "/np", "/nfl", "/ndl", "/njh", "/njs", "/mt", "/v", "/sec", "/xj",
};

void chk_robocopy(chk *c, ast_node *n)
{
    ast_node *a;
    drive(c, n->u.robo.src);
    drive(c, n->u.robo.dst);
    for (a = n->u.robo.args; a; a = a->next) {
        size_t i, len;
        const char *colon;
        bool ok = false;
        if (a->kind == AST_STRING)
            printable_string(c, a, E416, "robocopy takes strings",
                             "a wildcard such as '?' or '*' can stand for the character");
        if (a->kind != AST_SWITCH)
            continue;
        colon = memchr(a->u.word.text.p, ':', a->u.word.text.n);
        len = colon ? (size_t)(colon - a->u.word.text.p) : a->u.word.text.n;
        for (i = 0; i < sizeof robo_switches / sizeof robo_switches[0]; i++)
            if (util_ieqn(a->u.word.text.p, len, robo_switches[i]))
                ok = true;
        if (!ok)
            chk_err(c, a->loc, E416,
                "robocopy switch '%.*s' is not allowed here (allowed: those that copy and report; "
                "none that deletes files)",
                STR(a->u.word.text));
    }
}

void chk_bcdedit(chk *c, ast_node *n)
{
    ast_node *f = n->u.bcd.file;
    drive(c, f);
    if (f->u.drive.path.n < 2 || f->u.drive.path.p[0] != '\\')
        chk_err(c, f->loc, E416, "bcdedit needs a file path on the drive, e.g. %.*s:\\EFI\\Microsoft\\Boot\\BCD",
            STR(f->u.drive.var));
    if (n->u.bcd.form == BCD_STORE_SET) {
        ast_node *e = n->u.bcd.elem, *v = n->u.bcd.value;
        if (!ast_str_eq(e->u.name.name, "device") && !ast_str_eq(e->u.name.name, "osdevice"))
            chk_err(c, e->loc, E416, "bcdedit element '%.*s' is not one mrb sets (device or osdevice)",
                STR(e->u.name.name));
        drive(c, v);
        if (v->u.drive.path.n)
            chk_err(c, v->loc, E416, "partition= takes a drive alone, e.g. %.*s:", STR(v->u.drive.var));
    }
}
