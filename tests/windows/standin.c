/* standin.c - the Windows programs the emitted driver calls, for its tests.
 *
 * Copied under the name of the program it stands for (it looks at its own
 * name), into the folder of a driver run under wine:
 *   diskpart.exe /s SCRIPT   runs `mrb.exe sim server.txt SCRIPT --state
 *                            state.txt` and exits with its status
 *   findstr.exe /r /c:RE F   the subset of findstr's regular expressions the
 *                            emitter writes (Microsoft's findstr manual): ^
 *                            and $ anchor to the line, . is any character,
 *                            [class] any character of the class (ranges
 *                            a-z), x* any number of x, \x is x; prints the lines
 *                            that match, exits 0 if any did, 1 if none
 *                            (wine's own findstr ignores /r)
 *                            with STANDIN_RESYNC=N, the Nth run that finds a
 *                            mirror resynchronising in state.txt ("Rebuild")
 *                            and every later one first make it Healthy
 *                            (runs counted in resync.count); with
 *                            STANDIN_SLEEP_MS=N it first sleeps N ms;
 *                            with STANDIN_GRANDCHILD=1 it first starts a
 *                            copy of itself that sleeps 3 s, then writes
 *                            grandchild.txt (a process left behind)
 *                            with STANDIN_SLOW_AT=K, the Kth command launch
 *                            (see launch()) writes its process number to
 *                            slow.pid, sleeps STANDIN_SLOW_MS (default 3000)
 *                            and only then applies its script (a copy taken
 *                            at its start); with STANDIN_FAIL_AT=K, the Kth
 *                            fails without effect: "Virtual Disk Service
 *                            error", exit code 4
 *   robocopy.exe, bcdedit.exe  append their command line to calls.log and
 *                            exit with STANDIN_ROBOCOPY / STANDIN_BCDEDIT
 *                            (default 1 for robocopy, files copied; 0); they
 *                            count as command launches too: at
 *                            STANDIN_FAIL_AT robocopy exits 8, bcdedit 1
 *   fltmc.exe                exits with STANDIN_FLTMC (default 0: elevated)
 * Real programs, not .cmd files: wine's cmd loses a called script's exit
 * status, which is what the tests look at.
 */
#include <ctype.h>
#include <errno.h>
#include <io.h>
#include <stdint.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

/* The length of the element at re ("x", "\x", "[...]"), and whether
 * character c matches it. */
static size_t element(const char *re, char c, int *hit)
{
    size_t n;
    if (re[0] == '[') {
        int in = 0;
        for (n = 1; re[n] && re[n] != ']'; n++) {
            if (re[n + 1] == '-' && re[n + 2] && re[n + 2] != ']') {
                in = in || (c >= re[n] && c <= re[n + 2]);
                n += 2;
            } else {
                in = in || c == re[n];
            }
        }
        *hit = c != '\0' && in;
        return re[n] ? n + 1 : n;
    }
    if (re[0] == '\\' && re[1] != '\0') {
        *hit = c != '\0' && c == re[1];
        return 2;
    }
    *hit = c != '\0' && (re[0] == '.' || c == re[0]);
    return 1;
}

/* Does re match at the start of s (re ends at '\0' or "$")? */
static int here(const char *re, const char *s)
{
    size_t n;
    int hit;
    if (re[0] == '\0')
        return 1;
    if (re[0] == '$' && re[1] == '\0')
        return *s == '\0';
    n = element(re, *s, &hit);
    if (re[n] == '*') {
        for (;;) {
            if (here(re + n + 1, s))
                return 1;
            element(re, *s, &hit);
            if (!hit)
                return 0;
            s++;
        }
    }
    return hit && here(re + n, s + 1);
}

static int match(const char *re, const char *s)
{
    if (re[0] == '^')
        return here(re + 1, s);
    do {
        if (here(re, s))
            return 1;
    } while (*s++ != '\0');
    return 0;
}

