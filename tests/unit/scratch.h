/* scratch.h - a scratch folder per test, the working directory while it runs.
 *
 * Included by the unit tests that write files (journal, fileio, exec):
 * scratch_enter makes a fresh folder under $TMPDIR and goes there, with
 * fault injection off; scratch_leave goes back, empties and removes it.
 * `home` is where the test started (the top of the tree).
 */
#ifndef MRB_TEST_SCRATCH_H
#define MRB_TEST_SCRATCH_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fileio.h"
#include "base/util.h"

static char scratch[512], home[4096];

static int scratch_enter(const char *tag)
{
    const char *base = getenv("TMPDIR");
    if (!getcwd(home, sizeof home))
        return -1;
    snprintf(scratch, sizeof scratch, "%s/mrb-%s-XXXXXX", base && *base ? base : P_tmpdir, tag);
    if (!mkdtemp(scratch) || chdir(scratch) != 0)
        return -1;
    fio_test_reset();
    util_fail_alloc_at(0, false);
    return 0;
}

static int scratch_leave(void)
{
    DIR *dir = opendir(scratch);
    struct dirent *e;
    char p[1024];
    fio_test_reset();
    util_fail_alloc_at(0, false);
    if (chdir(home) != 0)
        return -1;
    while (dir && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", scratch, e->d_name);
        remove(p);
    }
    if (dir)
        closedir(dir);
    rmdir(scratch);
    return 0;
}

#endif
