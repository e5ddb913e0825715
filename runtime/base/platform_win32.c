/* platform_win32.c - platform.h on Windows. */
#ifdef _WIN32
#define _CRT_RAND_S /* rand_s */
#include "base/platform.h"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <tlhelp32.h>

enum plat_status plat_read_file(const char *path, size_t max, buf *out, const char **why)
{
    char chunk[65536];
    size_t total = 0, n;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = "cannot open";
        return PLAT_ERR_OPEN;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        total += n;
        if (total > max) {
            fclose(f);
            *why = "file too large";
            return PLAT_ERR_TOO_LARGE;
        }
        buf_put(out, chunk, n);
        if (out->failed) {
            fclose(f);
            *why = "out of memory";
            return PLAT_ERR_READ;
        }
    }
    if (ferror(f)) {
        fclose(f);
        *why = "read error";
        return PLAT_ERR_READ;
    }
    fclose(f);
    return PLAT_OK;
}

bool plat_stderr_is_terminal(void) { return false; }

bool plat_is_elevated(void)
{
    HANDLE t;
    TOKEN_ELEVATION e;
    DWORD n = 0;
    bool yes;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &t))
        return false;
    yes = GetTokenInformation(t, TokenElevation, &e, sizeof e, &n) && e.TokenIsElevated != 0;
    CloseHandle(t);
    return yes;
}

bool plat_stdin_is_terminal(void)
{
    DWORD mode;
    return GetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), &mode) != 0;
}

bool plat_stdout_is_terminal(void)
{
    DWORD mode;
    return GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) != 0;
}

bool plat_file_exists(const char *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

bool plat_is_dir(const char *path)
{
    DWORD a = GetFileAttributesA(path);
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY);
}

/* ---- files written piece by piece -------------------------------------- */

static HANDLE handle_of(plat_handle h) { return (HANDLE)h; }

/* Open path for writing (access and disposition as CreateFile takes them),
 * never through a reparse point (a symbolic link or junction: opened as
 * itself, then refused), only a file on a disk (no pipe, no device such as
 * CON), with a handle that child processes do not inherit (no security
 * attributes).  INVALID_HANDLE_VALUE with *why on failure. */
