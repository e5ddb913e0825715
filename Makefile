# mrb - build, test and demo.
#
#   make            build build/mrb
#   make demo       run mrb on the bundled example
#   make test       every test; ends with "N passed, N failed"
#   make check-long the long checks in full (every kill point, the whole
#                   in-doubt matrix, the 1,000-run kill loop)
#   make SAN=1 test the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make check-asan shorthand for the line above
#   make windows    cross-compile build/mrb.exe (mingw-w64)
#   make test-windows  run the emitted .cmd driver and mrb.exe run under wine
#   make test-fleet    the Ansible plays of ansible/ against a test fleet
#   make test-browser  render the review page in headless Chromium
#   make install    install mrb, its manuals, shell completion and editor
#                   files under PREFIX (/usr/local), staged under DESTDIR,
#                   and SPEC.md, README.md, examples/ in PREFIX/share/doc/mrb
#   make uninstall  remove what make install installed
#   make dist       build/mrb-VERSION.tar.gz from the committed tree
#   make distcheck  unpack that tarball, then build and test it there
#   make V=1 ...    show the commands; make -s: nothing but errors and results
#
# Missing tools (re2c, bison, cmocka, mingw-w64) are installed with apt-get
# the first time they are needed (with sudo when not root).

O ?= build
EXE ?=
CC ?= cc
ifeq ($(CC),cc)
CC := gcc
endif

ifeq ($(SAN),1)
O := build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Progress lines ("  CC      file.c"); none under make -s.
ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
SAY := :
else
SAY := echo
endif

# Warnings, grouped: the baseline, then the ones that catch real bugs in C.
WARN_BASE := -Wall -Wextra -Werror
WARN_C := -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wundef \
          -Wpointer-arith -Wcast-qual -Wwrite-strings -Wvla
WARN_CONV := -Wconversion -Wno-sign-conversion

CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 $(CFLAGS) $(SANFLAGS) -MMD -MP -iquote runtime -iquote grammar -iquote compiler -iquote $(O)/gen
LDFLAGS += $(SANFLAGS)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Another apt running (an unattended upgrade) holds dpkg's lock: wait for it
# up to APT_LOCK_WAIT seconds, then say so plainly instead of apt's error.
APT_LOCK_WAIT ?= 120
APT_GET = $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=$(APT_LOCK_WAIT)
APT_INSTALL = $(APT_GET) install -y -qq
APT_LOCKED = { echo "make: another apt or dpkg is running (it holds the package lock): wait for it to \
finish, then run make again (or install $(1) by hand)" >&2; exit 1; }
# $(call need,command,package): install package when command is missing
need = command -v $(1) >/dev/null 2>&1 || { $(SAY) "  APT     $(2)"; e=$$(mktemp); \
        { $(APT_GET) update -qq >/dev/null 2>$$e && $(APT_INSTALL) $(2) >/dev/null 2>>$$e; } || \
        { grep -q 'Could not get lock\|Unable to acquire the dpkg' $$e && { rm -f $$e; $(call APT_LOCKED,$(2)); }; \
          cat $$e >&2; rm -f $$e; exit 1; }; rm -f $$e; }

