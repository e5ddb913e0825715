/* platform_posix.c - platform.h on POSIX systems. */
#ifndef _WIN32
#define _POSIX_C_SOURCE 200809L
#include "platform.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum plat_status plat_read_file(const char *path, size_t max, buf *out, const char **why)
{
    char chunk[65536];
    size_t total = 0;
    struct stat st;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        *why = strerror(errno);
        return PLAT_ERR_OPEN;
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        *why = strerror(EISDIR);
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

enum plat_status plat_write_atomic(const char *path, const void *data, size_t len, const char **why)
{
    buf tmp;
    int fd, dfd;
    const char *slash;
    buf_init(&tmp);
    buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
    if (tmp.failed) {
        *why = "out of memory";
        return PLAT_ERR_WRITE;
    }
    fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        *why = strerror(errno);
        buf_free(&tmp);
        return PLAT_ERR_OPEN;
    }
    if (!write_all(fd, data, len) || fsync(fd) != 0) {
        *why = strerror(errno);
        close(fd);
        unlink(tmp.data);
        buf_free(&tmp);
        return PLAT_ERR_WRITE;
    }
    if (close(fd) != 0 || rename(tmp.data, path) != 0) {
        *why = strerror(errno);
        unlink(tmp.data);
        buf_free(&tmp);
        return PLAT_ERR_WRITE;
    }
    buf_free(&tmp);
    /* make the rename durable: flush the directory that holds path */
    slash = strrchr(path, '/');
    {
        buf dir;
        buf_init(&dir);
        if (slash)
            buf_put(&dir, path, (size_t)(slash - path) + 1);
        else
            buf_puts(&dir, ".");
        dfd = dir.failed ? -1 : open(dir.data, O_RDONLY);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
        buf_free(&dir);
    }
    return PLAT_OK;
}

bool plat_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

void plat_kill_self(void)
{
    kill(getpid(), SIGKILL);
    _exit(137);
}
#endif