static HANDLE open_regular(const char *path, DWORD access, DWORD disp, const char **why)
{
    BY_HANDLE_FILE_INFORMATION info;
    /* shared for writing too: whether another process may append is the
     * lock's to say (plat_lock), not the open's, so that a second run on a
     * journal in use is told so (E712) rather than that it cannot open it */
    HANDLE f = CreateFileA(path, access | FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, disp,
                           FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (f == INVALID_HANDLE_VALUE) {
        *why = GetLastError() == ERROR_FILE_EXISTS ? "the file exists" : "cannot open for writing";
        return f;
    }
    if (GetFileType(f) != FILE_TYPE_DISK || !GetFileInformationByHandle(f, &info))
        *why = "not a regular file";
    else if (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
        *why = "it is a symbolic link, which mrb does not write through";
    else if (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
        *why = "it is a folder";
    else
        return f;
    CloseHandle(f);
    return INVALID_HANDLE_VALUE;
}

enum plat_status plat_open_write(const char *path, enum plat_open_mode mode, plat_handle *h,
                                 uint64_t *size, const char **why)
{
    DWORD disp = mode == PLAT_OPEN_NEW ? CREATE_NEW : mode == PLAT_OPEN_APPEND ? OPEN_EXISTING : CREATE_ALWAYS;
    LARGE_INTEGER sz, zero;
    HANDLE f;
    *h = PLAT_NO_HANDLE;
    if ((f = open_regular(path, GENERIC_WRITE, disp, why)) == INVALID_HANDLE_VALUE)
        return PLAT_ERR_OPEN;
    zero.QuadPart = 0;
    if (!GetFileSizeEx(f, &sz) || sz.QuadPart < 0 || !SetFilePointerEx(f, zero, NULL, FILE_END)) {
        *why = "cannot find the end of the file";
        CloseHandle(f);
        return PLAT_ERR_OPEN;
    }
    *size = (uint64_t)sz.QuadPart;
    *h = (plat_handle)f;
    return PLAT_OK;
}

FILE *plat_open_log(const char *path, const char **why)
{
    HANDLE f = open_regular(path, FILE_APPEND_DATA, OPEN_ALWAYS, why);
    FILE *s;
    int fd;
    if (f == INVALID_HANDLE_VALUE)
        return NULL;
    if ((fd = _open_osfhandle((intptr_t)f, _O_APPEND)) < 0) {
        *why = "cannot open for writing";
        CloseHandle(f);
        return NULL;
    }
    if (!(s = _fdopen(fd, "ab"))) {
        *why = "cannot open for writing";
        _close(fd);
    }
    return s;
}

enum plat_status plat_write(plat_handle h, const void *data, size_t len, const char **why)
{
    const char *p = data;
    while (len > 0) {
        DWORD chunk = len > 0x40000000u ? 0x40000000u : (DWORD)len, done = 0;
        if (!WriteFile(handle_of(h), p, chunk, &done, NULL) || done == 0) {
            *why = "write error";
            return PLAT_ERR_WRITE;
        }
        p += done;
        len -= done;
    }
    return PLAT_OK;
}

enum plat_status plat_flush(plat_handle h, const char **why)
{
    if (!FlushFileBuffers(handle_of(h))) {
        *why = "cannot flush the file to the disk";
        return PLAT_ERR_WRITE;
    }
    return PLAT_OK;
}

enum plat_status plat_truncate(plat_handle h, uint64_t size, const char **why)
{
    LARGE_INTEGER to;
    if (size > (uint64_t)INT64_MAX) {
        *why = "size out of range";
        return PLAT_ERR_WRITE;
    }
    to.QuadPart = (LONGLONG)size;
    if (!SetFilePointerEx(handle_of(h), to, NULL, FILE_BEGIN) || !SetEndOfFile(handle_of(h))) {
        *why = "cannot truncate the file";
        return PLAT_ERR_WRITE;
    }
    return PLAT_OK;
}

enum plat_status plat_lock(plat_handle h, const char **why)
{
    /* one byte far past any journal's end: a lock there blocks no read or
     * write of the file, only another lock (Windows byte locks are
     * mandatory) */
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.Offset = 0xFFFFFFFEu;
    ov.OffsetHigh = 0x7FFFFFFFu;
    if (!LockFileEx((HANDLE)h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov)) {
        DWORD e = GetLastError();
        *why = e == ERROR_LOCK_VIOLATION ? "in use by another process" : "cannot lock";
        return e == ERROR_LOCK_VIOLATION ? PLAT_ERR_BUSY : PLAT_ERR_OPEN;
    }
    return PLAT_OK;
}

enum plat_status plat_close(plat_handle h, const char **why)
{
    if (!CloseHandle(handle_of(h))) {
        *why = "cannot close the file";
        return PLAT_ERR_WRITE;
    }
    return PLAT_OK;
}

enum plat_status plat_rename(const char *from, const char *to, const char **why)
{
    if (!MoveFileExA(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        *why = "cannot rename the file";
        return PLAT_ERR_WRITE;
    }
    return PLAT_OK;
}

enum plat_status plat_flush_dir(const char *path, const char **why)
{
    (void)path;
    (void)why;
    return PLAT_OK;
}

bool plat_remove(const char *path) { return DeleteFileA(path) != 0; }

unsigned long plat_process_id(void) { return (unsigned long)GetCurrentProcessId(); }

enum plat_status plat_check_replaceable(const char *path, const char **why)
{
    DWORD a = GetFileAttributesA(path);
    if (a == INVALID_FILE_ATTRIBUTES)
        return PLAT_OK;
    if (a & FILE_ATTRIBUTE_DIRECTORY) {
        *why = "a folder of that name is in the way";
        return PLAT_ERR_OPEN;
    }
    if (a & FILE_ATTRIBUTE_READONLY) {
        *why = "a read-only file of that name is in the way";
        return PLAT_ERR_OPEN;
    }
    return PLAT_OK;
}

enum plat_status plat_list_dir(const char *dir, buf *names, const char **why)
{
    WIN32_FIND_DATAA e;
    HANDLE h;
    buf pattern;
    buf_init(&pattern);
    buf_printf(&pattern, "%s\\*", dir);
    if (pattern.failed) {
        *why = "out of memory";
        return PLAT_ERR_READ;
    }
    h = FindFirstFileA(pattern.data, &e);
    buf_free(&pattern);
    if (h == INVALID_HANDLE_VALUE) {
        *why = "cannot list the folder";
        return PLAT_ERR_OPEN;
    }
    do {
        if (strcmp(e.cFileName, ".") != 0 && strcmp(e.cFileName, "..") != 0)
            buf_put(names, e.cFileName, strlen(e.cFileName) + 1);
    } while (FindNextFileA(h, &e));
    FindClose(h);
    if (names->failed) {
        *why = "out of memory";
        return PLAT_ERR_READ;
    }
    return PLAT_OK;
}

bool plat_random(void *out, size_t n)
{
    unsigned char *p = out;
    while (n > 0) {
        unsigned int r;
        size_t k;
        if (rand_s(&r) != 0)
            return false;
        for (k = 0; k < sizeof r && n > 0; k++, n--)
            *p++ = (unsigned char)(r >> (8 * k));
    }
    return true;
}

void plat_init_process(void) {}

/* ---- child processes ------------------------------------------------------ */

/* Append arg to the command line, quoted as the C runtime's argument
 * parser expects (backslashes doubled only before a quote). */
static void quote_arg(buf *cl, const char *arg)
{
    const char *p;
    if (*arg && !strpbrk(arg, " \t\"")) {
        buf_puts(cl, arg);
        return;
    }
    buf_putc(cl, '"');
    for (p = arg;; p++) {
        size_t slashes = 0;
        while (*p == '\\') {
            p++;
            slashes++;
        }
        if (!*p) {
            buf_pad(cl, '\\', slashes * 2);
            break;
        }
        if (*p == '"') {
            buf_pad(cl, '\\', slashes * 2 + 1);
        } else {
            buf_pad(cl, '\\', slashes);
        }
        buf_putc(cl, *p);
    }
    buf_putc(cl, '"');
}

uint64_t plat_monotonic_ms(void) { return (uint64_t)GetTickCount64(); }

void plat_sleep_ms(unsigned long ms) { Sleep((DWORD)ms); }

/* Move what the pipe holds now into out (up to max bytes kept); false when
 * the pipe is broken (every writer gone) or empty. */
static bool take_output(HANDLE rd, buf *out, size_t max, bool *truncated)
{
    char chunk[4096];
    DWORD avail = 0, n = 0;
    if (!PeekNamedPipe(rd, NULL, 0, NULL, &avail, NULL) || avail == 0)
        return false;
    if (!ReadFile(rd, chunk, avail < sizeof chunk ? avail : (DWORD)sizeof chunk, &n, NULL) || n == 0)
        return false;
    if (out->len + n > max) {
        *truncated = true;
        if (out->len < max)
            buf_put(out, chunk, max - out->len);
    } else {
        buf_put(out, chunk, n);
    }
    return true;
}

/* Has the process pid been running since before t (so that it cannot be a
 * child of a process started at t that reused an older one's number)? */
static bool started_before(DWORD pid, const FILETIME *t)
{
    FILETIME born, x1, x2, x3;
    HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    bool before = true;
    if (h) {
        if (GetProcessTimes(h, &born, &x1, &x2, &x3))
            before = CompareFileTime(&born, t) < 0;
        CloseHandle(h);
    }
    return before;
}

/* Kill the process of pi and every process it started, and they started
 * (what the POSIX side does by killing a process group).  Done at a
 * timeout only: the tree is read from a snapshot of the processes' parent
 * numbers, taken before the root is killed; a process that started
 * before the root is never taken for its child. */
static void kill_tree(const PROCESS_INFORMATION *pi)
{
    FILETIME born, x1, x2, x3;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    DWORD tree[256];
    size_t n = 0, i;
    tree[n++] = pi->dwProcessId;
    TerminateProcess(pi->hProcess, 1);
    if (snap == INVALID_HANDLE_VALUE || !GetProcessTimes(pi->hProcess, &born, &x1, &x2, &x3)) {
        if (snap != INVALID_HANDLE_VALUE)
            CloseHandle(snap);
        return;
    }
    for (i = 0; i < n; i++) {      /* breadth first over the snapshot */
        PROCESSENTRY32 e;
        e.dwSize = sizeof e;
        if (!Process32First(snap, &e))
            break;
        do {
            HANDLE h;
            if (e.th32ParentProcessID != tree[i] || e.th32ProcessID == tree[i] || n == sizeof tree / sizeof tree[0] ||
                started_before(e.th32ProcessID, &born))
                continue;
            tree[n++] = e.th32ProcessID;
            if ((h = OpenProcess(PROCESS_TERMINATE, FALSE, e.th32ProcessID)) != NULL) {
                TerminateProcess(h, 1);
                CloseHandle(h);
            }
        } while (Process32Next(snap, &e));
    }
    CloseHandle(snap);
}

/* A process's creation time as one number (100 ns units since 1601). */
static uint64_t creation_of(HANDLE h)
{
    FILETIME born, x1, x2, x3;
    if (!GetProcessTimes(h, &born, &x1, &x2, &x3))
        return 0;
    return (uint64_t)born.dwHighDateTime << 32 | born.dwLowDateTime;
}

bool plat_process_alive(unsigned long pid, uint64_t start)
{
    HANDLE h = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
    uint64_t born;
    bool alive;
    if (!h)     /* no such process, or one this user may not look at: ours would be */
        return GetLastError() == ERROR_ACCESS_DENIED;
    born = creation_of(h);
    alive = WaitForSingleObject(h, 0) == WAIT_TIMEOUT && !(start && born && born != start);
    CloseHandle(h);
    return alive;
}

static volatile LONG interrupted_by;

static BOOL WINAPI on_interrupt(DWORD event)
{
    static const char msg[] = "mrb: interrupted: the run stops once the program it runs (if any) has ended "
                              "(the journal says where; continue with --resume)\r\n";
    DWORD n;
    if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT)
        return FALSE;
    InterlockedExchange(&interrupted_by, 1);
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), msg, sizeof msg - 1, &n, NULL);
    return TRUE;
}

void plat_catch_interrupts(void) { SetConsoleCtrlHandler(on_interrupt, TRUE); }

const char *plat_interrupted(void) { return interrupted_by ? "Ctrl-C" : NULL; }

enum plat_status plat_run(const char *const *argv, size_t max, unsigned long timeout_ms, buf *out, buf *err,
                          bool *truncated, bool *timed_out, int *exit_code, const char **why)
{
    return plat_run_held(argv, max, timeout_ms, out, err, truncated, timed_out, exit_code, why, NULL, NULL);
}

/* Let the suspended process of pi go once started() has recorded it;
 * false (it is killed, having run nothing) when started refuses. */
static bool let_go(const PROCESS_INFORMATION *pi, plat_started_fn started, void *ctx)
{
    if (started && !started(ctx, (unsigned long)pi->dwProcessId, creation_of(pi->hProcess))) {
        TerminateProcess(pi->hProcess, 1);
        WaitForSingleObject(pi->hProcess, INFINITE);
        return false;
    }
    ResumeThread(pi->hThread);
    return true;
}

/* Start the command line cl suspended (until recorded: plat_run_held),
 * in a console process group of its own (Ctrl-C does not reach it).  A
 * program that could not be started ran nothing, so a failure that may
 * pass (not a missing, forbidden or invalid program) is tried again a few
 * times: wine, and on Windows a scanner holding the file, now and then
 * refuse a start. */
static BOOL start_suspended(char *cl, STARTUPINFOA *si, PROCESS_INFORMATION *pi)
{
    int tries;
    BOOL ok;
    for (tries = 0;; tries++) {
        DWORD e;
        ok = CreateProcessA(NULL, cl, NULL, NULL, TRUE, CREATE_SUSPENDED | CREATE_NEW_PROCESS_GROUP, NULL, NULL, si,
                            pi);
        if (ok || tries == 4)
            break;
        e = GetLastError();
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND || e == ERROR_ACCESS_DENIED ||
            e == ERROR_BAD_EXE_FORMAT || e == ERROR_DIRECTORY)
            break;
        Sleep(200);
    }
    return ok;
}

