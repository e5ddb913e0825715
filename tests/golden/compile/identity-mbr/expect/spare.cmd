@echo off
rem This file was written by mrb; edit the .mrb procedure, not this file.
rem Procedure: Rebuild the system mirror after a disk replacement (MBR)
rem Compiled from spare.mrb against the listing hot-spare.txt (SHA-256 of each below).
rem mrb procedure spare.mrb sha256 ec0bdd4d11de543db6a5bfce291e76f481240d05f56868f9e66dd01a0aaf87d3
rem mrb listing hot-spare.txt sha256 b47c7df540dc369d293759c33ba8480c7c430cc2d8016638f7581ef1aab3093b
rem plan, disk by disk (names as the procedure gives them):
rem   Disk 0    447 GB  dynamic MBR   survivor: only read
rem            model "INTEL SSDSC2KB480G8", Disk ID 5C3A9E10, location "PCIROOT(0)#PCI(1F02)#ATA(C00T00L00)", serial PHYF8123004N480BGN, SATA, 480103981056 bytes
rem   Disk 1    447 GB  basic MBR     replacement: erased or re-initialised, the one disk that may be (the listing shows it blank: no partition, no volume, Free = Size); made dynamic; receives a plex of C:
rem            model "INTEL SSDSC2KB480G8", Disk ID 00000000, location "PCIROOT(0)#PCI(1F02)#ATA(C00T01L00)", serial PHYF8123007Q480BGN, SATA, 480103981056 bytes
rem   Disk 2    447 GB  basic MBR     (no name): only read
rem            model "SAMSUNG MZ7LH480HAHQ", Disk ID 00000000, location "PCIROOT(0)#PCI(1F02)#ATA(C00T02L00)", serial S455NY0M812345, SATA, 480103981056 bytes
rem   Disk M0      0 B  Missing       missing: removed from the configuration ('delete disk')
rem assumed disk 1 has room for volume 0 as disk 0 does: both are 480103981056 bytes (the inventory)
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
rem Every script must be of this compile (id 2b0621aab8299ac25f9ba8d85ae4e9ab): a folder that
rem holds scripts of another compile is refused before anything runs.
findstr /r /c:"^rem mrb compile id 2b0621aab8299ac25f9ba8d85ae4e9ab$" "%MRB_NAME%.00.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id 2b0621aab8299ac25f9ba8d85ae4e9ab$" "%MRB_NAME%.00.disk1.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id 2b0621aab8299ac25f9ba8d85ae4e9ab$" "%MRB_NAME%.00.disk0.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id 2b0621aab8299ac25f9ba8d85ae4e9ab$" "%MRB_NAME%.01.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id 2b0621aab8299ac25f9ba8d85ae4e9ab$" "%MRB_NAME%.02.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
findstr /r /c:"^rem mrb compile id 2b0621aab8299ac25f9ba8d85ae4e9ab$" "%MRB_NAME%.03.diskpart.txt" >nul 2>&1
if errorlevel 1 goto not_this_compile
rem The stale-plan guard: the server must still show every row of the
rem listing that this plan relies on, before anything is changed.
echo mrb: checking that the server still matches the listing
call :diskpart 00 quiet
if errorlevel 1 goto guard_failed
findstr /r /c:"^  Volume 0     C   Windows      NTFS   Mirror       447 GB  Failed Rd  System *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Volume 0     C   Windows      NTFS   Mirror       447 GB  Failed Rd  System& goto stale)
findstr /r /c:"^  Disk M0   Missing            0 B      0 B   \* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk M0   Missing            0 B      0 B   *& goto stale)
findstr /r /c:"^  Disk 0    Online          447 GB      0 B   \* *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk 0    Online          447 GB      0 B   *& goto stale)
findstr /r /c:"^  Disk 1    Online          447 GB   447 GB *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: the server no longer shows:& echo   Disk 1    Online          447 GB   447 GB& goto stale)
rem The identity guard: each disk this plan writes or reads must be the physical
rem disk the listing captured: its detail disk shows the same model, Disk ID
rem and Location Path.
echo mrb: checking that Disk 1 is the disk the listing captured
call :diskpart 00.disk1 quiet
if errorlevel 1 goto guard_failed
findstr /r /c:"^ *INTEL SSDSC2KB480G8 *$" "%MRB_NOW%" >nul
if not errorlevel 1 goto same_disk1_0
echo mrb: Disk 1 does not show the model the listing captured:
echo   INTEL SSDSC2KB480G8
goto not_the_disk
:same_disk1_0
findstr /r /c:"^.*: *00000000 *$" "%MRB_NOW%" >nul
if not errorlevel 1 goto same_disk1_1
echo mrb: Disk 1 does not show the Disk ID the listing captured:
echo   00000000
goto not_the_disk
:same_disk1_1
findstr /r /c:"^.*: *PCIROOT.0..PCI.1F02..ATA.C00T01L00. *$" "%MRB_NOW%" >nul
if not errorlevel 1 goto same_disk1_2
echo mrb: Disk 1 does not show the Location Path the listing captured:
echo   PCIROOT(0)#PCI(1F02)#ATA(C00T01L00)
goto not_the_disk
:same_disk1_2
echo mrb: checking that Disk 0 is the disk the listing captured
call :diskpart 00.disk0 quiet
if errorlevel 1 goto guard_failed
findstr /r /c:"^ *INTEL SSDSC2KB480G8 *$" "%MRB_NOW%" >nul
if not errorlevel 1 goto same_disk0_0
echo mrb: Disk 0 does not show the model the listing captured:
echo   INTEL SSDSC2KB480G8
goto not_the_disk
:same_disk0_0
findstr /r /c:"^.*: *5C3A9E10 *$" "%MRB_NOW%" >nul
if not errorlevel 1 goto same_disk0_1
echo mrb: Disk 0 does not show the Disk ID the listing captured:
echo   5C3A9E10
goto not_the_disk
:same_disk0_1
findstr /r /c:"^.*: *PCIROOT.0..PCI.1F02..ATA.C00T00L00. *$" "%MRB_NOW%" >nul
if not errorlevel 1 goto same_disk0_2
echo mrb: Disk 0 does not show the Location Path the listing captured:
echo   PCIROOT(0)#PCI(1F02)#ATA(C00T00L00)
goto not_the_disk
:same_disk0_2
goto same_disks
:not_the_disk
>>"%MRB_LOG%" echo [%date% %time%] mrb: a disk is not the one captured: nothing was changed
echo mrb: so it is not the physical disk the listing captured: another disk is
echo mrb: in its place, or the disks were renumbered.  Nothing was changed.
echo mrb: if a disk was replaced, make sure the failed one was pulled, not the
echo mrb: one to keep.  Look at the server (diskpart: list disk, select disk N,
echo mrb: detail disk), then capture a new listing and compile again.
exit /b 1
:same_disks
echo mrb: step 1 of 3: Remove the replaced disk from the configuration
>>"%MRB_LOG%" echo [%date% %time%] mrb: step 1 of 3
call :diskpart 01
if errorlevel 1 goto fail_1
echo mrb: step 2 of 3: Initialise the replacement disk
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
findstr /r /c:"^  Disk 2    Online          447 GB   *[0-9][0-9]* [KMGT]*B * *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: not shown:&echo   Disk 2    Online          447 GB   447 GB& set "MRB_DIFF=1")
findstr /r /c:"^  Volume [0-9][0-9]* *C   Windows      NTFS   Mirror       447 GB  [RH][ee][ba][ul][it][lh][dy]    System *$" "%MRB_NOW%" >nul
if errorlevel 1 (echo mrb: not shown:&echo   Volume 0     C   Windows      NTFS   Mirror       447 GB  Rebuild    System& set "MRB_DIFF=1")
set /a "MRB_DISKS=0, MRB_VOLS=0"
for /f "usebackq tokens=1,2" %%a in ("%MRB_NOW%") do (
if "%%a"=="Disk" if not "%%b"=="###" set /a "MRB_DISKS+=1"
if "%%a"=="Volume" if not "%%b"=="###" set /a "MRB_VOLS+=1"
)
if not "%MRB_DISKS%"=="3" (echo mrb: the server shows %MRB_DISKS% disks, not 3& set "MRB_DIFF=1")
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
echo mrb: step 2 failed: Initialise the replacement disk
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
