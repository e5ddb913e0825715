/* listing_standin.c - a DiskPart that prints a given capture, for the test
 * of the driver's stale-plan guard on a server that speaks another language.
 *
 * Copied as diskpart.exe into the folder of a driver run under wine:
 *   diskpart.exe /s NAME.00.diskpart.txt   (the guard's listing script)
 *       prints the bytes of server-now.txt as they are (the test writes
 *       there what the server prints: a French capture in the OEM code
 *       page, CRLF) and exits 0
 *   diskpart.exe /s OTHER                  appends "diskpart OTHER" to
 *       calls.log and exits 0 (the steps are not what is tested here)
 * findstr, robocopy and bcdedit stay standin.c's.
 */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *guard = ".00.diskpart.txt";
    size_t n, g = strlen(guard);
    char chunk[4096];
    FILE *f;
    if (argc != 3 || strcmp(argv[1], "/s") != 0)
        return 2;
    n = strlen(argv[2]);
    if (n >= g && strcmp(argv[2] + n - g, guard) == 0) {
        if (!(f = fopen("server-now.txt", "rb")))
            return 2;
        _setmode(_fileno(stdout), _O_BINARY);
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            fwrite(chunk, 1, n, stdout);
        fclose(f);
        return fflush(stdout) == 0 ? 0 : 2;
    }
    if ((f = fopen("calls.log", "a")) != NULL) {
        fprintf(f, "diskpart %s\n", argv[2]);
        fclose(f);
    }
    return 0;
}