static int findstr(int argc, char **argv)
{
    char line[4096];
    const char *re = NULL, *path = NULL;
    int i, found = 0;
    FILE *f;
    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], "/c:", 3) == 0)
            re = argv[i] + 3;
        else if (argv[i][0] != '/')
            path = argv[i];
    }
    if (!re || !path || !(f = fopen(path, "r")))
        return 2;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (match(re, line)) {
            puts(line);
            found = 1;
        }
    }
    fclose(f);
    return found ? 0 : 1;
}

/* A command launch (a DiskPart script that is not a listing, a robocopy
 * or bcdedit run): its number, from 1, counted in launches.count. */
static long launch(void)
{
    long count = 0;
    FILE *f;
    if ((f = fopen("launches.count", "r"))) {
        if (fscanf(f, "%ld", &count) != 1)
            count = 0;
        fclose(f);
    }
    count++;
    if ((f = fopen("launches.count", "w"))) {
        fprintf(f, "%ld\n", count);
        fclose(f);
    }
    return count;
}

/* Whether the environment variable var is the number n. */
static int at(const char *var, long n) { return getenv(var) && atol(getenv(var)) == n; }

/* Whether the script at path is a listing (its first line `list disk`). */
static int is_listing(const char *path)
{
    char line[64] = "";
    FILE *f = fopen(path, "rb");
    if (f) {
        if (!fgets(line, sizeof line, f))
            line[0] = '\0';
        fclose(f);
    }
    return strncmp(line, "list disk", 9) == 0;
}

/* Copy the file at from to to; 0 when it cannot. */
static int copy_file(const char *from, const char *to)
{
    static char text[1 << 16];
    size_t n;
    FILE *f = fopen(from, "rb"), *g;
    if (!f)
        return 0;
    n = fread(text, 1, sizeof text, f);
    fclose(f);
    if (!(g = fopen(to, "wb")))
        return 0;
    fwrite(text, 1, n, g);
    fclose(g);
    return 1;
}

static int log_call(const char *name, int argc, char **argv, int dflt)
{
    char var[64];
    const char *rc;
    size_t i;
    int k;
    FILE *f = fopen("calls.log", "a");
    if (f) {
        fputs(name, f);
        for (k = 1; k < argc; k++)
            fprintf(f, strchr(argv[k], ' ') ? " \"%s\"" : " %s", argv[k]);
        fputc('\n', f);
        fclose(f);
    }
    snprintf(var, sizeof var, "STANDIN_%s", name);
    for (i = 0; var[i]; i++)
        var[i] = (char)toupper((unsigned char)var[i]);
    rc = getenv(var);
    if (at("STANDIN_FAIL_AT", launch()))
        return strcmp(name, "robocopy") == 0 ? 8 : 1;
    return rc ? atoi(rc) : dflt;
}

/* Put back standard output (saved, a duplicate of it) and copy the file at
 * path to it. */
static void show(int saved, const char *path)
{
    char chunk[4096];
    size_t n;
    FILE *f;
    fflush(stdout);
    _dup2(saved, 1);
    if (!(f = fopen(path, "rb")))
        return;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (_write(1, chunk, (unsigned)n) < 0)
            break;
    fclose(f);
}

/* STANDIN_RESYNC: the resynchronisation ends after that many looks. */
static void resync(void)
{
    const char *v = getenv("STANDIN_RESYNC");
    static char text[1 << 20];
    char *p;
    size_t n;
    long count = 0;
    FILE *f;
    if (!v || !(f = fopen("state.txt", "rb")))
        return;
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    if (!strstr(text, " Rebuild "))
        return;
    if ((f = fopen("resync.count", "r"))) {
        if (fscanf(f, "%ld", &count) != 1)
            count = 0;
        fclose(f);
    }
    count++;
    if ((f = fopen("resync.count", "w"))) {
        fprintf(f, "%ld\n", count);
        fclose(f);
    }
    if (count < atol(v))
        return;
    while ((p = strstr(text, " Rebuild ")))
        memcpy(p, " Healthy ", 9);
    if ((f = fopen("state.txt", "wb"))) {
        fwrite(text, 1, n, f);
        fclose(f);
    }
}

