/* emit_driver.c - the driver's fixed parts (compiler/out/emit_driver.h).
 *
 * What the driver does once every step is done (the resync watch and the
 * way to its end), its subroutines and the way forward from a stopped
 * run: cmd.exe text that holds nothing of the listing or the procedure,
 * so that none of it needs emit.c's escaping.
 */
#include "out/emit_driver.h"

/* The end of the driver's run: at goto_to when comparing (the label to
 * go to), else say so when by hand, and exit 0. */
void driver_end(buf *drv, enum driver_end end, const char *goto_to)
{
    if (end == END_COMPARE) {
        if (goto_to)
            buf_printf(drv, "goto %s\r\n", goto_to);
        return;
    }
    if (end == END_BY_HAND)
        buf_puts(drv, "echo mrb: this server prints DiskPart's listings in another language than the one\r\n"
                      "echo mrb: predicted: compare list disk and list volume with \"%MRB_NAME%.after.txt\".\r\n");
    buf_puts(drv, "del \"%MRB_NOW%\" >nul 2>&1\r\n"
                  "exit /b 0\r\n");
}

/* After the last step: the mirrors resynchronise on their own; look at
 * `list volume` until no volume shows Rebuild, saying where they are.  The
 * watch reads DiskPart's English words: a listing that shows no `Mirror`
 * row at all (a server in another language, since the plan added a mirror)
 * gets the advice on how to watch instead, never "complete".  Then, with
 * END_COMPARE, the driver compares the server with the predicted listing
 * (driver_after): at once when the watch has just listed it, after a
 * fresh listing otherwise. */
static void driver_resync(buf *drv, enum driver_end end)
{
    buf_puts(drv,
             ">>\"%MRB_LOG%\" echo [%date% %time%] mrb: every step is done\r\n"
             "echo mrb: every step is done; the mirrors now resynchronise on their own.\r\n"
             "if \"%MRB_RESYNC%\"==\"0\" goto resync_how\r\n"
             "set /a \"MRB_WAITED=0\"\r\n"
             ":resync\r\n"
             "call :diskpart 00 quiet\r\n"
             "if errorlevel 1 goto resync_how\r\n"
             "findstr /r /c:\"Volume .* Mirror \" \"%MRB_NOW%\" >nul\r\n"
             "if errorlevel 1 goto resync_how\r\n"
             "echo mrb: the mirrored volumes after %MRB_WAITED% s (DiskPart shows no percentage):\r\n"
             "findstr /r /c:\"Volume .* Mirror \" \"%MRB_NOW%\"\r\n"
             "findstr /r /c:\"Volume .* Mirror .* Rebuild \" \"%MRB_NOW%\" >nul\r\n"
             "if errorlevel 1 goto resync_done\r\n"
             "rem the next look MRB_RESYNC seconds after this one (MRB_PAUSE at least),\r\n"
             "rem the last MRB_PAUSE of them in :diskpart\r\n"
             "set /a \"MRB_GAP=MRB_RESYNC-MRB_PAUSE\"\r\n"
             "if %MRB_GAP% lss 0 set \"MRB_GAP=0\"\r\n"
             "call :wait %MRB_GAP% \"to the next look at the mirrors\"\r\n"
             "set /a \"MRB_WAITED+=MRB_GAP+MRB_PAUSE\"\r\n"
             "goto resync\r\n"
             ":resync_done\r\n"
             "findstr /r /c:\"Volume .* Mirror .* Failed\" \"%MRB_NOW%\" >nul\r\n"
             "if not errorlevel 1 goto resync_failed\r\n"
             ">>\"%MRB_LOG%\" echo [%date% %time%] mrb: no mirror shows Rebuild any more\r\n"
             "echo mrb: no mirror shows Rebuild any more: the rebuild is complete.\r\n");
    driver_end(drv, end, "after_compare");
    buf_puts(drv,
             ":resync_failed\r\n"
             ">>\"%MRB_LOG%\" echo [%date% %time%] mrb: a mirror shows Failed\r\n"
             "echo mrb: a mirrored volume shows a Failed status: look at it with diskpart (list volume).\r\n"
             "exit /b 1\r\n"
             ":resync_how\r\n"
             "echo mrb: to watch it: run diskpart, then list volume, until every Mirror volume\r\n"
             "echo mrb: shows Healthy instead of Rebuild.  Do not restart the server before then.\r\n");
    driver_end(drv, end, "after");
}

/* Does the plan add a mirror (`add disk`), which then resynchronises? */
static bool adds_mirror(const plan *p)
{
    size_t i, j;
    for (i = 0; i < p->nsteps; i++)
        for (j = 0; j < p->steps[i].nacts; j++)
            if (p->steps[i].acts[j].rec.parsed && p->steps[i].acts[j].rec.cmd.id == CMD_ADD_DISK)
                return true;
    return false;
}

