/* platform_posix.c - platform.h on POSIX systems. */
#ifndef _WIN32
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* flock */
#include "base/platform.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


enum plat_status plat_read_file(const char *path, size_t max, buf *out, const char **why)
{
    char chunk[65536];
    size_t total = 0;
    struct stat st;
    int fd;
    /* O_NONBLOCK: opening a FIFO that no process writes to would wait
     * forever; open at once, then read it as any file (blocking), which
     * gives end of file when there is no writer */
    do
        fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        *why = strerror(errno);
        return PLAT_ERR_OPEN;
    }
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode)) {
        close(fd);
        *why = S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file";
        return PLAT_ERR_READ;
    }
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        *why = strerror(errno);
        close(fd);
        return PLAT_ERR_READ;
    }
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *why = strerror(errno);
            close(fd);
            return PLAT_ERR_READ;
        }
        if (n == 0)
            break;
        total += (size_t)n;
        if (total > max) {
            close(fd);
            *why = "file too large";
            return PLAT_ERR_TOO_LARGE;
        }
        buf_put(out, chunk, (size_t)n);
        if (out->failed) {
            close(fd);
            *why = "out of memory";
            return PLAT_ERR_READ;
        }
    }
    close(fd);
    return PLAT_OK;
}

static bool write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

bool plat_stderr_is_terminal(void) { return isatty(2) == 1; }

bool plat_stdout_is_terminal(void) { return isatty(1) == 1; }

bool plat_stdin_is_terminal(void) { return isatty(0) == 1; }

bool plat_is_elevated(void) { return true; }

bool plat_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool plat_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- files written piece by piece -------------------------------------- */

static int fd_of(plat_handle h) { return (int)h; }

/* Why open refused path (errno err): a symbolic link or something else
 * than a regular file or folder is named as such (the system's words,
 * ELOOP, EMLINK or ENXIO, are obscure), any other reason in the system's. */
static const char *open_refusal(const char *path, int err)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        return "it is a symbolic link, which mrb does not write through";
    if (err == ENXIO || (err != EISDIR && lstat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
        return "not a regular file";    /* ENXIO: a FIFO without a reader, a device without its driver */
    return strerror(err);
}

/* Open path for writing with flags (O_WRONLY and the mode's), never through
 * a symbolic link, not inherited by a child process, and only when it is a
 * regular file: O_NONBLOCK so that a FIFO with no reader fails at once
 * (ENXIO) rather than waiting, then cleared.  -1 with *why on failure. */
static int open_regular(const char *path, int flags, struct stat *st, const char **why)
{
    int fd;
    do
        fd = open(path, flags | O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        *why = open_refusal(path, errno);
        return -1;
    }
    if (fstat(fd, st) != 0 || fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)
        *why = strerror(errno);
    else if (!S_ISREG(st->st_mode))
        *why = S_ISDIR(st->st_mode) ? strerror(EISDIR) : "not a regular file";
    else
        return fd;
    close(fd);
    return -1;
}

enum plat_status plat_open_write(const char *path, enum plat_open_mode mode, plat_handle *h,
                                 uint64_t *size, const char **why)
{
    int flags = O_APPEND, fd;
    struct stat st;
    switch (mode) {
    case PLAT_OPEN_NEW: flags |= O_CREAT | O_EXCL; break;
    case PLAT_OPEN_APPEND: break;
    case PLAT_OPEN_REPLACE: flags |= O_CREAT | O_TRUNC; break;
    }
    *h = PLAT_NO_HANDLE;
    if ((fd = open_regular(path, flags, &st, why)) < 0)
        return PLAT_ERR_OPEN;
    *size = (uint64_t)st.st_size;
    *h = (plat_handle)fd;
    return PLAT_OK;
}

FILE *plat_open_log(const char *path, const char **why)
{
    struct stat st;
    FILE *f;
    int fd = open_regular(path, O_CREAT | O_APPEND, &st, why);
    if (fd < 0)
        return NULL;
    if (!(f = fdopen(fd, "ab"))) {
        *why = strerror(errno);
        close(fd);
    }
    return f;
}

enum plat_status plat_write(plat_handle h, const void *data, size_t len, const char **why)
{
    if (!write_all(fd_of(h), data, len)) {
        *why = strerror(errno);
        return PLAT_ERR_WRITE;
    }
    return PLAT_OK;
}

enum plat_status plat_flush(plat_handle h, const char **why)
{
    if (fsync(fd_of(h)) != 0) {
        *why = strerror(errno);
        return PLAT_ERR_WRITE;
    }
    return PLAT_OK;
}

enum plat_status plat_truncate(plat_handle h, uint64_t size, const char **why)
{
    off_t to = (off_t)size;
    if (to < 0 || (uint64_t)to != size) {
        *why = "size out of range";
        return PLAT_ERR_WRITE;
    }
    if (ftruncate(fd_of(h), to) != 0) {
        *why = strerror(errno);
        return PLAT_ERR_WRITE;
    }
    return PLAT_OK;
}

enum plat_status plat_lock(plat_handle h, const char **why)
{
    while (flock((int)h, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR)
            continue;
        *why = errno == EWOULDBLOCK ? "in use by another process" : strerror(errno);
        return errno == EWOULDBLOCK ? PLAT_ERR_BUSY : PLAT_ERR_OPEN;
    }
    return PLAT_OK;
}

enum plat_status plat_close(plat_handle h, const char **why)
{
    /* no retry on EINTR: on Linux the descriptor is gone either way */
    if (close(fd_of(h)) != 0) {
        *why = strerror(errno);
        return PLAT_ERR_WRITE;
    }
    return PLAT_OK;
}

enum plat_status plat_rename(const char *from, const char *to, const char **why)
{
    if (rename(from, to) != 0) {
        *why = strerror(errno);
        return PLAT_ERR_WRITE;
    }
    return PLAT_OK;
}

enum plat_status plat_flush_dir(const char *path, const char **why)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    int fd, rc;
    if (n >= sizeof dir) {
        *why = strerror(ENAMETOOLONG);
        return PLAT_ERR_OPEN;
    }
    if (n)
        memcpy(dir, path, n);
    else
        dir[n++] = '.';
    dir[n] = '\0';
    do
        fd = open(dir, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        *why = strerror(errno);
        return PLAT_ERR_OPEN;
    }
    rc = fsync(fd);
    /* EINVAL: a file system that cannot flush folders (nothing to do) */
    if (rc != 0 && errno != EINVAL) {
        *why = strerror(errno);
        close(fd);
        return PLAT_ERR_WRITE;
    }
    close(fd);
    return PLAT_OK;
}