enum plat_status plat_run_held(const char *const *argv, size_t max, unsigned long timeout_ms, buf *out, buf *err,
                               bool *truncated, bool *timed_out, int *exit_code, const char **why,
                               plat_started_fn started, void *ctx)
{
    uint64_t deadline = timeout_ms ? plat_monotonic_ms() + timeout_ms : 0;
    SECURITY_ATTRIBUTES sa;
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    HANDLE rd = NULL, wr = NULL;
    DWORD code = 0;
    buf cl;
    size_t i;
    BOOL ok;
    (void)err;
    *truncated = false;
    *timed_out = false;
    *exit_code = -1;
    buf_init(&cl);
    for (i = 0; argv[i]; i++) {
        if (i)
            buf_putc(&cl, ' ');
        quote_arg(&cl, argv[i]);
    }
    if (cl.failed) {
        buf_free(&cl);
        *why = "out of memory";
        return PLAT_ERR_OPEN;
    }
    memset(&sa, 0, sizeof sa);
    sa.nLength = sizeof sa;
    sa.bInheritHandle = TRUE;
    if (!CreatePipe(&rd, &wr, &sa, 0) || !SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0)) {
        buf_free(&cl);
        *why = "cannot create a pipe";
        return PLAT_ERR_OPEN;
    }
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = wr;
    ok = start_suspended(cl.data, &si, &pi);
    CloseHandle(wr);
    buf_free(&cl);
    if (!ok) {
        CloseHandle(rd);
        *why = "cannot start the program";
        return PLAT_ERR_OPEN;
    }
    if (!let_go(&pi, started, ctx)) {
        CloseHandle(rd);
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
        *why = "it was not started: the journal could not record it";
        return PLAT_ERR_OPEN;
    }
    /* poll the pipe and the process, so that the deadline can be kept */
    for (;;) {
        if (take_output(rd, out, max, truncated))
            continue;
        if (WaitForSingleObject(pi.hProcess, 10) == WAIT_OBJECT_0) {
            while (take_output(rd, out, max, truncated))
                ;
            break;
        }
        if (deadline && plat_monotonic_ms() >= deadline) {
            kill_tree(&pi);
            WaitForSingleObject(pi.hProcess, INFINITE);
            *timed_out = true;
            break;
        }
    }
    CloseHandle(rd);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    *exit_code = (int)code;
    if (*timed_out) {
        *why = "it did not finish in time and was killed";
        return PLAT_ERR_READ;
    }
    if (out->failed) {
        *why = "out of memory";
        return PLAT_ERR_READ;
    }
    return PLAT_OK;
}

