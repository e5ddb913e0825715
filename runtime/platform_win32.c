/* platform_win32.c - platform.h on Windows. */
#ifdef _WIN32
#include "platform.h"

#include <stdio.h>
#include <string.h>
#include <windows.h>

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

enum plat_status plat_write_atomic(const char *path, const void *data, size_t len, const char **why)
{
    buf tmp;
    HANDLE h;
    DWORD done = 0;
    buf_init(&tmp);
    buf_printf(&tmp, "%s.tmp-%lu", path, (unsigned long)GetCurrentProcessId());
    if (tmp.failed) {
        *why = "out of memory";
        return PLAT_ERR_WRITE;
    }
    h = CreateFileA(tmp.data, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        *why = "cannot create the temporary file";
        buf_free(&tmp);
        return PLAT_ERR_OPEN;
    }
    if (len > 0xFFFFFFFFu || !WriteFile(h, data, (DWORD)len, &done, NULL) || done != len ||
        !FlushFileBuffers(h)) {
        *why = "write error";
        CloseHandle(h);
        DeleteFileA(tmp.data);
        buf_free(&tmp);
        return PLAT_ERR_WRITE;
    }
    CloseHandle(h);
    if (!MoveFileExA(tmp.data, path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        *why = "cannot rename the temporary file";
        DeleteFileA(tmp.data);
        buf_free(&tmp);
        return PLAT_ERR_WRITE;
    }
    buf_free(&tmp);
    return PLAT_OK;
}

bool plat_file_exists(const char *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

void plat_kill_self(void)
{
    TerminateProcess(GetCurrentProcess(), 137);
}
#endif