bool plat_remove(const char *path) { return unlink(path) == 0; }

unsigned long plat_process_id(void) { return (unsigned long)getpid(); }

enum plat_status plat_check_replaceable(const char *path, const char **why)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return PLAT_OK;     /* nothing there (or nothing we can see: the rename will say) */
    if (S_ISDIR(st.st_mode)) {
        *why = "a folder of that name is in the way";
        return PLAT_ERR_OPEN;
    }
    return PLAT_OK;
}

enum plat_status plat_list_dir(const char *dir, buf *names, const char **why)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d) {
        *why = strerror(errno);
        return PLAT_ERR_OPEN;
    }
    for (;;) {
        errno = 0;
        if (!(e = readdir(d)))
            break;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        buf_put(names, e->d_name, strlen(e->d_name) + 1);
    }
    if (errno != 0) {
        *why = strerror(errno);
        closedir(d);
        return PLAT_ERR_READ;
    }
    closedir(d);
    if (names->failed) {
        *why = "out of memory";
        return PLAT_ERR_READ;
    }
    return PLAT_OK;
}

bool plat_random(void *out, size_t n)
{
    unsigned char *p = out;
    int fd;
    do
        fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return false;
    while (n > 0) {
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            close(fd);
            return false;
        }
        p += k;
        n -= (size_t)k;
    }
    close(fd);
    return true;
}

void plat_init_process(void)
{
    signal(SIGXFSZ, SIG_IGN);
    /* a closed standard output (`mrb ... | head -1`) is a write error
     * (E009), not a silent death halfway through a run */
    signal(SIGPIPE, SIG_IGN);
}

/* ---- child processes ------------------------------------------------------ */

/* Read what is ready on fd into b (up to max bytes kept); false at end of
 * file or on error (*failed set on error). */
static bool drain(int fd, buf *b, size_t max, bool *truncated, bool *failed)
{
    char chunk[4096];
    ssize_t n;
    do
        n = read(fd, chunk, sizeof chunk);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        *failed = true;
        return false;
    }
    if (n == 0)
        return false;
    if (b->len + (size_t)n > max) {
        *truncated = true;
        if (b->len < max)
            buf_put(b, chunk, max - b->len);
    } else {
        buf_put(b, chunk, (size_t)n);
    }
    return true;
}

uint64_t plat_monotonic_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

