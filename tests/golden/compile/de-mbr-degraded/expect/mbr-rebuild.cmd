@echo off
rem This file was written by mrbc; edit the .mrb procedure, not this file.
rem Procedure: Rebuild the system mirror after a disk replacement (MBR)
rem Compiled from root/examples/mbr-rebuild.mrb against the listing root/tests/fixtures/listings/de-mbr-degraded.txt.
rem Run it from an elevated command prompt.  It stops at the first failure.
setlocal
cd /d "%~dp0"
rem Every script must be of this compile (id b408896270d02e9dc63a92e05c21eb0a): a folder that
rem holds scripts of another compile is refused before anything runs.
findstr /r /c:"^rem mrb compile id b408896270d02e9dc63a92e05c21eb0a$" "mbr-rebuild.00.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id b408896270d02e9dc63a92e05c21eb0a$" "mbr-rebuild.01.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id b408896270d02e9dc63a92e05c21eb0a$" "mbr-rebuild.02.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id b408896270d02e9dc63a92e05c21eb0a$" "mbr-rebuild.03.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
rem MRB_PAUSE: pings between two DiskPart runs, one a second
if not defined MRB_PAUSE set "MRB_PAUSE=16"
set "MRB_NOW=%TEMP%\mbr-rebuild.now.txt"
rem The stale-plan guard: the server must still show every row of the
rem listing that this plan relies on, before anything is changed.
echo mrb: checking that the server still matches the listing
diskpart /s mbr-rebuild.00.diskpart.txt > "%MRB_NOW%"
if errorlevel 1 goto guard_failed
findstr /r /c:"^  Volume 0     C   Windows      NTFS   Spiegel      447 GB  Fehl. Red  System *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Volume 0     C   Windows      NTFS   Spiegel      447 GB  Fehl. Red  System& goto stale)
findstr /r /c:"^  Datentr.ger M0   Fehlend            0 B      0 B   \* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Datentr?ger M0   Fehlend            0 B      0 B   *& goto stale)
findstr /r /c:"^  Datentr.ger 0    Online          447 GB      0 B   \* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Datentr?ger 0    Online          447 GB      0 B   *& goto stale)
findstr /r /c:"^  Datentr.ger 1    Online          447 GB   447 GB *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Datentr?ger 1    Online          447 GB   447 GB& goto stale)
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
:not_this_compile
echo mrb: the scripts beside this driver are not all of its compile: the folder
echo mrb: holds files of another compile of mbr-rebuild.mrb; nothing was changed.
echo mrb: compile again into this folder.
exit /b 1