# The sources, in folders by job (docs/PIPELINE.md): grammar/ (the .mrb
# language, the readers of captures), compiler/ (check, plan, out, run,
# cli), runtime/ (base, diskpart, server).
SRC_DIRS := $(wildcard grammar/*/ compiler/*/ runtime/*/)
RE_SRC := $(wildcard $(addsuffix *.re,$(SRC_DIRS)))
Y_SRC := $(wildcard $(addsuffix *.y,$(SRC_DIRS)))
C_SRC := $(wildcard $(addsuffix *.c,$(SRC_DIRS)))
MAIN_SRC := compiler/cli/main.c
GEN_C := $(patsubst %.re,$(O)/gen/%.c,$(notdir $(RE_SRC))) \
         $(patsubst %.y,$(O)/gen/%.tab.c,$(notdir $(Y_SRC)))
GEN_H := $(patsubst %.y,$(O)/gen/%.tab.h,$(notdir $(Y_SRC)))
# `mrb explain`'s texts, taken from SPEC.md (runtime/base/diag_explain.awk)
GEN_H += $(O)/gen/diag_explain.h
LIB_OBJ := $(patsubst %.c,$(O)/obj/%.o,$(filter-out $(MAIN_SRC),$(C_SRC))) \
           $(patsubst $(O)/gen/%.c,$(O)/obj/gen/%.o,$(GEN_C))
MAIN_OBJ := $(O)/obj/compiler/cli/main.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRC))
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
REPLAY_BIN := $(patsubst %,$(O)/tests/replay_%,$(FUZZ_NAMES))
FUZZ_SECONDS ?= 60

.PHONY: all demo test test-windows check-asan windows clean fuzz fuzz-smoke valgrind coverage
.DELETE_ON_ERROR:
.SECONDARY:

all: $(O)/mrb$(EXE)

$(O)/.have-build-tools:
	$(Q)mkdir -p $(@D)
	$(Q)$(call need,re2c,re2c)
	$(Q)$(call need,bison,bison)
	$(Q)touch $@

$(O)/.have-cmocka:
	$(Q)mkdir -p $(@D)
	$(Q)[ -f /usr/include/cmocka.h ] || { $(SAY) "  APT     libcmocka-dev"; \
	    $(APT_GET) update -qq >/dev/null && $(APT_INSTALL) libcmocka-dev >/dev/null; }
	$(Q)touch $@

# Tools only tests need: groff (man_pages.sh), zsh (completion.sh), vim and
# python3 (editor_grammars.sh), PyYAML (ci_files.sh), jsonschema
# (json_schema.sh), all in tests/scripts/.
$(O)/.have-test-tools:
	$(Q)mkdir -p $(@D)
	$(Q)$(call need,groff,groff-base)
	$(Q)$(call need,man,man-db)
	$(Q)$(call need,zsh,zsh)
	$(Q)$(call need,vim,vim)
	$(Q)$(call need,python3,python3)
	$(Q)/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || { $(SAY) "  APT     python3-jsonschema"; $(SUDO) apt-get update -qq >/dev/null && $(APT_INSTALL) python3-jsonschema >/dev/null; }
	$(Q)python3 -c 'import yaml' 2>/dev/null || /usr/bin/python3 -c 'import yaml' 2>/dev/null || \
	    { $(SAY) "  APT     python3-yaml"; $(APT_GET) update -qq >/dev/null && \
	      $(APT_INSTALL) python3-yaml >/dev/null; }
	$(Q)touch $@

# Generated files go flat into $(O)/gen, found by their sources' name.
vpath %.re $(SRC_DIRS)
vpath %.y $(SRC_DIRS)

$(O)/gen/%.c: %.re | $(O)/.have-build-tools
	@mkdir -p $(@D)
	@$(SAY) "  RE2C    $<"
	$(Q)re2c -W -Werror --no-generation-date -o $@ $<

$(O)/gen/%.tab.c $(O)/gen/%.tab.h: %.y | $(O)/.have-build-tools
	@mkdir -p $(@D)
	@$(SAY) "  BISON   $<"
	$(Q)bison -Wall -Werror -o $(O)/gen/$*.tab.c --header=$(O)/gen/$*.tab.h $<

$(O)/gen/diag_explain.h: runtime/base/diag_explain.awk runtime/base/diag_codes.def SPEC.md
	@mkdir -p $(@D)
	@$(SAY) "  AWK     SPEC.md"
	$(Q)awk -f runtime/base/diag_explain.awk runtime/base/diag_codes.def SPEC.md >$@

# Every object may include a generated header: build those first.
$(O)/obj/%.o: %.c | $(GEN_H)
	@mkdir -p $(@D)
	@$(SAY) "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(WARN_BASE) $(WARN_C) $(WARN_CONV) -c -o $@ $<

# Generated code: the same warnings but for conversions, which re2c and
# bison output does not keep.
$(O)/obj/gen/%.o: $(O)/gen/%.c | $(GEN_H)
	@mkdir -p $(@D)
	@$(SAY) "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(WARN_BASE) -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-label -c -o $@ $<

$(O)/libmrb.a: $(LIB_OBJ)
	@$(SAY) "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(O)/mrb$(EXE): $(MAIN_OBJ) $(O)/libmrb.a
	@$(SAY) "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^

$(O)/tests/%: tests/unit/%.c $(O)/libmrb.a | $(O)/.have-cmocka $(GEN_H)
	@mkdir -p $(@D)
	@$(SAY) "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(WARN_BASE) -Wno-unused-parameter -o $@ $< $(O)/libmrb.a $(LDFLAGS) -lcmocka

# The fuzz targets, linked with a plain driver, replay their corpus as tests.
$(O)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(O)/libmrb.a | $(GEN_H)
	@mkdir -p $(@D)
	@$(SAY) "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(WARN_BASE) -DMRB_TOP='"$(CURDIR)"' -o $@ $< tests/fuzz/replay.c $(O)/libmrb.a $(LDFLAGS)

# tests/run.sh runs JOBS jobs at once (default: the number of cores) and
# keeps each one's output under $(O)/test-log.
test: $(O)/mrb $(UNIT_BIN) $(REPLAY_BIN) | $(O)/.have-test-tools
	$(Q)$(call need,strace,strace)
	$(Q)MRBC=$(CURDIR)/$(O)/mrb UNIT_DIR=$(CURDIR)/$(O)/tests TEST_LOG=$(CURDIR)/$(O)/test-log bash tests/run.sh

# The long set (docs/TESTING.md, "Long checks"): the scripts whose header
# has a "# long:" line, with TEST_LONG=1, which makes each sweep in full:
# compile and run killed at every file system call of their kinds, every
# DiskPart command killed and resumed, the whole in-doubt matrix, the kill
# loop at 1,000 runs with every step boundary hit 10 times.  About 3
# minutes on 2 cores; .ci/run runs it after make test.
.PHONY: check-long soak
check-long: $(O)/mrb $(O)/tests/test_property | $(O)/.have-test-tools
	$(Q)$(call need,strace,strace)
	$(Q)MRBC=$(CURDIR)/$(O)/mrb UNIT_DIR=$(CURDIR)/$(O)/tests TEST_LOG=$(CURDIR)/$(O)/test-log-long TEST_LONG=1 \
	    bash tests/run.sh

# The name the long kill loops had before check-long.
soak: check-long

# The whole suite under valgrind: any error or leak fails the case.
valgrind: $(O)/mrb $(UNIT_BIN) $(REPLAY_BIN)
	$(Q)$(call need,valgrind,valgrind)
	$(Q)WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect" \
	    MRBC=$(CURDIR)/$(O)/mrb UNIT_DIR=$(CURDIR)/$(O)/tests bash tests/run.sh

# libFuzzer targets (clang), with ASan and UBSan; fuzz-smoke runs each for
# FUZZ_SECONDS on a scratch copy of its corpus and fails on any finding.
# (clang, unlike gcc, flags vprintf calls whose format comes from a table,
# as the simulator's DiskPart messages do: that one warning is off here.)
fuzz:
	$(Q)$(call need,clang,clang)
	$(Q)$(MAKE) --no-print-directory O=build/fuzzlib CC=clang CFLAGS="-g -O1" \
	    SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
	    WARN_C="$(WARN_C) -Wno-format-nonliteral" build/fuzzlib/libmrb.a
	$(Q)mkdir -p build/fuzz
	$(Q)for t in $(FUZZ_NAMES); do $(SAY) "  FUZZ    $$t"; \
	    clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	    -iquote runtime -iquote grammar -iquote compiler -iquote build/fuzzlib/gen -DMRB_TOP='"$(CURDIR)"' \
	    -o build/fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c build/fuzzlib/libmrb.a || exit 1; done

fuzz-smoke: fuzz
	$(Q)for t in $(FUZZ_NAMES); do \
	    rm -rf build/fuzz/corpus-$$t && mkdir -p build/fuzz/corpus-$$t && \
	    cp tests/fuzz/corpus/$$t/* build/fuzz/corpus-$$t/ && \
	    echo "  FUZZ    $$t for $(FUZZ_SECONDS) s" && \
	    build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=10 \
	        -rss_limit_mb=2048 -dict=tests/fuzz/$$t.dict -artifact_prefix=build/fuzz/crash-$$t- \
	        -print_final_stats=1 build/fuzz/corpus-$$t 2>build/fuzz/$$t.log || \
	        { tail -n 40 build/fuzz/$$t.log; exit 1; }; \
	    grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec' build/fuzz/$$t.log; \
	done

# Line and branch coverage per folder (gcov + gcovr), and the gate: it fails
# when a folder falls below its floor in tests/coverage-floor.txt.
coverage:
	$(Q)$(call need,gcovr,gcovr)
	$(Q)rm -rf build/cov
	$(Q)$(MAKE) --no-print-directory O=build/cov CFLAGS="-O0 -g --coverage" LDFLAGS=--coverage test \
	    >build/coverage-test.log 2>&1 || { grep -E '^(FAILED|---|FAIL)' build/coverage-test.log; \
	    tail -n 5 build/coverage-test.log; exit 1; }
	$(Q)bash tests/coverage_gate.sh build/cov tests/coverage-floor.txt

check-asan:
	$(Q)$(MAKE) --no-print-directory SAN=1 test

# The main job on the bundled example: the guide's GPT procedure, checked,
# then compiled against the guide's server into build/demo/.
demo: $(O)/mrb
	@echo "== mrb check examples/gpt-rebuild.mrb examples/mbr-rebuild.mrb examples/rebuild.mrb"
	$(Q)$(O)/mrb check examples/gpt-rebuild.mrb examples/mbr-rebuild.mrb examples/rebuild.mrb
	@echo "== mrb listing examples/listings/seed-gpt-probed.txt"
	$(Q)$(O)/mrb listing examples/listings/seed-gpt-probed.txt
	@echo "== mrb compile examples/gpt-rebuild.mrb --listing examples/listings/seed-gpt-probed.txt -o build/demo"
	$(Q)mkdir -p build/demo
	$(Q)$(O)/mrb compile examples/gpt-rebuild.mrb --listing examples/listings/seed-gpt-probed.txt -o build/demo
	$(Q)for f in build/demo/gpt-rebuild.0[1-9].diskpart.txt; do echo "== $$f"; tr -d '\r' <$$f; done

windows:
	$(Q)$(call need,x86_64-w64-mingw32-gcc,gcc-mingw-w64-x86-64)
	$(Q)$(MAKE) --no-print-directory O=build/win CC=x86_64-w64-mingw32-gcc AR=x86_64-w64-mingw32-ar \
	    EXE=.exe SAN= CFLAGS="-O2 -g -D__USE_MINGW_ANSI_STDIO=1" build/win/mrb.exe
	$(Q)cp build/win/mrb.exe build/mrb.exe
	@$(SAY) "  built build/mrb.exe"

# The emitted .cmd driver, run by cmd.exe under wine against stand-ins for
# diskpart (the Windows build of mrb sim), findstr, fltmc, robocopy and
# bcdedit; then mrb.exe run against the same stand-ins, killed after every
# command and resumed.
test-windows: $(O)/mrb windows
	$(Q)$(call need,wine,wine64)
	$(Q)$(call need,x86_64-w64-mingw32-gcc,gcc-mingw-w64-x86-64)
	$(Q)x86_64-w64-mingw32-gcc -O2 -Wall -Wextra -Werror -o build/standin.exe tests/windows/standin.c
	$(Q)MRBC=$(CURDIR)/$(O)/mrb MRBC_EXE=$(CURDIR)/build/mrb.exe STANDIN_EXE=$(CURDIR)/build/standin.exe \
	    bash tests/windows/driver.sh
	$(Q)x86_64-w64-mingw32-gcc -O2 -Wall -Wextra -Werror -o build/listing_standin.exe tests/windows/listing_standin.c
	$(Q)MRBC=$(CURDIR)/$(O)/mrb STANDIN_EXE=$(CURDIR)/build/standin.exe \
	    LISTING_STANDIN_EXE=$(CURDIR)/build/listing_standin.exe bash tests/windows/guard_localized.sh
	$(Q)MRBC=$(CURDIR)/$(O)/mrb MRBC_EXE=$(CURDIR)/build/mrb.exe STANDIN_EXE=$(CURDIR)/build/standin.exe \
	    bash tests/windows/run.sh

# The fleet (ansible/): syntax, ansible-lint, and the controller-side plays
# against a fleet of snapshots (ansible/tests/run.sh).  Ansible and
# ansible-lint come from Debian's packages (ansible bundles ansible.windows),
# never from Ansible Galaxy.
.PHONY: test-fleet
test-fleet: $(O)/mrb
	$(Q)$(call need,ansible-playbook,ansible)
	$(Q)$(call need,ansible-lint,ansible-lint)
	$(Q)$(call need,python3,python3)
	$(Q)MRBC=$(CURDIR)/$(O)/mrb bash ansible/tests/run.sh

# NAME.review.html in a real browser: headless Chromium (Debian's package,
# installed the first time) renders each example's page to a PNG; no
# console message, one SVG bar pair per disk (tests/browser/).  Not part of
# `make test`.
.PHONY: test-browser
test-browser: $(O)/mrb
	$(Q)$(call need,chromium,chromium)
	$(Q)MRBC=$(CURDIR)/$(O)/mrb bash tests/browser/review_page.sh

# Benchmarks (bench/README.md): the figures of issue 8 beside their references
# and budgets, as one table, in a few minutes.  Not part of `make test`.
.PHONY: bench
bench: $(O)/mrb
	$(Q)$(call need,hyperfine,hyperfine)
	$(Q)$(call need,/usr/bin/time,time)
	$(Q)MRBC=$(O)/mrb CC=$(CC) BENCH_DIR=build/bench sh bench/run.sh

# Installation: PREFIX as the file system will see it, DESTDIR a staging
# root in front of it (packagers).  Each file goes where its tool looks for
# the prefix used (README.md, "Installing"):
#   PREFIX=/usr        zsh's vendor-completions, vim's $(DATADIR)/vim/vimfiles
#                      (as Debian's packages do);
#   PREFIX=/usr/local  zsh's site-functions; vim's $(DATADIR)/vim/vimfiles when
#                      the vim on this machine reads it, else the site folder
#                      it does read ($$VIM/vimfiles: Debian's vim has no folder
#                      under /usr/local on its runtimepath);
#   any other PREFIX   under PREFIX, as for /usr/local, without asking vim.
# bash-completion reads $(DATADIR)/bash-completion/completions for /usr and
# /usr/local alike.  The TextMate grammar, which editors load by hand or from
# an extension, and the JSON Schemas of the plan and of check's JSON lines
# go under share/mrb.  ZSHDIR= and VIMDIR= override.
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
INSTALL ?= install
VERSION := $(shell sed -n 's/^\#define MRB_VERSION "\(.*\)"/\1/p' runtime/base/version.h)
# vim's own site folder when PREFIX's is not on its runtimepath (else empty);
# asked only by the rules that use it
VIM_SITE = $(shell command -v vim >/dev/null 2>&1 && vim -u NONE -i NONE -N -n -es \
    -c 'let r = split(&rtp, ",")' \
    -c "call writefile([index(r, '$(DATADIR)/vim/vimfiles') >= 0 ? '' : index(r, \$$VIM . '/vimfiles') >= 0 ? \$$VIM . '/vimfiles' : ''], '/dev/stdout')" \
    -c 'qall!' </dev/null 2>/dev/null)
ifeq ($(PREFIX),/usr)
ZSHDIR ?= $(DATADIR)/zsh/vendor-completions
VIMDIR ?= $(DATADIR)/vim/vimfiles
else ifeq ($(PREFIX),/usr/local)
ZSHDIR ?= $(DATADIR)/zsh/site-functions
VIMDIR ?= $(or $(VIM_SITE),$(DATADIR)/vim/vimfiles)
else
ZSHDIR ?= $(DATADIR)/zsh/site-functions
VIMDIR ?= $(DATADIR)/vim/vimfiles
endif
# destination (under DESTDIR) = source file, mode
INSTALL_DATA = \
    $(MANDIR)/man1/mrb.1=docs/mrb.1 \
    $(MANDIR)/man5/mrb.5=docs/mrb.5 \
    $(DATADIR)/bash-completion/completions/mrb=completion/mrb.bash \
    $(ZSHDIR)/_mrb=completion/_mrb \
    $(VIMDIR)/syntax/mrb.vim=editor/vim/syntax/mrb.vim \
    $(VIMDIR)/ftdetect/mrb.vim=editor/vim/ftdetect/mrb.vim \
    $(DATADIR)/mrb/mrb.tmLanguage.json=editor/textmate/mrb.tmLanguage.json \
    $(DATADIR)/mrb/schema/mrb-plan.schema.json=docs/schema/mrb-plan.schema.json \
    $(DATADIR)/mrb/schema/mrb-diagnostic.schema.json=docs/schema/mrb-diagnostic.schema.json
# Folders uninstall leaves even when empty: on the live system (no DESTDIR)
# the prefix's own and those a tool's package makes (zsh's, vim's, where a
# package may own them); under DESTDIR, a staging root, none.
KEEP_DIRS = $(if $(DESTDIR),,/ $(PREFIX) $(BINDIR) $(DATADIR) $(DATADIR)/doc $(MANDIR) $(ZSHDIR) $(VIMDIR) $(VIMDIR)/syntax)

# The documentation and the examples, under DOCDIR with the paths they have
# here, so that the files they name one another by are there too.  mrb
# --help names the folder: PREFIX/share/doc/mrb, PREFIX being the folder
# above the running mrb's; mrb(1) names DOCDIR.
DOCDIR ?= $(DATADIR)/doc/mrb
INSTALL_DOCS := SPEC.md README.md CHANGELOG.md LICENSE runtime/diskpart/MODEL.md docs/DISKPART.md \
    $(sort $(wildcard examples/*.mrb examples/listings/*.txt))

.PHONY: install uninstall dist distcheck
install: $(O)/mrb$(EXE)
	$(Q)$(INSTALL) -d "$(DESTDIR)$(BINDIR)"
	$(Q)$(INSTALL) -m 755 $(O)/mrb$(EXE) "$(DESTDIR)$(BINDIR)/mrb$(EXE)"
	$(Q)for p in $(INSTALL_DATA); do d=$${p%%=*}; f=$${p#*=}; \
	    $(INSTALL) -d "$(DESTDIR)$${d%/*}" && $(INSTALL) -m 644 "$$f" "$(DESTDIR)$$d" || exit 1; done
	$(Q)for f in $(INSTALL_DOCS); do $(INSTALL) -d "$(DESTDIR)$(DOCDIR)/$$(dirname $$f)" && \
	    $(INSTALL) -m 644 "$$f" "$(DESTDIR)$(DOCDIR)/$$f" || exit 1; done
	$(Q)sed -i 's|/usr/local/share/doc/mrb|$(DOCDIR)|g' "$(DESTDIR)$(MANDIR)/man1/mrb.1" "$(DESTDIR)$(MANDIR)/man5/mrb.5"
	@$(SAY) "  INSTALL $(DESTDIR)$(PREFIX)"

# Each file, then each folder above it that it leaves empty, up to a kept one.
uninstall:
	$(Q)for p in $(BINDIR)/mrb$(EXE) $(INSTALL_DATA) $(addprefix $(DOCDIR)/,$(INSTALL_DOCS)); do d=$${p%%=*}; \
	    rm -f "$(DESTDIR)$$d"; d=$${d%/*}; while [ -n "$$d" ] && case " $(KEEP_DIRS) " in *" $$d "*) false;; esac && \
	    rmdir "$(DESTDIR)$$d" 2>/dev/null; do d=$${d%/*}; done; done
	@$(SAY) "  REMOVE  $(DESTDIR)$(PREFIX)"

# The release tarball: every committed file (git archive HEAD), nothing
# generated; it builds with the same make, which installs re2c and bison.
# Only from the top of a git checkout: elsewhere (an unpacked tarball, or a
# copy) git archive would find no tree, or a parent's, and write it.
DIST := mrb-$(VERSION)
dist:
	$(Q)top=$$(git rev-parse --show-prefix 2>/dev/null) && [ -z "$$top" ] || \
	    { echo "make dist: $(CURDIR) is not the top of a git checkout; the tarball is made from its committed tree (git archive HEAD)" >&2; exit 1; }
	$(Q)mkdir -p build
	$(Q)git archive --format=tar.gz --prefix=$(DIST)/ -o build/$(DIST).tar.gz.tmp HEAD && \
	    mv build/$(DIST).tar.gz.tmp build/$(DIST).tar.gz
	@$(SAY) "  DIST    build/$(DIST).tar.gz"

distcheck: dist
	$(Q)rm -rf build/distcheck && mkdir -p build/distcheck
	$(Q)tar -xzf build/$(DIST).tar.gz -C build/distcheck
	$(Q)$(MAKE) --no-print-directory -C build/distcheck/$(DIST) -j2 test
	$(Q)$(MAKE) --no-print-directory -C build/distcheck/$(DIST) install DESTDIR=$(CURDIR)/build/distcheck/root
	$(Q)rm -rf build/distcheck
	@$(SAY) "  OK      build/$(DIST).tar.gz builds, passes make test and installs"

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