void plat_sleep_ms(unsigned long ms)
{
    struct timespec t = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
        ;
}

/* A pipe whose two ends are closed by an exec; false when none. */
static bool cloexec_pipe(int p[2])
{
    if (pipe(p) != 0)
        return false;
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    return true;
}

static void close_pair(int p[2])
{
    if (p[0] >= 0)
        close(p[0]);
    if (p[1] >= 0)
        close(p[1]);
    p[0] = p[1] = -1;
}

/* In the forked child: its own process group, output and error on the
 * pipes, no other descriptor of this process (the journal's lock must die
 * with mrb, not live on in the program), then wait for the gate (a byte;
 * end of file when the parent died or refused: _exit without running
 * anything), then the program.  An exec that fails sends its errno on the
 * error pipe.  Only async-signal-safe calls here; maxfd: the descriptors
 * to close are below it. */
static void child(const char *const *argv, int po[2], int pe[2], int gate[2], int ep[2], int maxfd)
{
    char go = 0;
    ssize_t n;
    int e, fd;
    setpgid(0, 0);
    /* what plat_init_process ignores, the program gets back (an ignored
     * signal stays ignored across exec) */
    signal(SIGPIPE, SIG_DFL);
    signal(SIGXFSZ, SIG_DFL);
    dup2(po[1], 1);
    dup2(pe[1], 2);
    for (fd = 3; fd < maxfd; fd++)
        if (fd != gate[0] && fd != ep[1])
            close(fd);
    do
        n = read(gate[0], &go, 1);
    while (n < 0 && errno == EINTR);
    if (n != 1)
        _exit(127);
    /* execvp takes char *const argv[]: the strings are not written to */
    execvp(argv[0], (char *const *)(uintptr_t)argv);
    e = errno;
    n = write(ep[1], &e, sizeof e);
    (void)n;
    _exit(127);
}

/* The start time of process pid in clock ticks since the boot (field 22 of
 * /proc/PID/stat), its state letter in *state and its process group in
 * *group; 0 when it cannot be read (no such process, no /proc). */
static uint64_t proc_stat(long pid, char *state, long *group)
{
    char path[48], text[1024], *p, *end;
    ssize_t n;
    int fd, field;
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    if ((fd = open(path, O_RDONLY)) < 0)
        return 0;
    n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    if (!(p = strrchr(text, ')')) || p[1] != ' ')
        return 0;
    p += 2;                     /* field 3, the state */
    *state = *p;
    for (field = 3; field < 22 && p; field++) {
        p = strchr(p, ' ');
        if (p)
            p++;
        if (p && field == 4)    /* p: field 5, the process group */
            *group = strtol(p, NULL, 10);
    }
    if (!p)
        return 0;
    return (uint64_t)strtoull(p, &end, 10);
}

/* Start argv held (see plat_run_held) with its standard output and error
 * on pipes (*fo, *fe: the read ends), in a process group of its own so
 * that a timeout kills its children too and the terminal's Ctrl-C does not
 * reach it. */
static enum plat_status spawn(const char *const *argv, pid_t *pid, int *fo, int *fe, plat_started_fn started,
                              void *ctx, const char **why)
{
    int po[2] = {-1, -1}, pe[2] = {-1, -1}, gate[2] = {-1, -1}, ep[2] = {-1, -1}, e = 0;
    char state = 0, go = 1;
    long group = 0, maxfd;
    ssize_t n;
    if (!cloexec_pipe(po) || !cloexec_pipe(pe) || !cloexec_pipe(gate) || !cloexec_pipe(ep)) {
        *why = strerror(errno);
        goto fail;
    }
    maxfd = sysconf(_SC_OPEN_MAX);
    if (maxfd < 0 || maxfd > 4096)
        maxfd = 4096;
    if ((*pid = fork()) < 0) {
        *why = strerror(errno);
        goto fail;
    }
    if (*pid == 0)
        child(argv, po, pe, gate, ep, (int)maxfd);
    setpgid(*pid, *pid);    /* as the child does: whichever runs first */
    close(po[1]);
    close(pe[1]);
    close(gate[0]);
    close(ep[1]);
    po[1] = pe[1] = gate[0] = ep[1] = -1;
    if (started && !started(ctx, (unsigned long)*pid, proc_stat((long)*pid, &state, &group))) {
        close_pair(gate);   /* end of file: the child leaves without running anything */
        waitpid(*pid, NULL, 0);
        *why = "it was not started: the journal could not record it";
        goto fail;
    }
    n = write(gate[1], &go, 1);
    close_pair(gate);
    do
        n = read(ep[0], &e, sizeof e);
    while (n < 0 && errno == EINTR);
    close_pair(ep);
    if (n == (ssize_t)sizeof e) {   /* the exec failed */
        waitpid(*pid, NULL, 0);
        *why = strerror(e);
        goto fail;
    }
    *fo = po[0];
    *fe = pe[0];
    return PLAT_OK;
fail:
    close_pair(po);
    close_pair(pe);
    close_pair(gate);
    close_pair(ep);
    return PLAT_ERR_OPEN;
}

