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

bool plat_file_exists(const char *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

/* ---- files written piece by piece -------------------------------------- */

static HANDLE handle_of(plat_handle h) { return (HANDLE)h; }

enum plat_status plat_open_write(const char *path, enum plat_open_mode mode, plat_handle *h,
                                 uint64_t *size, const char **why)
{
    DWORD disp = mode == PLAT_OPEN_NEW ? CREATE_NEW : mode == PLAT_OPEN_APPEND ? OPEN_EXISTING : CREATE_ALWAYS;
    LARGE_INTEGER sz, zero;
    HANDLE f;
    *h = PLAT_NO_HANDLE;
    f = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, disp, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f == INVALID_HANDLE_VALUE) {
        *why = GetLastError() == ERROR_FILE_EXISTS ? "the file exists" : "cannot open for writing";
        return PLAT_ERR_OPEN;
    }
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

void plat_kill_self(void)
{
    TerminateProcess(GetCurrentProcess(), 137);
}
#endif
