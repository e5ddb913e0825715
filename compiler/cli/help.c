/* help.c - the help table of mrb (compiler/cli/help.h). */
#include "cli/help.h"

#include <string.h>

#include "base/platform.h"
#include "base/util.h"
#include "cli/cli.h"

/* The subcommands in the order `mrb --help` lists them.  Every text is
 * lines separated by '\n' (no trailing one); the printer indents them. */
const help_cmd help_cmds[] = {
    {"check", "[--format=text|json|sarif] [--werror] [--disable=CODES]\n"
              "[--enable=CODES] [--severity=warning|error] FILE.mrb...",
     "parse and type-check procedures (a linter for CI;\n"
     "--werror: warnings refuse the file too)",
     "Parse and type-check each procedure (SPEC.md sections 1 to 8). No\n"
     "listing is needed: this is the linter for editors and CI. Diagnostics\n"
     "go to standard error as text, or to standard output as JSON lines or\n"
     "as one SARIF 2.1.0 log for code scanning. The exit status is the worst\n"
     "of the files'.",
     {{"--format", "text|json|sarif", "how diagnostics are written (default text)"},
      {"--werror", NULL, "warnings (Wnnn) refuse the file too"},
      {"--disable", "CODES", "do not report these warnings (W401,W403)"},
      {"--enable", "CODES", "report these warnings again"},
      {"--severity", "warning|error", "report warnings and errors (default), or\nerrors only"}},
     "mrb check examples/*.mrb\n"
     "mrb check --format=sarif --werror procedures/*.mrb > mrb.sarif"},
    {"explain", "CODE...\nmrb explain --list",
     "what a diagnostic code (E401, W401, ...) means;\n"
     "--list: every code with its meaning",
     "Print what each diagnostic code means: its name, whether it is an\n"
     "error or a warning, a one-line summary, then the explanation with an\n"
     "example, and for a run error (E8xx) what to do. An unknown code is a\n"
     "usage error (exit 2).",
     {{"--list", NULL, "every code, one per line: code, name, meaning"}},
     "mrb explain E424 W401\n"
     "mrb explain --list | grep journal"},
    {"listing", "SNAPSHOT [--words FILE] [--format=text|json] [--inventory FILE]",
     "read a captured DiskPart listing (or a --state file)\n"
     "and print it back as English DiskPart listings",
     "Read a captured DiskPart listing (a diskpart /s output or a console\n"
     "transcript; English, French or German; UTF-8, UTF-16LE or the OEM\n"
     "code page), or a simulator state file, and print what mrb understood.",
     {{"--format", "text|json", "text: English DiskPart listings (default);\n"
                                "json: the model, each size as the interval\n"
                                "of bytes its display stands for"},
      {"--words", "FILE", "the English word of each word the server\nprints that the reader does not know: one\n'LOCAL = English' pair a line (SPEC.md)"},
      {"--inventory", "FILE", "the CSV the command of 'mrb probe\n--inventory' wrote: exact sizes, serial\nnumbers, bus types; any disagreement with\nthe listing is refused (E234)"}},
     "mrb listing snapshot.txt\n"
     "mrb listing --format=json snapshot.txt"},
    {"compile", "FILE.mrb --listing SNAPSHOT [--words FILE] [-o DIR] [--force]\n"
                "         [--continue DIR] [--inventory FILE] [--ticket FILE]\n"
                "         [--format=text|json]",
     "resolve the procedure against a server's listing,\n"
     "prove it on a model of that server, and write\n"
     "DIR/NAME.cmd, DIR/NAME.NN.diskpart.txt, the predicted\n"
     "listing NAME.after.txt, the listing NAME.listing.txt\n"
     "and the page NAME.review.html\n"
     "(--format=json: the plan as JSON on standard output)",
     "Resolve every name of the procedure against the server's listing (or\n"
     "refuse, listing every candidate), prove the plan on a model of that\n"
     "server, and write the driver DIR/NAME.cmd, the DiskPart scripts\n"
     "DIR/NAME.NN.diskpart.txt, the listing predicted after the last step\n"
     "DIR/NAME.after.txt, the listing proved on DIR/NAME.listing.txt and\n"
     "the review page DIR/NAME.review.html, or nothing at all; each names\n"
     "the procedure and the listing with their SHA-256. With --continue,\n"
     "on a server an earlier plan of the same procedure left part-way:\n"
     "that plan is proved again, the listing must show the server as it\n"
     "predicted after one of its commands, and the set plans what is left.\n"
     "The paths written are printed on standard output, or with\n"
     "--format=json the plan as one JSON document (SPEC.md, \"The JSON\n"
     "plan\"); the plan, disk by disk, and each disk before and after on\n"
     "standard error. A compile holds DIR/NAME.mrb-lock while it writes:\n"
     "another compile of NAME into DIR meanwhile is refused (E012). A DIR\n"
     "whose NAME.cmd is of another procedure or listing is refused (E011)\n"
     "unless --force.",
     {{"--listing", "SNAPSHOT", "the server's captured listing (required)"},
      {"--words", "FILE", "the English word of each word the server\nprints that the reader does not know: one\n'LOCAL = English' pair a line (SPEC.md)"},
      {"-o", "DIR", "the folder to write to (default: the current one)"},
      {"--continue", "DIR", "the earlier plan's folder (or the listing it\nwas compiled from): plan only what is left"},
      {"--force", NULL, "replace the plan DIR holds for NAME even when\nit is of another procedure or listing (E011)"},
      {"--format", "text|json", "text: the paths written, the summary on\nstandard error (default); json: the plan,\nnames, steps, disks and hashes as JSON"},
      {"--inventory", "FILE", "the inventory beside the listing (mrb probe\n--inventory): exact sizes, no A1 between\ndisks of other byte counts, no USB target"},
      {"--ticket", "FILE", "the ticket mrb ticket wrote before the swap:\nrefuse the plan when its survivor is not the\ndisk to keep (E508: the wrong disk pulled?)"}},
     "mkdir out && mrb compile gpt-rebuild.mrb --listing snapshot.txt -o out\n"
     "mrb compile gpt-rebuild.mrb --listing snapshot.txt -o out --format=json > plan.json\n"
     "mrb compile gpt-rebuild.mrb --listing snapshot2.txt --continue out -o out2"},
    {"ticket", "FILE.mrb --listing SNAPSHOT [--inventory FILE] [--words FILE]\n         [--keep NAME] [--replace NAME] -o FILE",
     "before a disk swap: print the disk to replace and\n"
     "the disk to keep by model, Location Path, Disk ID\n"
     "and serial, for the technician, and write a ticket\n"
     "that compile --ticket checks after the swap",
     "Resolve two disk declarations of the procedure, the disk to replace\n"
     "(--replace, default missing) and the disk to keep (--keep, default\n"
     "survivor), against a capture taken before the swap; print each by what\n"
     "identifies it physically, for the datacenter technician, and write the\n"
     "ticket file whole or not at all. After the swap, compile --ticket FILE\n"
     "refuses a plan whose survivor is not the disk to keep (SPEC.md, \"The\n"
     "swap ticket\").",
     {{"--listing", "SNAPSHOT", "the capture before the swap (required; both\nstages of mrb probe: detail disk)"},
      {"-o", "FILE", "the ticket file to write (required)"},
      {"--keep", "NAME", "the declaration of the disk to keep (default\nsurvivor)"},
      {"--replace", "NAME", "the declaration of the disk to replace\n(default missing)"},
      {"--inventory", "FILE", "the inventory beside the listing (mrb probe\n--inventory): serial numbers"},
      {"--words", "FILE", "the English word of each word the server\nprints that the reader does not know: one\n'LOCAL = English' pair a line (SPEC.md)"}},
     "mrb ticket gpt-rebuild.mrb --listing before.txt -o swap.ticket\n"
     "mrb compile gpt-rebuild.mrb --listing after.txt --ticket swap.ticket -o out"},
    {"run",
     "FILE.mrb --simulate SNAPSHOT [--state FILE] [--journal FILE] [--resume]\n"
     "         [--quiet|--json] [--words FILE] [--inventory FILE]\n"
     "mrb run FILE.mrb --listing SNAPSHOT --diskpart PROGRAM [--diskpart-wait SECONDS]\n"
     "         [--diskpart-timeout SECONDS] [--robocopy PROGRAM] [--bcdedit PROGRAM]\n"
     "         [--resync-poll SECONDS] [--journal FILE] [--resume] [--quiet|--json]\n"
     "         [--approve COMPILE_ID|--yes] [--words FILE] [--inventory FILE]",
     "prove the procedure as compile does, then run it\n"
     "command by command on the simulated server kept in\n"
     "--state (default NAME.state), re-checking the server\n"
     "before every step, with a checkpoint journal (default\n"
     "NAME.journal) that --resume continues; --quiet, --json;\n"
     "--listing SNAPSHOT --diskpart PROGRAM runs PROGRAM /s\n"
     "SCRIPT instead of the simulator",
     "Prove the procedure as compile does, then run it one DiskPart command\n"
     "at a time, each in a DiskPart process of its own, on the simulator or\n"
     "through PROGRAM /s SCRIPT. Before every step a fresh listing must show\n"
     "what the plan expects; every command is recorded in a checkpoint\n"
     "journal, so a run that was killed continues with --resume (SPEC.md\n"
     "section 15).",
     {{"--simulate", "SNAPSHOT", "run on the simulator, starting from SNAPSHOT"},
      {"--state", "FILE", "the simulated server (default NAME.state)"},
      {"--listing", "SNAPSHOT", "the starting listing of a real server"},
      {"--diskpart", "PROGRAM", "run each script as PROGRAM /s SCRIPT"},
      {"--diskpart-wait", "SECONDS", "pause between two launches (default 15)"},
      {"--diskpart-timeout", "SECONDS", "kill a launch after it (default 3600, 0 none)"},
      {"--robocopy", "PROGRAM", "what runs robocopy lines (default robocopy;\nexit codes 0 to 7 are success)"},
      {"--bcdedit", "PROGRAM", "what runs bcdedit lines (default bcdedit)"},
      {"--resync-poll", "SECONDS", "after the last step, look at the mirrors\nthis often until none shows Rebuild (default\n30; 0: do not wait, say how to watch)"},
      {"--journal", "FILE", "the checkpoint journal (default NAME.journal)"},
      {"--resume", NULL, "continue the run the journal records (a\ncommand that failed is run again)"},
      {"--approve", "COMPILE_ID", "with --diskpart: this plan's compile id\n(from compile) approves the run; without\nit a terminal asks for the disk's number"},
      {"--yes", NULL, "with --diskpart: run without asking"},
      {"--quiet", NULL, "print no progress"},
      {"--json", NULL, "print the progress as JSON lines"},
      {"--words", "FILE", "the English word of each word the server\nprints that the reader does not know: one\n'LOCAL = English' pair a line (SPEC.md)"},
      {"--inventory", "FILE", "the inventory beside the snapshot (mrb probe\n--inventory), joined to it as compile does"}},
     "mrb run gpt-rebuild.mrb --simulate snapshot.txt\n"
     "mrb run gpt-rebuild.mrb --simulate snapshot.txt --resume\n"
     "mrb run gpt-rebuild.mrb --listing snapshot.txt --diskpart diskpart.exe"},
    {"probe", "[--from DISKS [--words FILE] | --disks N | --inventory]",
     "print the DiskPart script that lists the disks (stage 1),\n"
     "or with --from the one that captures a snapshot of the\n"
     "disks stage 1's output DISKS shows (stage 2)",
     "Print a DiskPart script that only lists, and changes nothing. Stage 1\n"
     "lists the disks; stage 2 (--from the output of stage 1) selects each\n"
     "disk it showed and lists its partitions and details: DiskPart ends a\n"
     "script at the first command that fails, so the disks are selected by\n"
     "the numbers the server has.",
     {{"--from", "DISKS", "stage 2: the disks that the output of stage 1\nshows"},
      {"--words", "FILE", "the English word of each word the server\nprints that the reader does not know: one\n'LOCAL = English' pair a line (SPEC.md)"},
      {"--disks", "N", "one stage: disks 0 to N-1 (1 to 64); stops at\nthe first number the server does not have"},
      {"--inventory", NULL, "print instead the read-only PowerShell command\nthat writes the inventory, inventory.csv"}},
     "mrb probe > probe1.txt\n"
     "diskpart /s probe1.txt > disks.txt        (on the server)\n"
     "mrb probe --from disks.txt > probe.txt\n"
     "diskpart /s probe.txt > snapshot.txt      (on the server)"},
    {"sim", "SNAPSHOT SCRIPT [--words FILE] [--state FILE]", "run a DiskPart script on the simulated server",
     "Run a DiskPart script on the model of the server and print what\n"
     "DiskPart would print, exiting with DiskPart's exit code. When the model\n"
     "cannot tell what DiskPart would do, the run stops (exit 1).",
     {{"--state", "FILE", "keep the simulated server in FILE between runs\n"
                          "(read from it when it exists, saved after every\n"
                          "command)"},
      {"--words", "FILE", "the English word of each word the server\nprints that the reader does not know: one\n'LOCAL = English' pair a line (SPEC.md)"}},
     "mrb sim snapshot.txt script.txt --state server.state"},
    {"verify", "DIR FILE.mrb --listing SNAPSHOT [--continue DIR] [--words FILE]\n"
               "         [--inventory FILE]",
     "check that DIR holds exactly what compile writes for\n"
     "the procedure and the listing: each file the same,\n"
     "none missing, none extra",
     "Compile the procedure against the listing in memory, as compile does,\n"
     "and compare every file of the set with the one of the same name in\n"
     "DIR, byte for byte. Each file is reported on standard output as same,\n"
     "differs (with the first line that differs), missing, or extra (a\n"
     "script or staging file of NAME that the set does not hold). Exit 0 when\n"
     "the folder holds exactly the set, 1 when it does not.",
     {{"--listing", "SNAPSHOT", "the server's captured listing (required)"},
      {"--continue", "DIR", "as compile --continue: DIR holds what it\nwrote (its own folder will do)"},
      {"--words", "FILE", "the English word of each word the server\nprints that the reader does not know: one\n'LOCAL = English' pair a line (SPEC.md)"},
      {"--inventory", "FILE", "the inventory compile was given"}},
     "mrb verify out gpt-rebuild.mrb --listing snapshot.txt"},
};