bool plat_process_alive(unsigned long pid, uint64_t start)
{
    char state = 0;
    long group = 0;
    uint64_t now;
    DIR *d;
    struct dirent *e;
    bool alive = false;
    if (pid == 0 || pid > (unsigned long)INT_MAX)
        return false;
    now = proc_stat((long)pid, &state, &group);
    if (kill((pid_t)pid, 0) == 0 || errno == EPERM) {
        if (start && now && now != start)
            return false;   /* another process has the number: ours ended, and its group with it */
        if (state != 'Z' && state != 'X')
            return true;
    }
    /* the process ended (or is a zombie nobody reaps): anything left in
     * its group, which no other process can take the number of */
    if (!(d = opendir("/proc")))
        return kill(-(pid_t)pid, 0) == 0 || errno == EPERM;
    while (!alive && (e = readdir(d)) != NULL) {
        long other = strtol(e->d_name, NULL, 10);
        state = 0;
        group = 0;
        if (other > 0 && proc_stat(other, &state, &group) && group == (long)pid && state != 'Z' && state != 'X')
            alive = true;
    }
    closedir(d);
    return alive;
}

static volatile sig_atomic_t interrupted_by;

static void on_interrupt(int sig)
{
    static const char msg[] = "mrb: interrupted: the run stops once the program it runs (if any) has ended "
                              "(the journal says where; continue with --resume)\n";
    ssize_t n;
    interrupted_by = sig;
    n = write(2, msg, sizeof msg - 1);
    (void)n;
}