void plat_kill_self(void)
{
    TerminateProcess(GetCurrentProcess(), 137);
}

/* ---- the lock of a folder's writers ------------------------------------ */

/* The process id written at the start of the lock file, 0 when none. */
static unsigned long lock_holder(HANDLE f)
{
    char text[24];
    unsigned long pid = 0;
    DWORD n = 0, i;
    OVERLAPPED at;
    memset(&at, 0, sizeof at);
    if (!ReadFile(f, text, sizeof text - 1, &n, &at))
        return 0;
    for (i = 0; i < n && text[i] >= '0' && text[i] <= '9' && pid < 100000000ul; i++)
        pid = pid * 10 + (unsigned long)(text[i] - '0');
    return i > 0 && i < n && text[i] == '\n' ? pid : 0;
}

/* Does path (its last component not followed) lead to the open file f? */
static bool names_file(const char *path, HANDLE f)
{
    BY_HANDLE_FILE_INFORMATION a, b;
    bool same;
    HANDLE g = CreateFileA(path, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                           FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (g == INVALID_HANDLE_VALUE)
        return false;
    same = GetFileInformationByHandle(f, &a) && GetFileInformationByHandle(g, &b) &&
           a.dwVolumeSerialNumber == b.dwVolumeSerialNumber && a.nFileIndexHigh == b.nFileIndexHigh &&
           a.nFileIndexLow == b.nFileIndexLow;
    CloseHandle(g);
    return same;
}

enum plat_status plat_lock_file(const char *path, plat_handle *h, unsigned long *holder, const char **why)
{
    int tries;
    *h = PLAT_NO_HANDLE;
    *holder = 0;
    for (tries = 0; tries < 100; tries++) {
        BY_HANDLE_FILE_INFORMATION info;
        enum plat_status st;
        char text[24];
        DWORD done;
        int n;
        HANDLE f;
        memset(&info, 0, sizeof info);
        /* shared for deleting: the holder removes the file as it ends */
        f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                        OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
        if (f == INVALID_HANDLE_VALUE) {
            if (GetLastError() == ERROR_ACCESS_DENIED && tries < 99) {
                Sleep(10);      /* removed by its holder, not yet gone */
                continue;
            }
            *why = GetLastError() == ERROR_ACCESS_DENIED ? "access denied" : "cannot open for writing";
            return PLAT_ERR_OPEN;
        }
        if (!GetFileInformationByHandle(f, &info) ||
            (info.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) ||
            info.nNumberOfLinks > 1) {
            /* another name of the file (a hard link) would be emptied */
            *why = info.nNumberOfLinks > 1 ? "the file has another name (a hard link)" : "not a regular file";
            CloseHandle(f);
            return PLAT_ERR_OPEN;
        }
        if ((st = plat_lock((plat_handle)f, why)) != PLAT_OK) {
            if (st == PLAT_ERR_BUSY)
                *holder = lock_holder(f);
            CloseHandle(f);
            return st;
        }
        if (!names_file(path, f)) {
            CloseHandle(f);     /* removed by the holder that just ended: again */
            continue;
        }
        n = snprintf(text, sizeof text, "%lu\n", (unsigned long)GetCurrentProcessId());
        if (SetEndOfFile(f) && n > 0)      /* the file pointer is at 0 */
            (void)WriteFile(f, text, (DWORD)n, &done, NULL);
        *h = (plat_handle)f;
        return PLAT_OK;
    }
    *why = "it was replaced again and again while being locked";
    return PLAT_ERR_BUSY;
}

bool plat_unlock_file(const char *path, plat_handle h)
{
    bool removed = DeleteFileA(path) != 0;
    CloseHandle(handle_of(h));
    return removed;
}

bool plat_self_path(buf *out)
{
    char path[MAX_PATH + 1];
    DWORD n = GetModuleFileNameA(NULL, path, sizeof path);
    if (n == 0 || n >= sizeof path)
        return false;
    buf_put(out, path, n);
    return true;
}
#endif
