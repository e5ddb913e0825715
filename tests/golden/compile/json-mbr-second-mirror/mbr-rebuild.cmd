@echo off
rem This file was written by mrb; edit the .mrb procedure, not this file.
rem Procedure: Rebuild the system mirror after a disk replacement (MBR)
rem Compiled from /work/main/examples/mbr-rebuild.mrb against the listing listing.txt.
rem Run it from an elevated command prompt.  It stops at the first failure.
setlocal
cd /d "%~dp0"
rem MRB_PAUSE: pings between two DiskPart runs, one a second
if not defined MRB_PAUSE set "MRB_PAUSE=16"
set "MRB_NOW=%TEMP%\mbr-rebuild.now.txt"
rem The stale-plan guard: the server must still show every row of the
rem listing that this plan relies on, before anything is changed.
echo mrb: checking that the server still matches the listing
diskpart /s mbr-rebuild.00.diskpart.txt > "%MRB_NOW%"
if errorlevel 1 goto guard_failed
findstr /r /c:"^  Volume 0     C   Windows      NTFS   Mirror       465 GB  Failed Rd  System *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Volume 0     C   Windows      NTFS   Mirror       465 GB  Failed Rd  System& goto stale)
findstr /r /c:"^  Disk M0   Missing            0 B      0 B   \* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk M0   Missing            0 B      0 B   *& goto stale)
findstr /r /c:"^  Disk 0    Online          465 GB      0 B   \* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk 0    Online          465 GB      0 B   *& goto stale)
findstr /r /c:"^  Disk 1    Online          465 GB   465 GB *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk 1    Online          465 GB   465 GB& goto stale)
echo mrb: step 1 of 3: Remove the replaced disk from the configuration
diskpart /s mbr-rebuild.01.diskpart.txt
if errorlevel 1 goto fail_1
echo mrb: step 2 of 3: Initialise the replacement disk
rem DiskPart asks for a pause between two runs
ping -n %MRB_PAUSE% 127.0.0.1 >nul
diskpart /s mbr-rebuild.02.diskpart.txt
if errorlevel 1 goto fail_2
echo mrb: step 3 of 3: Mirror every volume onto the replacement disk
rem DiskPart asks for a pause between two runs
ping -n %MRB_PAUSE% 127.0.0.1 >nul
diskpart /s mbr-rebuild.03.diskpart.txt
if errorlevel 1 goto fail_3
echo mrb: all steps done.
del "%MRB_NOW%" >nul 2>&1
exit /b 0
:guard_failed
echo mrb: DiskPart could not list the disks; nothing was changed.
exit /b 1
:stale
echo mrb: the server has changed since the listing was captured; nothing was changed.
echo mrb: capture a new listing and compile again.
exit /b 1
:fail_1
echo mrb: step 1 failed: Remove the replaced disk from the configuration
echo mrb: no earlier step ran.
echo mrb: what this step runs, in order:
echo   select volume c
echo   break disk M0 nokeep
echo   select disk M0
echo   delete disk
exit /b 1
:fail_2
echo mrb: step 2 failed: Initialise the replacement disk
echo mrb: step 1 is done; step 2 may be part-done: look at
echo mrb: the server with diskpart (list disk, list volume) before going on.
echo mrb: what this step runs, in order:
echo   select disk 1
echo   convert mbr
echo   convert dynamic
exit /b 1
:fail_3
echo mrb: step 3 failed: Mirror every volume onto the replacement disk
echo mrb: steps 1 to 2 are done; step 3 may be part-done: look at
echo mrb: the server with diskpart (list disk, list volume) before going on.
echo mrb: what this step runs, in order:
echo   select volume c
echo   add disk 1
exit /b 1
