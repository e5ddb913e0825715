@echo off
rem This file was written by mrbc; edit the .mrb procedure, not this file.
rem Procedure: Rebuild the system mirror after a disk replacement
rem Compiled from root/examples/rebuild.mrb against the listing root/examples/listings/seed-gpt-probed.txt.
rem Run it from an elevated command prompt.  It stops at the first failure.
setlocal
cd /d "%~dp0"
rem Every script must be of this compile (id 8686157705570c5c73078cd7cc771830): a folder that
rem holds scripts of another compile is refused before anything runs.
findstr /r /c:"^rem mrb compile id 8686157705570c5c73078cd7cc771830$" "rebuild.00.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id 8686157705570c5c73078cd7cc771830$" "rebuild.01.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id 8686157705570c5c73078cd7cc771830$" "rebuild.02.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id 8686157705570c5c73078cd7cc771830$" "rebuild.03.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id 8686157705570c5c73078cd7cc771830$" "rebuild.04.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id 8686157705570c5c73078cd7cc771830$" "rebuild.05.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
rem MRB_PAUSE: pings between two DiskPart runs, one a second
if not defined MRB_PAUSE set "MRB_PAUSE=16"
set "MRB_NOW=%TEMP%\rebuild.now.txt"
rem The stale-plan guard: the server must still show every row of the
rem listing that this plan relies on, before anything is changed.
echo mrb: checking that the server still matches the listing
diskpart /s rebuild.00.diskpart.txt > "%MRB_NOW%"
if errorlevel 1 goto guard_failed
findstr /r /c:"^  Volume 0     C   Windows      NTFS   Mirror      1862 GB  Failed Rd  Boot *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Volume 0     C   Windows      NTFS   Mirror      1862 GB  Failed Rd  Boot& goto stale)
findstr /r /c:"^  Disk 0    Online         1863 GB      0 B   \*    \* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk 0    Online         1863 GB      0 B   *    *& goto stale)
findstr /r /c:"^  Disk M0   Missing            0 B      0 B   \* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk M0   Missing            0 B      0 B   *& goto stale)
findstr /r /c:"^  Disk 1    Online         1863 GB  1863 GB *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk 1    Online         1863 GB  1863 GB& goto stale)
echo mrb: step 1 of 5: Remove the replaced disk from the configuration
diskpart /s rebuild.01.diskpart.txt
if errorlevel 1 goto fail_1
echo mrb: step 2 of 5: Initialise the replacement disk (GPT)
rem DiskPart asks for a pause between two runs
ping -n %MRB_PAUSE% 127.0.0.1 >nul
diskpart /s rebuild.02.diskpart.txt
if errorlevel 1 goto fail_2
echo mrb: step 3 of 5: Mirror every volume onto the replacement disk
rem DiskPart asks for a pause between two runs
ping -n %MRB_PAUSE% 127.0.0.1 >nul
diskpart /s rebuild.03.diskpart.txt
if errorlevel 1 goto fail_3
echo mrb: step 4 of 5: Copy the boot environment to the replacement disk
rem DiskPart asks for a pause between two runs
ping -n %MRB_PAUSE% 127.0.0.1 >nul
diskpart /s rebuild.04.diskpart.txt
if errorlevel 1 goto fail_4
rem mrb:68 src -> S:, dst -> T:
robocopy s:\ t:\ * /e /copyall /xf BCD.* /xd "System Volume Information"
if errorlevel 8 goto fail_4
rem mrb:69 dst -> T:
bcdedit /export t:\EFI\Microsoft\Boot\BCD
if errorlevel 1 goto fail_4
rem mrb:70 dst -> T:
bcdedit /store t:\EFI\Microsoft\Boot\BCD /set {bootmgr} device partition=t:
if errorlevel 1 goto fail_4
echo mrb: step 5 of 5: Remove the temporary drive letters
rem DiskPart asks for a pause between two runs
ping -n %MRB_PAUSE% 127.0.0.1 >nul
diskpart /s rebuild.05.diskpart.txt
if errorlevel 1 goto fail_5
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
echo mrb: step 2 failed: Initialise the replacement disk (GPT)
echo mrb: step 1 is done; step 2 may be part-done: look at
echo mrb: the server with diskpart (list disk, list volume) before going on.
echo mrb: what this step runs, in order:
echo   select disk 1
echo   clean
echo   convert gpt
echo   select partition 1
echo   delete partition override
echo   create partition efi size=350
echo   format quick fs=fat32 label=EFI
echo   assign letter=t
echo   create partition msr size=128
exit /b 1
:fail_3
echo mrb: step 3 failed: Mirror every volume onto the replacement disk
echo mrb: steps 1 to 2 are done; step 3 may be part-done: look at
echo mrb: the server with diskpart (list disk, list volume) before going on.
echo mrb: what this step runs, in order:
echo   select volume c
echo   add disk 1
exit /b 1
:fail_4
echo mrb: step 4 failed: Copy the boot environment to the replacement disk
echo mrb: steps 1 to 3 are done; step 4 may be part-done: look at
echo mrb: the server with diskpart (list disk, list volume) before going on.
echo mrb: what this step runs, in order:
echo   select disk 0
echo   select partition 1
echo   assign letter=s
echo   robocopy s:\ t:\ * /e /copyall /xf BCD.* /xd "System Volume Information"
echo   bcdedit /export t:\EFI\Microsoft\Boot\BCD
echo   bcdedit /store t:\EFI\Microsoft\Boot\BCD /set {bootmgr} device partition=t:
exit /b 1
:fail_5
echo mrb: step 5 failed: Remove the temporary drive letters
echo mrb: steps 1 to 4 are done; step 5 may be part-done: look at
echo mrb: the server with diskpart (list disk, list volume) before going on.
echo mrb: what this step runs, in order:
echo   select volume s
echo   remove
echo   select volume t
echo   remove
exit /b 1
:not_this_compile
echo mrb: the scripts beside this driver are not all of its compile: the folder
echo mrb: holds files of another compile of rebuild.mrb; nothing was changed.
echo mrb: compile again into this folder.
exit /b 1