const size_t help_ncmds = sizeof help_cmds / sizeof help_cmds[0];

const help_cmd *help_find(const char *name)
{
    size_t i;
    for (i = 0; i < help_ncmds; i++)
        if (strcmp(help_cmds[i].name, name) == 0)
            return &help_cmds[i];
    return NULL;
}

int help_usage_error(const char *name, const char *why)
{
    const help_cmd *c = help_find(name);
    const char *u = c ? c->usage : "";
    buf one;
    int rc;
    buf_init(&one);
    while (*u) {
        size_t n = strcspn(u, "\n");
        buf_put(&one, u, n);
        u += n;
        if (!*u)
            break;
        u++;
        if (strncmp(u, "mrb ", 4) == 0)
            buf_puts(&one, " or ");
        else
            buf_putc(&one, ' ');
        u += strspn(u, " ");
    }
    if (why)
        rc = cli_usage("%s: %s (usage: mrb %s %s)", name, why, name, buf_cstr(&one));
    else
        rc = cli_usage("%s: usage: mrb %s %s", name, name, buf_cstr(&one));
    buf_free(&one);
    return rc;
}

/* Print text's lines, the first after first_pad spaces, the others
 * after indent spaces. */
static void lines(FILE *f, const char *text, int first_pad, int indent)
{
    const char *p = text;
    int pad = first_pad;
    while (*p) {
        size_t n = strcspn(p, "\n");
        fprintf(f, "%*s%.*s\n", pad, "", (int)n, p);
        pad = indent;
        p += n;
        if (*p)
            p++;
    }
}

