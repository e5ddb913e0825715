/* platform.h - the only interface to operating-system specific calls.
 *
 * platform_posix.c implements it on Linux and other POSIX systems,
 * platform_win32.c on Windows.  Nothing else in the tree includes a POSIX
 * or Windows header.
 */
#ifndef MRB_PLATFORM_H
#define MRB_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum plat_status { PLAT_OK, PLAT_ERR_OPEN, PLAT_ERR_READ, PLAT_ERR_TOO_LARGE, PLAT_ERR_WRITE };

/* Read the whole file at path into out (appended).  Files over max bytes
 * give PLAT_ERR_TOO_LARGE without reading them whole.  On error *why holds
 * the system's reason (static storage). */
enum plat_status plat_read_file(const char *path, size_t max, buf *out, const char **why);

/* Write data to path atomically: a temporary file beside it, flushed to the
 * disk, then renamed over path.  A crash leaves the old file or the new one,
 * never a mix; on error nothing is left behind. */
enum plat_status plat_write_atomic(const char *path, const void *data, size_t len, const char **why);

bool plat_file_exists(const char *path);

/* Kill the current process at once, without clean-up (SIGKILL on POSIX,
 * TerminateProcess on Windows). */
void plat_kill_self(void);

#endif
