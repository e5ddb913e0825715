/* platform_posix.c - platform.h on POSIX systems. */
#ifndef _WIN32
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* flock */
#include "platform.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

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

enum plat_status plat_open_write(const char *path, enum plat_open_mode mode, plat_handle *h,
                                 uint64_t *size, const char **why)
{
    int flags = O_WRONLY | O_CLOEXEC, fd;
    struct stat st;
    switch (mode) {
    case PLAT_OPEN_NEW: flags |= O_CREAT | O_EXCL | O_NOFOLLOW | O_APPEND; break;
    case PLAT_OPEN_APPEND: flags |= O_APPEND; break;
    case PLAT_OPEN_REPLACE: flags |= O_CREAT | O_TRUNC | O_APPEND; break;
    }
    *h = PLAT_NO_HANDLE;
    do
        fd = open(path, flags, 0644);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        *why = strerror(errno);
        return PLAT_ERR_OPEN;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *why = S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file";
        close(fd);
        return PLAT_ERR_OPEN;
    }
    *size = (uint64_t)st.st_size;
    *h = (plat_handle)fd;
    return PLAT_OK;
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

void plat_init_process(void) { signal(SIGXFSZ, SIG_IGN); }

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

/* Start argv with its standard output and error on pipes (*fo, *fe: the
 * read ends), in a process group of its own so that a timeout kills its
 * children too. */
static enum plat_status spawn(const char *const *argv, pid_t *pid, int *fo, int *fe, const char **why)
{
    int po[2] = {-1, -1}, pe[2] = {-1, -1}, rc;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    if (pipe(po) != 0 || pipe(pe) != 0) {
        *why = strerror(errno);
        if (po[0] >= 0) {
            close(po[0]);
            close(po[1]);
        }
        return PLAT_ERR_OPEN;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    posix_spawn_file_actions_addclose(&fa, po[0]);
    posix_spawn_file_actions_addclose(&fa, pe[0]);
    posix_spawn_file_actions_addclose(&fa, po[1]);
    posix_spawn_file_actions_addclose(&fa, pe[1]);
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&at, 0);
    /* posix_spawnp takes char *const argv[]: the strings are not written to */
    rc = posix_spawnp(pid, argv[0], &fa, &at, (char *const *)(uintptr_t)argv, environ);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    close(po[1]);
    close(pe[1]);
    if (rc != 0) {
        *why = strerror(rc);
        close(po[0]);
        close(pe[0]);
        return PLAT_ERR_OPEN;
    }
    *fo = po[0];
    *fe = pe[0];
    return PLAT_OK;
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
    int fo, fe, status = 0;
    pid_t pid;
    bool failed = false;
    uint64_t deadline = timeout_ms ? plat_monotonic_ms() + timeout_ms : 0;
    enum plat_status st;
    *truncated = false;
    *timed_out = false;
    *exit_code = -1;
    if ((st = spawn(argv, &pid, &fo, &fe, why)) != PLAT_OK)
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