/* After a column of w characters: the text at column 24, or on the next
 * line when the column is wider. */
static void column(FILE *f, int w, const char *text)
{
    if (w > 23) {
        fputc('\n', f);
        w = 0;
    }
    lines(f, text, 24 - w, 24);
}

/* Where make install put SPEC.md, README.md and the examples: PREFIX/share/
 * doc/mrb, PREFIX being the folder above the one that holds the running
 * mrb (PREFIX/bin/mrb); false when that folder is not there (mrb run
 * from its build tree, or a system that does not say where mrb is). */
static bool docdir(buf *out)
{
    size_t i, cut = 0, seps = 0;
    if (!plat_self_path(out))
        return false;
    for (i = out->len; i-- > 0 && seps < 2;)   /* drop "/bin/mrb" */
        if (out->data[i] == '/' || out->data[i] == '\\') {
            cut = i;
            seps++;
        }
    if (seps < 2)
        return false;
    out->len = cut;
    buf_puts(out, "/share/doc/mrb");
    return !out->failed && plat_is_dir(buf_cstr(out));
}

/* The files the help names, and where they are. */
static void where_docs(FILE *f)
{
    buf d;
    buf_init(&d);
    if (docdir(&d))
        fprintf(f, "\nSPEC.md (the language, and every diagnostic with an example), README.md\n"
                   "and examples/ are in %s\n", buf_cstr(&d));
    else
        fputs("\nSPEC.md (the language, and every diagnostic with an example), README.md\n"
              "and examples/ are at the top of the source tree; make install puts them\n"
              "in PREFIX/share/doc/mrb\n", f);
    buf_free(&d);
}