int main(int argc, char **argv)
{
    char name[64], script[1024], held[64];
    int saved = -1;
    int tries;
    const char *base = argv[0], *p;
    size_t n;
    for (p = argv[0]; *p; p++)
        if (*p == '/' || *p == '\\' || *p == ':')
            base = p + 1;
    for (n = 0; base[n] && base[n] != '.' && n + 1 < sizeof name; n++)
        name[n] = (char)tolower((unsigned char)base[n]);
    name[n] = '\0';
    if (strcmp(name, "findstr") == 0)
        return findstr(argc, argv);
    if (strcmp(name, "diskpart") == 0) {
        if (argc == 2 && strcmp(argv[1], "/grandchild") == 0) {
            FILE *f;
            Sleep(3000);
            if ((f = fopen("grandchild.txt", "wb")))
                fclose(f);
            return 0;
        }
        if (argc != 3 || strcmp(argv[1], "/s") != 0)
            return 2;
        if (getenv("STANDIN_GRANDCHILD"))
            _spawnl(_P_NOWAIT, argv[0], argv[0], "/grandchild", (char *)NULL);
        fflush(stdout);
        if (getenv("STANDIN_SLEEP_MS"))
            Sleep((DWORD)atol(getenv("STANDIN_SLEEP_MS")));
        resync();
        /* _spawnl joins its arguments with spaces: quote the script's name */
        snprintf(script, sizeof script, "\"%s\"", argv[2]);
        if (!is_listing(argv[2])) {
            long k = launch();
            if (at("STANDIN_FAIL_AT", k)) {
                printf("\r\nMicrosoft DiskPart version 10.0.19041.964\r\n\r\nVirtual Disk Service error:\r\n"
                       "The device is not ready.\r\n");
                return 4;
            }
            if (at("STANDIN_SLOW_AT", k)) {
                FILE *f;
                snprintf(held, sizeof held, "held-%lu.txt", (unsigned long)GetCurrentProcessId());
                if (!copy_file(argv[2], held))
                    return 3;
                snprintf(script, sizeof script, "\"%s\"", held);
                if ((f = fopen("slow.pid", "w"))) {
                    fprintf(f, "%lu\n", (unsigned long)GetCurrentProcessId());
                    fclose(f);
                }
                Sleep(getenv("STANDIN_SLOW_MS") ? (DWORD)atol(getenv("STANDIN_SLOW_MS")) : 3000);
                /* the script is applied whatever becomes of the output (mrb,
                 * which read it, may be gone): to a file first */
                fflush(stdout);
                saved = _dup(1);
                strcat(held, ".out");
                if (!freopen(held, "wb", stdout))
                    return 3;
            }
        }
        /* wine now and then fails to start a process: try again, and say
         * why when it keeps failing */
        for (tries = 0; tries < 10; tries++) {
            intptr_t rc = _spawnl(_P_WAIT, "mrb.exe", "mrb.exe", "sim", "server.txt", script, "--state",
                                  "state.txt", (char *)NULL);
            if (rc != -1) {
                if (saved >= 0)
                    show(saved, held);
                return (int)rc;
            }
            Sleep(200);
        }
        fprintf(stderr, "standin: cannot start mrb.exe: %s\n", strerror(errno));
        return 3;
    }
    if (strcmp(name, "robocopy") == 0)
        return log_call(name, argc, argv, 1);
    if (strcmp(name, "bcdedit") == 0)
        return log_call(name, argc, argv, 0);
    if (strcmp(name, "fltmc") == 0)
        return getenv("STANDIN_FLTMC") ? atoi(getenv("STANDIN_FLTMC")) : 0;
    fprintf(stderr, "standin: no stand-in for '%s'\n", name);
    return 2;
}
