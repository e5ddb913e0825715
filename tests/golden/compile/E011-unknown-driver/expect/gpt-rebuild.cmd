@echo off
rem the rebuild of srv-a, by hand
diskpart /s gpt-rebuild.01.diskpart.txt
