/* flushw.c - the reference for run overhead: write a file of SIZE bytes and fsync it, COUNT times. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char *data;
    long size, count, i;
    if (argc != 4) {
        fputs("usage: flushw FILE SIZE COUNT\n", stderr);
        return 2;
    }
    size = strtol(argv[2], NULL, 10);
    count = strtol(argv[3], NULL, 10);
    if (size < 0 || count < 1 || !(data = malloc((size_t)size + 1)))
        return 2;
    memset(data, 'x', (size_t)size);
    for (i = 0; i < count; i++) {
        int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, data, (size_t)size) != (ssize_t)size || fsync(fd) != 0 || close(fd) != 0) {
            perror(argv[1]);
            return 1;
        }
    }
    free(data);
    return 0;
}