void help_print_main(FILE *f)
{
    size_t i;
    fputs("usage: mrb <command> [options]\n"
          "\n"
          "Rebuild a Windows software mirror safely: procedures (.mrb files) are\n"
          "checked, resolved against a server's captured DiskPart listing and proved\n"
          "on a model of that server before anything runs.\n"
          "\n"
          "commands:\n",
          f);
    /* each command's whole usage, then its summary: a further line that
     * starts with "mrb" (another form) two columns further in (a line
     * "  NAME ..." names a command once: the shell completions read them),
     * one of more options under the first one's arguments */
    for (i = 0; i < help_ncmds; i++) {
        const help_cmd *c = &help_cmds[i];
        const char *u = c->usage;
        int lead = 2, w = fprintf(f, "  %s ", c->name);
        for (;;) {
            size_t n = strcspn(u, "\n");
            w += fprintf(f, "%.*s", (int)n, u);
            if (!u[n])
                break;
            u += n + 1;
            fputc('\n', f);
            if (strncmp(u, "mrb ", 4) == 0) {
                u += 4;
                lead = 4;
                w = fprintf(f, "%*s", lead, "");
            } else {
                u += strspn(u, " ");
                w = fprintf(f, "%*s", lead + (int)strlen(c->name) + 1, "");
            }
        }
        column(f, w, c->summary);
    }
    fputs("\n"
          "exit status: 0 success, 1 input refused (diagnostics on stderr),\n"
          "             2 usage or I/O error\n"
          "\n"
          "  mrb --help           this text\n"
          "  mrb COMMAND --help   a command's options and an example\n"
          "  mrb --version        the version\n",
          f);
    where_docs(f);
}

