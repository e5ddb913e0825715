/* listing_standin.c - a DiskPart that prints a given capture, for the test
 * of the driver's stale-plan and identity guards on a server that speaks
 * another language.
 *
 * Copied as diskpart.exe into the folder of a driver run under wine:
 *   diskpart.exe /s NAME.00.diskpart.txt   (the guard's listing script)
 *       prints the bytes of server-now.txt as they are (the test writes
 *       there what the server prints: a French capture in the OEM code
 *       page, CRLF) and exits 0
 *   diskpart.exe /s NAME.00.diskN.diskpart.txt   (the identity guard's
 *       `select disk N`, `detail disk`) prints server-now-diskN.txt the
 *       same way (the test writes there what the server prints for them:
 *       the capture's section of disk N) and exits 0; 2 when there is no
 *       such file (a disk the test did not expect to be looked at)
 *   diskpart.exe /s OTHER                  appends "diskpart OTHER" to
 *       calls.log and exits 0 (the steps are not what is tested here)
 * findstr, robocopy and bcdedit stay standin.c's.
 */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <string.h>

/* Does name end with tail? */
static int ends_with(const char *name, const char *tail)
{
    size_t n = strlen(name), t = strlen(tail);
    return n >= t && strcmp(name + n - t, tail) == 0;
}

/* The N of NAME.00.diskN.diskpart.txt, copied into disk; 0 when name is
 * not such a script. */
static int identity_script(const char *name, char *disk, size_t size)
{
    const char *tail = ".diskpart.txt", *p, *q;
    size_t n = strlen(name) - strlen(tail);
    if (!ends_with(name, tail))
        return 0;
    for (q = name + n; q > name && q[-1] >= '0' && q[-1] <= '9'; q--)
        ;
    p = q - strlen(".00.disk");
    if (q == name + n || p < name || strncmp(p, ".00.disk", strlen(".00.disk")) != 0 ||
        (size_t)(name + n - q) >= size)
        return 0;
    memcpy(disk, q, (size_t)(name + n - q));
    disk[name + n - q] = '\0';
    return 1;
}

/* Print the file at path as it is; 0 on success. */
static int print_file(const char *path)
{
    char chunk[4096];
    size_t n;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 2;
    _setmode(_fileno(stdout), _O_BINARY);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fwrite(chunk, 1, n, stdout);
    fclose(f);
    return fflush(stdout) == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
    char disk[16], path[64];
    FILE *f;
    if (argc != 3 || strcmp(argv[1], "/s") != 0)
        return 2;
    if (ends_with(argv[2], ".00.diskpart.txt"))
        return print_file("server-now.txt");
    if (identity_script(argv[2], disk, sizeof disk)) {
        snprintf(path, sizeof path, "server-now-disk%s.txt", disk);
        return print_file(path);
    }
    if ((f = fopen("calls.log", "a")) != NULL) {
        fprintf(f, "diskpart %s\n", argv[2]);
        fclose(f);
    }
    return 0;
}
