#!/usr/bin/env bash
# apt_lock.sh - when another apt holds dpkg's lock, the Makefile's `need`
# (which installs a missing tool) says so plainly instead of printing apt's
# raw error; apt's other errors are shown as they are.  A stand-in apt-get
# on PATH plays apt.
set -u
. "$(dirname "$0")/common.bash"
cd "$root"
fail=0
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PATH="$work:$PATH" make -s --no-print-directory \
    --eval 'apt-need-test: ; $(call need,no-such-command-for-mrb,some-package)' apt-need-test SUDO= 2>&1; }
# $1: what apt-get prints, $2: what make must say
try() {
    printf '#!/bin/sh\necho "%s" >&2\nexit 100\n' "$1" >"$work/apt-get"
    chmod +x "$work/apt-get"
    out=$(mk) && { echo "FAIL: make succeeded with apt failing"; fail=1; }
    grep -qF "$2" <<<"$out" || { echo "FAIL: apt said '$1'; make said: $out"; fail=1; }
}
try "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt)" \
    "make: another apt or dpkg is running (it holds the package lock): wait for it to finish"
try "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?" \
    "make: another apt or dpkg is running"
try "E: Unable to locate package some-package" "E: Unable to locate package some-package"
exit $fail