/* The driver's subroutines and the refusals of its opening. */
void driver_tail(buf *drv)
{
    buf_puts(drv,
             ":renamed\r\n"
             "echo mrb: \"%MRB_NAME%.00.diskpart.txt\" is not beside this driver: run it under the name\r\n"
             "echo mrb: mrb gave it, in the folder mrb wrote.  Nothing was changed.\r\n"
             "exit /b 1\r\n"
             ":not_elevated\r\n"
             ">>\"%MRB_LOG%\" echo [%date% %time%] mrb: not elevated: nothing was changed\r\n"
             "echo mrb: this needs an elevated command prompt (Run as administrator), as DiskPart does.\r\n"
             "echo mrb: nothing was changed.\r\n"
             "exit /b 1\r\n"
             "rem call :diskpart NN [quiet]: run NAME.NN.diskpart.txt, MRB_PAUSE seconds\r\n"
             "rem after the last DiskPart run when there was one (DiskPart asks for it);\r\n"
             "rem its output goes to the log with the times, and to the screen unless\r\n"
             "rem quiet; the exit status is 1 when DiskPart's is not 0 (a negative one\r\n"
             "rem included).\r\n"
             ":diskpart\r\n"
             "if defined MRB_RAN call :wait %MRB_PAUSE% \"to the next DiskPart run, as DiskPart asks\"\r\n"
             "set \"MRB_RAN=1\"\r\n"
             "set \"MRB_LAST=diskpart\"\r\n"
             ">>\"%MRB_LOG%\" echo [%date% %time%] diskpart /s \"%MRB_NAME%.%~1.diskpart.txt\"\r\n"
             "diskpart /s \"%MRB_NAME%.%~1.diskpart.txt\" >\"%MRB_NOW%\" 2>&1\r\n"
             "set \"MRB_RC=%errorlevel%\"\r\n"
             "type \"%MRB_NOW%\" >>\"%MRB_LOG%\"\r\n"
             ">>\"%MRB_LOG%\" echo [%date% %time%] DiskPart exited with code %MRB_RC%\r\n"
             "if not \"%~2\"==\"quiet\" type \"%MRB_NOW%\"\r\n"
             "if not \"%MRB_RC%\"==\"0\" exit /b 1\r\n"
             "exit /b 0\r\n"
             "rem call :wait SECONDS TEXT: wait, with a line every 5 seconds.\r\n"
             ":wait\r\n"
             "set /a \"MRB_LEFT=%~1\"\r\n"
             ":wait_more\r\n"
             "if %MRB_LEFT% leq 0 exit /b 0\r\n"
             "echo mrb: %MRB_LEFT% s %~2\r\n"
             "set /a \"MRB_STEP=MRB_LEFT\"\r\n"
             "if %MRB_STEP% gtr 5 set \"MRB_STEP=5\"\r\n"
             "set /a \"MRB_PINGS=MRB_STEP+1\"\r\n"
             "ping -n %MRB_PINGS% 127.0.0.1 >nul\r\n"
             "set /a \"MRB_LEFT-=MRB_STEP\"\r\n"
             "goto wait_more\r\n");
}

/* Does a mirror of the model after the last step resynchronise (the plan
 * of what is left of an earlier plan whose `add disk` is done)? */
static bool rebuilding(const plan *p)
{
    size_t i;
    for (i = 0; p->proved && i < p->after.nvols; i++)
        if (p->after.vols[i].type == VT_MIRROR && p->after.vols[i].status == VS_REBUILD)
            return true;
    return false;
}

/* Where the driver goes once every step is done. */
void driver_done(buf *drv, const emit_input *in, enum driver_end end)
{
    const plan *p = in->p;
    if (adds_mirror(p) || (in->origin_sha256 && rebuilding(p))) {
        driver_resync(drv, end);
    } else {
        buf_puts(drv, ">>\"%MRB_LOG%\" echo [%date% %time%] mrb: every step is done\r\n"
                      "echo mrb: every step is done.\r\n");
        driver_end(drv, end, NULL);     /* END_COMPARE: on to :after, which follows */
    }
}

/* The way forward from a server a run of this driver left part-way
 * (`compile --continue`, SPEC.md section 16): capture it again, compile
 * the same procedure against that with this folder, run the new driver.
 * The folder (the driver's: it cd'ed there) is given as %CD% inside double
 * quotes, where cmd reads no character specially; '>' is escaped. */
void driver_way_forward(buf *drv)
{
    buf_puts(drv, ":way_forward\r\n"
                  "echo mrb:   1. capture the server as it is now (mrb probe prints the scripts):\r\n"
                  "echo          mrb probe ^> probe1.txt\r\n"
                  "echo          diskpart /s probe1.txt ^> disks.txt\r\n"
                  "echo          mrb probe --from disks.txt ^> probe.txt\r\n"
                  "echo          diskpart /s probe.txt ^> snapshot-now.txt\r\n"
                  "echo mrb:   2. compile the same procedure against it, with this folder:\r\n"
                  "echo          mrb compile \"%MRB_NAME%.mrb\" --listing snapshot-now.txt --continue \"%CD%\" -o NEWFOLDER\r\n"
                  "echo mrb:      it plans only what is left, or says why it cannot.\r\n"
                  "echo mrb:   3. review NEWFOLDER, then run its \"%MRB_NAME%.cmd\" there.\r\n"
                  "exit /b 0\r\n");
}

