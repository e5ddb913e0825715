@echo off
rem This file was written by mrb; edit the .mrb procedure, not this file.
rem Procedure: Rebuild the system mirror after a disk replacement
rem Compiled from rebuild.mrb against the listing seed-mbr-probed.txt (SHA-256 of each below).
rem mrb procedure rebuild.mrb sha256 57703fc9aa3c1d143347e7ba5f5a700779ed30887822022d6b8de17428dfda0f
rem mrb listing seed-mbr-probed.txt sha256 152f4669d27be50fd49f5a2df617053d84160e338d925c329382441f6cdb6ebf
rem plan, disk by disk (names as the procedure gives them):
rem   Disk 0    447 GB  dynamic MBR   survivor: only read
rem            identity not captured
rem   Disk 1    447 GB  basic MBR     replacement: erased or re-initialised, the one disk that may be (the listing shows it blank: no partition, no volume, Free = Size); made dynamic; receives a plex of C:
rem            identity not captured
rem   Disk M0      0 B  Missing       missing: removed from the configuration ('delete disk')
rem left out: step "Initialise the replacement disk (GPT)" (line 42): 'survivor.gpt' is false
rem left out: step "Copy the boot environment to the replacement disk" (line 64): 'survivor.gpt' is false
rem left out: step "Remove the temporary drive letters" (line 73): 'survivor.gpt' is false
rem assumed disk 1 has room for volume 0 as disk 0 does: both display 447 GB
rem The identity guard cannot check Disk 1 and Disk 0: the listing has no
rem detail disk for them (mrb probe captures it); only their listing rows are checked.
rem Run it from an elevated command prompt.  It stops at the first failure.
rem It keeps a log beside itself (NAME.log: every DiskPart output, with times).
setlocal EnableExtensions DisableDelayedExpansion
cd /d "%~dp0"
rem The scripts are named after this file: keep its name.
set "MRB_NAME=%~n0"
set "MRB_LOG=%~n0.log"
set "MRB_NOW=%TEMP%\%~n0.now.txt"
rem MRB_PAUSE: seconds between two DiskPart runs (DiskPart asks for 15);
rem MRB_RAN: a DiskPart run ended (:diskpart waits before the next).
set "MRB_RAN="
if not defined MRB_PAUSE set "MRB_PAUSE=15"
rem MRB_RESYNC: seconds between two looks at the mirrors resynchronising
rem after the last step (0: do not wait, say how to watch it)
if not defined MRB_RESYNC set "MRB_RESYNC=30"
if not exist "%MRB_NAME%.00.diskpart.txt" goto renamed
>>"%MRB_LOG%" echo [%date% %time%] mrb: "%MRB_NAME%.cmd" starts
rem DiskPart needs an elevated prompt; fltmc runs only in one (any exit
rem code but 0, a negative one included, says it is not).
fltmc >nul 2>&1
set "MRB_RC=%errorlevel%"
if not "%MRB_RC%"=="0" goto not_elevated
rem Every script must be of this compile (id fe287518a9cb8464758e5dd6ed23da5d): a folder that
rem holds scripts of another compile is refused before anything runs.
findstr /r /c:"^rem mrb compile id fe287518a9cb8464758e5dd6ed23da5d$" "%MRB_NAME%.00.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id fe287518a9cb8464758e5dd6ed23da5d$" "%MRB_NAME%.01.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id fe287518a9cb8464758e5dd6ed23da5d$" "%MRB_NAME%.02.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id fe287518a9cb8464758e5dd6ed23da5d$" "%MRB_NAME%.03.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
rem The stale-plan guard: the server must still show every row of the
rem listing that this plan relies on, before anything is changed.
echo mrb: checking that the server still matches the listing
call :diskpart 00 quiet
if errorlevel 1 goto guard_failed
findstr /r /c:"^  Volume 0     C   Windows      NTFS   Mirror       447 GB  Failed Rd  System *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Volume 0     C   Windows      NTFS   Mirror       447 GB  Failed Rd  System& goto stale)
findstr /r /c:"^  Disk 0    Online          447 GB      0 B   \* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk 0    Online          447 GB      0 B   *& goto stale)
findstr /r /c:"^  Disk M0   Missing            0 B      0 B   \* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk M0   Missing            0 B      0 B   *& goto stale)
findstr /r /c:"^  Disk 1    Online          447 GB   447 GB *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk 1    Online          447 GB   447 GB& goto stale)
echo mrb: left out on this server: Initialise the replacement disk (GPT): 'survivor.gpt' is false
echo mrb: left out on this server: Copy the boot environment to the replacement disk: 'survivor.gpt' is false
echo mrb: left out on this server: Remove the temporary drive letters: 'survivor.gpt' is false
echo mrb: step 1 of 3: Remove the replaced disk from the configuration
>>"%MRB_LOG%" echo [%date% %time%] mrb: step 1 of 3
call :diskpart 01
if errorlevel 1 goto fail_1
echo mrb: step 2 of 3: Initialise the replacement disk (MBR)
>>"%MRB_LOG%" echo [%date% %time%] mrb: step 2 of 3
call :diskpart 02
if errorlevel 1 goto fail_2
echo mrb: step 3 of 3: Mirror every volume onto the replacement disk
>>"%MRB_LOG%" echo [%date% %time%] mrb: step 3 of 3
call :diskpart 03
if errorlevel 1 goto fail_3
>>"%MRB_LOG%" echo [%date% %time%] mrb: every step is done
echo mrb: every step is done; the mirrors now resynchronise on their own.
if "%MRB_RESYNC%"=="0" goto resync_how
set /a "MRB_WAITED=0"
:resync
call :diskpart 00 quiet
if errorlevel 1 goto resync_how
findstr /r /c:"Volume .* Mirror " "%MRB_NOW%" >nul
if errorlevel 1 goto resync_how
echo mrb: the mirrored volumes after %MRB_WAITED% s (DiskPart shows no percentage):
findstr /r /c:"Volume .* Mirror " "%MRB_NOW%"
findstr /r /c:"Volume .* Mirror .* Rebuild " "%MRB_NOW%" >nul
if errorlevel 1 goto resync_done
rem the next look MRB_RESYNC seconds after this one (MRB_PAUSE at least),
rem the last MRB_PAUSE of them in :diskpart
set /a "MRB_GAP=MRB_RESYNC-MRB_PAUSE"
if %MRB_GAP% lss 0 set "MRB_GAP=0"
call :wait %MRB_GAP% "to the next look at the mirrors"
set /a "MRB_WAITED+=MRB_GAP+MRB_PAUSE"
goto resync
:resync_done
findstr /r /c:"Volume .* Mirror .* Failed" "%MRB_NOW%" >nul
if not errorlevel 1 goto resync_failed
>>"%MRB_LOG%" echo [%date% %time%] mrb: no mirror shows Rebuild any more
echo mrb: no mirror shows Rebuild any more: the rebuild is complete.
goto after_compare
:resync_failed
>>"%MRB_LOG%" echo [%date% %time%] mrb: a mirror shows Failed
echo mrb: a mirrored volume shows a Failed status: look at it with diskpart (list volume).
exit /b 1
:resync_how
echo mrb: to watch it: run diskpart, then list volume, until every Mirror volume
echo mrb: shows Healthy instead of Rebuild.  Do not restart the server before then.
goto after
:after
call :diskpart 00 quiet
if errorlevel 1 goto after_unread
:after_compare
rem The server against "NAME.after.txt", the listing compile predicted:
rem every row found (any Free, any volume number, a mirror Rebuild or
rem Healthy), no disk or volume more.
echo mrb: comparing the server with the listing compile predicted, "%MRB_NAME%.after.txt"
set "MRB_DIFF=0"
findstr /r /c:"^  Disk 0    Online          447 GB   *[0-9][0-9]* [KMGT]*B *\* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: not shown:&echo   Disk 0    Online          447 GB      0 B   *& set "MRB_DIFF=1")
findstr /r /c:"^  Disk 1    Online          447 GB   *[0-9][0-9]* [KMGT]*B *\* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: not shown:&echo   Disk 1    Online          447 GB      0 B   *& set "MRB_DIFF=1")
findstr /r /c:"^  Volume [0-9][0-9]* *C   Windows      NTFS   Mirror       447 GB  [RH][ee][ba][ul][it][lh][dy]    System *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: not shown:&echo   Volume 0     C   Windows      NTFS   Mirror       447 GB  Rebuild    System& set "MRB_DIFF=1")
set /a "MRB_DISKS=0, MRB_VOLS=0"
for /f "usebackq tokens=1,2" %%a in ("%MRB_NOW%") do (
if "%%a"=="Disk" if not "%%b"=="###" set /a "MRB_DISKS+=1"
if "%%a"=="Volume" if not "%%b"=="###" set /a "MRB_VOLS+=1"
)
if not "%MRB_DISKS%"=="2" (echo mrb: the server shows %MRB_DISKS% disks, not 2& set "MRB_DIFF=1")
if not "%MRB_VOLS%"=="1" (echo mrb: the server shows %MRB_VOLS% volumes, not 1& set "MRB_DIFF=1")
del "%MRB_NOW%" >nul 2>&1
if "%MRB_DIFF%"=="1" goto after_differs
>>"%MRB_LOG%" echo [%date% %time%] mrb: the server shows what compile predicted
echo mrb: the server shows the disks and volumes compile predicted.
exit /b 0
:after_differs
>>"%MRB_LOG%" echo [%date% %time%] mrb: the server differs from what compile predicted
echo mrb: every step ran, but the server does not show what compile predicted:
echo mrb: look at it with diskpart (list disk, list volume) beside "%MRB_NAME%.after.txt".
exit /b 1
:after_unread
echo mrb: every step ran, but DiskPart could not list the disks to compare them with
echo mrb: "%MRB_NAME%.after.txt": look at the server with diskpart (list disk, list volume).
exit /b 1
:guard_failed
echo mrb: DiskPart could not list the disks; nothing was changed.
exit /b 1
:stale
>>"%MRB_LOG%" echo [%date% %time%] mrb: the server has changed: nothing was changed
echo mrb: the server has changed since the listing was captured; nothing was changed.
echo mrb: if an earlier run of this driver stopped part-way, carry on from there:
call :way_forward
echo mrb: otherwise capture a new listing and compile again, without --continue.
exit /b 1
:fail_1
>>"%MRB_LOG%" echo [%date% %time%] mrb: step 1 failed
echo mrb: step 1 failed: Remove the replaced disk from the configuration
echo mrb: no earlier step ran; step 1 may be part-done.
echo mrb: what this step runs, in order:
echo   select volume c
echo   break disk M0 nokeep
echo   select disk M0
echo   delete disk
if "%MRB_LAST%"=="program" echo mrb: the failing program's output is above.
if "%MRB_LAST%"=="diskpart" echo mrb: what DiskPart said, the failing command's output last:
if "%MRB_LAST%"=="diskpart" type "%MRB_NOW%"
echo mrb: the log, with every DiskPart output: "%MRB_LOG%"
echo mrb: do not type DiskPart commands by hand: carry on from where the server stands:
call :way_forward
exit /b 1
:fail_2
>>"%MRB_LOG%" echo [%date% %time%] mrb: step 2 failed
echo mrb: step 2 failed: Initialise the replacement disk (MBR)
echo mrb: step 1 is done; step 2 may be part-done.
echo mrb: what this step runs, in order:
echo   select disk 1
echo   convert mbr
echo   convert dynamic
if "%MRB_LAST%"=="program" echo mrb: the failing program's output is above.
if "%MRB_LAST%"=="diskpart" echo mrb: what DiskPart said, the failing command's output last:
if "%MRB_LAST%"=="diskpart" type "%MRB_NOW%"
echo mrb: the log, with every DiskPart output: "%MRB_LOG%"
echo mrb: do not type DiskPart commands by hand: carry on from where the server stands:
call :way_forward
exit /b 1
:fail_3
>>"%MRB_LOG%" echo [%date% %time%] mrb: step 3 failed
echo mrb: step 3 failed: Mirror every volume onto the replacement disk
echo mrb: steps 1 to 2 are done; step 3 may be part-done.
echo mrb: what this step runs, in order:
echo   select volume c
echo   add disk 1
if "%MRB_LAST%"=="program" echo mrb: the failing program's output is above.
if "%MRB_LAST%"=="diskpart" echo mrb: what DiskPart said, the failing command's output last:
if "%MRB_LAST%"=="diskpart" type "%MRB_NOW%"
echo mrb: the log, with every DiskPart output: "%MRB_LOG%"
echo mrb: do not type DiskPart commands by hand: carry on from where the server stands:
call :way_forward
exit /b 1
:not_this_compile
echo mrb: the scripts beside this driver are not all of its compile: the folder
echo mrb: holds files of another compile of "%MRB_NAME%.mrb"; nothing was changed.
echo mrb: compile again into this folder.
exit /b 1
:renamed
echo mrb: "%MRB_NAME%.00.diskpart.txt" is not beside this driver: run it under the name
echo mrb: mrb gave it, in the folder mrb wrote.  Nothing was changed.
exit /b 1
:not_elevated
>>"%MRB_LOG%" echo [%date% %time%] mrb: not elevated: nothing was changed
echo mrb: this needs an elevated command prompt (Run as administrator), as DiskPart does.
echo mrb: nothing was changed.
exit /b 1
rem call :diskpart NN [quiet]: run NAME.NN.diskpart.txt, MRB_PAUSE seconds
rem after the last DiskPart run when there was one (DiskPart asks for it);
rem its output goes to the log with the times, and to the screen unless
rem quiet; the exit status is 1 when DiskPart's is not 0 (a negative one
rem included).
:diskpart
if defined MRB_RAN call :wait %MRB_PAUSE% "to the next DiskPart run, as DiskPart asks"
set "MRB_RAN=1"
set "MRB_LAST=diskpart"
>>"%MRB_LOG%" echo [%date% %time%] diskpart /s "%MRB_NAME%.%~1.diskpart.txt"
diskpart /s "%MRB_NAME%.%~1.diskpart.txt" >"%MRB_NOW%" 2>&1
set "MRB_RC=%errorlevel%"
type "%MRB_NOW%" >>"%MRB_LOG%"
>>"%MRB_LOG%" echo [%date% %time%] DiskPart exited with code %MRB_RC%
if not "%~2"=="quiet" type "%MRB_NOW%"
if not "%MRB_RC%"=="0" exit /b 1
exit /b 0
rem call :wait SECONDS TEXT: wait, with a line every 5 seconds.
:wait
set /a "MRB_LEFT=%~1"
:wait_more
if %MRB_LEFT% leq 0 exit /b 0
echo mrb: %MRB_LEFT% s %~2
set /a "MRB_STEP=MRB_LEFT"
if %MRB_STEP% gtr 5 set "MRB_STEP=5"
set /a "MRB_PINGS=MRB_STEP+1"
ping -n %MRB_PINGS% 127.0.0.1 >nul
set /a "MRB_LEFT-=MRB_STEP"
goto wait_more
:way_forward
echo mrb:   1. capture the server as it is now (mrb probe prints the scripts):
echo          mrb probe ^> probe1.txt
echo          diskpart /s probe1.txt ^> disks.txt
echo          mrb probe --from disks.txt ^> probe.txt
echo          diskpart /s probe.txt ^> snapshot-now.txt
echo mrb:   2. compile the same procedure against it, with this folder:
echo          mrb compile "%MRB_NAME%.mrb" --listing snapshot-now.txt --continue "%CD%" -o NEWFOLDER
echo mrb:      it plans only what is left, or says why it cannot.
echo mrb:   3. review NEWFOLDER, then run its "%MRB_NAME%.cmd" there.
exit /b 0