void plat_catch_interrupts(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

const char *plat_interrupted(void)
{
    switch (interrupted_by) {
    case 0: return NULL;
    case SIGINT: return "Ctrl-C";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    }
    return "a signal";
}

/* Read the program's output and error until it closes both or the
 * deadline (0: none) passes (*timed_out); *failed when they cannot be read. */
static void collect(int fo, int fe, uint64_t deadline, size_t max, buf *out, buf *err, bool *truncated,
                    bool *timed_out, bool *failed)
{
    bool open_o = true, open_e = true;
    while (open_o || open_e) {
        struct pollfd fds[2];
        nfds_t n = 0;
        int wait_ms = -1;
        if (open_o)
            fds[n++] = (struct pollfd){.fd = fo, .events = POLLIN};
        if (open_e)
            fds[n++] = (struct pollfd){.fd = fe, .events = POLLIN};
        if (deadline) {
            uint64_t now = plat_monotonic_ms();
            if (now >= deadline) {
                *timed_out = true;
                return;
            }
            wait_ms = deadline - now > 1000 ? 1000 : (int)(deadline - now);
        }
        if (poll(fds, n, wait_ms) < 0) {
            if (errno == EINTR)
                continue;
            *failed = true;
            return;
        }
        for (nfds_t i = 0; i < n; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            if (fds[i].fd == fo && !drain(fo, out, max, truncated, failed))
                open_o = false;
            else if (fds[i].fd == fe && !drain(fe, err, max, truncated, failed))
                open_e = false;
        }
    }
}

/* Wait for pid's end within the deadline (0: none), killing its group once
 * *timed_out; false (*why) when waiting fails. */
static bool reap(pid_t pid, uint64_t deadline, int *status, bool *timed_out, const char **why)
{
    for (;;) {
        pid_t w;
        if (*timed_out)
            kill(-pid, SIGKILL);
        w = waitpid(pid, status, *timed_out || !deadline ? 0 : WNOHANG);
        if (w == pid)
            return true;
        if (w < 0 && errno != EINTR) {
            *why = strerror(errno);
            return false;
        }
        if (w == 0) {
            if (plat_monotonic_ms() >= deadline)
                *timed_out = true;
            else
                plat_sleep_ms(10);
        }
    }
}

enum plat_status plat_run(const char *const *argv, size_t max, unsigned long timeout_ms, buf *out, buf *err,
                          bool *truncated, bool *timed_out, int *exit_code, const char **why)
{
    return plat_run_held(argv, max, timeout_ms, out, err, truncated, timed_out, exit_code, why, NULL, NULL);
}

enum plat_status plat_run_held(const char *const *argv, size_t max, unsigned long timeout_ms, buf *out, buf *err,
                               bool *truncated, bool *timed_out, int *exit_code, const char **why,
                               plat_started_fn started, void *ctx)
{
    int fo, fe, status = 0;
    pid_t pid;
    bool failed = false;
    uint64_t deadline = timeout_ms ? plat_monotonic_ms() + timeout_ms : 0;
    enum plat_status st;
    *truncated = false;
    *timed_out = false;
    *exit_code = -1;
    if ((st = spawn(argv, &pid, &fo, &fe, started, ctx, why)) != PLAT_OK)
        return st;
    collect(fo, fe, deadline, max, out, err, truncated, timed_out, &failed);
    close(fo);
    close(fe);
    /* it closed its output: wait for its end, within the deadline */
    if (!reap(pid, deadline, &status, timed_out, why))
        return PLAT_ERR_READ;
    if (*timed_out) {
        kill(-pid, SIGKILL);    /* whatever it started, still in its group */
        *why = "it did not finish in time and was killed";
        return PLAT_ERR_READ;
    }
    if (WIFEXITED(status))
        *exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        *exit_code = 128 + WTERMSIG(status);
    if (failed || out->failed || err->failed) {
        *why = failed ? "cannot read the program's output" : "out of memory";
        return PLAT_ERR_READ;
    }
    return PLAT_OK;
}

void plat_kill_self(void)
{
    kill(getpid(), SIGKILL);
    _exit(137);
}

/* ---- the lock of a folder's writers ------------------------------------ */

/* The process id written at the start of the lock file, 0 when none. */
static unsigned long lock_holder(int fd)
{
    char text[24];
    unsigned long pid = 0;
    ssize_t n = pread(fd, text, sizeof text - 1, 0), i;
    for (i = 0; i < n && text[i] >= '0' && text[i] <= '9' && pid < 100000000ul; i++)
        pid = pid * 10 + (unsigned long)(text[i] - '0');
    return i > 0 && i < n && text[i] == '\n' ? pid : 0;
}

enum plat_status plat_lock_file(const char *path, plat_handle *h, unsigned long *holder, const char **why)
{
    int tries;
    *h = PLAT_NO_HANDLE;
    *holder = 0;
    for (tries = 0; tries < 100; tries++) {
        struct stat held, named;
        enum plat_status st;
        char text[24];
        int fd, n;
        do
            fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
        while (fd < 0 && errno == EINTR);
        if (fd < 0) {
            *why = errno == ELOOP ? "it is a symbolic link" : strerror(errno);
            return PLAT_ERR_OPEN;
        }
        if (fstat(fd, &held) != 0 || !S_ISREG(held.st_mode) || held.st_nlink > 1) {
            /* another name of the file (a hard link) would be emptied */
            *why = S_ISREG(held.st_mode) && held.st_nlink > 1 ? "the file has another name (a hard link)"
                                                               : "not a regular file";
            close(fd);
            return PLAT_ERR_OPEN;
        }
        if ((st = plat_lock((plat_handle)fd, why)) != PLAT_OK) {
            if (st == PLAT_ERR_BUSY)
                *holder = lock_holder(fd);
            close(fd);
            return st;
        }
        if (lstat(path, &named) != 0 || named.st_dev != held.st_dev || named.st_ino != held.st_ino) {
            close(fd);      /* removed by the holder that just ended: again */
            continue;
        }
        n = snprintf(text, sizeof text, "%lu\n", (unsigned long)getpid());
        if (ftruncate(fd, 0) == 0 && n > 0)
            (void)!pwrite(fd, text, (size_t)n, 0);
        *h = (plat_handle)fd;
        return PLAT_OK;
    }
    *why = "it was replaced again and again while being locked";
    return PLAT_ERR_BUSY;
}

bool plat_unlock_file(const char *path, plat_handle h)
{
    bool removed = unlink(path) == 0;
    close(fd_of(h));
    return removed;
}

/* Linux's /proc/self/exe; other systems do not say. */
bool plat_self_path(buf *out)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path);
    if (n <= 0 || (size_t)n >= sizeof path)
        return false;
    buf_put(out, path, (size_t)n);
    return true;
}
#endif