/* Whether any text of c names word. */
static bool mentions(const help_cmd *c, const char *word)
{
    size_t i;
    if (strstr(c->usage, word) || strstr(c->about, word) || strstr(c->example, word))
        return true;
    for (i = 0; i < sizeof c->opts / sizeof c->opts[0] && c->opts[i].name; i++)
        if (strstr(c->opts[i].text, word))
            return true;
    return false;
}

void help_print_cmd(FILE *f, const help_cmd *c)
{
    size_t i;
    /* the usage's further lines start with "mrb" or spaces: under "mrb" */
    fprintf(f, "usage: mrb %s ", c->name);
    lines(f, c->usage, 0, 7);
    fputc('\n', f);
    lines(f, c->about, 0, 0);
    fputs("\noptions:\n", f);
    for (i = 0; i < sizeof c->opts / sizeof c->opts[0] && c->opts[i].name; i++) {
        const help_opt *o = &c->opts[i];
        column(f,
               fprintf(f, "  %s%s%s", o->name, o->arg ? (o->name[1] == '-' ? "=" : " ") : "",
                       o->arg ? o->arg : ""),
               o->text);
    }
    fputs("  --help                this text\n"
          "  --                    the end of the options: every later argument\n"
          "                        is a file (or code), even one starting with '-'\n"
          "\nexample:\n",
          f);
    lines(f, c->example, 2, 2);
    if (mentions(c, "SPEC.md"))
        where_docs(f);
}
