# mrb - build, test and demo.
#
#   make            build build/mrbc
#   make demo       run mrbc on the bundled example
#   make test       every test; ends with "N passed, N failed"
#   make SAN=1 test the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make check-asan shorthand for the line above
#   make windows    cross-compile build/mrbc.exe (mingw-w64)
#   make test-windows  run the emitted .cmd driver and mrbc.exe run under wine
#   make V=1 ...    show the commands
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

# Warnings, grouped: the baseline, then the ones that catch real bugs in C.
WARN_BASE := -Wall -Wextra -Werror
WARN_C := -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wundef \
          -Wpointer-arith -Wcast-qual -Wwrite-strings -Wvla
WARN_CONV := -Wconversion -Wno-sign-conversion

CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 $(CFLAGS) $(SANFLAGS) -MMD -MP -iquote runtime -iquote grammar -iquote compiler -iquote $(O)/gen
LDFLAGS += $(SANFLAGS)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL = $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
# $(call need,command,package): install package when command is missing
need = command -v $(1) >/dev/null 2>&1 || { echo "  APT     $(2)"; \
        $(SUDO) apt-get update -qq >/dev/null && $(APT_INSTALL) $(2) >/dev/null; }

RE_SRC := $(wildcard grammar/*.re runtime/*.re compiler/*.re)
Y_SRC := $(wildcard grammar/*.y)
C_SRC := $(wildcard grammar/*.c runtime/*.c compiler/*.c)
MAIN_SRC := compiler/main.c
GEN_C := $(patsubst %.re,$(O)/gen/%.c,$(notdir $(RE_SRC))) \
         $(patsubst %.y,$(O)/gen/%.tab.c,$(notdir $(Y_SRC)))
GEN_H := $(patsubst %.y,$(O)/gen/%.tab.h,$(notdir $(Y_SRC)))
LIB_OBJ := $(patsubst %.c,$(O)/obj/%.o,$(filter-out $(MAIN_SRC),$(C_SRC))) \
           $(patsubst $(O)/gen/%.c,$(O)/obj/gen/%.o,$(GEN_C))
MAIN_OBJ := $(O)/obj/compiler/main.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRC))
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
REPLAY_BIN := $(patsubst %,$(O)/tests/replay_%,$(FUZZ_NAMES))
FUZZ_SECONDS ?= 60

.PHONY: all demo test test-windows check-asan windows clean fuzz fuzz-smoke valgrind coverage
.DELETE_ON_ERROR:
.SECONDARY:

all: $(O)/mrbc$(EXE)

$(O)/.have-build-tools:
	$(Q)mkdir -p $(@D)
	$(Q)$(call need,re2c,re2c)
	$(Q)$(call need,bison,bison)
	$(Q)touch $@

$(O)/.have-cmocka:
	$(Q)mkdir -p $(@D)
	$(Q)[ -f /usr/include/cmocka.h ] || { echo "  APT     libcmocka-dev"; \
	    $(SUDO) apt-get update -qq >/dev/null && $(APT_INSTALL) libcmocka-dev >/dev/null; }
	$(Q)touch $@

$(O)/gen/%.c: grammar/%.re | $(O)/.have-build-tools
	@mkdir -p $(@D)
	@echo "  RE2C    $<"
	$(Q)re2c -W -Werror --no-generation-date -o $@ $<

$(O)/gen/%.c: runtime/%.re | $(O)/.have-build-tools
	@mkdir -p $(@D)
	@echo "  RE2C    $<"
	$(Q)re2c -W -Werror --no-generation-date -o $@ $<

$(O)/gen/%.tab.c $(O)/gen/%.tab.h: grammar/%.y | $(O)/.have-build-tools
	@mkdir -p $(@D)
	@echo "  BISON   $<"
	$(Q)bison -Wall -Werror -o $(O)/gen/$*.tab.c --header=$(O)/gen/$*.tab.h $<

# Every object may include a generated header: build those first.
$(O)/obj/%.o: %.c | $(GEN_H)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(WARN_BASE) $(WARN_C) $(WARN_CONV) -c -o $@ $<

# Generated code: the same warnings but for conversions, which re2c and
# bison output does not keep.
$(O)/obj/gen/%.o: $(O)/gen/%.c | $(GEN_H)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(WARN_BASE) -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-label -c -o $@ $<

$(O)/libmrb.a: $(LIB_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(O)/mrbc$(EXE): $(MAIN_OBJ) $(O)/libmrb.a
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^

$(O)/tests/%: tests/unit/%.c $(O)/libmrb.a | $(O)/.have-cmocka $(GEN_H)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(WARN_BASE) -Wno-unused-parameter -o $@ $< $(O)/libmrb.a $(LDFLAGS) -lcmocka

# The fuzz targets, linked with a plain driver, replay their corpus as tests.
$(O)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(O)/libmrb.a | $(GEN_H)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(WARN_BASE) -o $@ $< tests/fuzz/replay.c $(O)/libmrb.a $(LDFLAGS)

test: $(O)/mrbc $(UNIT_BIN) $(REPLAY_BIN)
	$(Q)MRBC=$(CURDIR)/$(O)/mrbc UNIT_DIR=$(CURDIR)/$(O)/tests bash tests/run.sh

# The whole suite under valgrind: any error or leak fails the case.
valgrind: $(O)/mrbc $(UNIT_BIN) $(REPLAY_BIN)
	$(Q)$(call need,valgrind,valgrind)
	$(Q)WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect" \
	    MRBC=$(CURDIR)/$(O)/mrbc UNIT_DIR=$(CURDIR)/$(O)/tests bash tests/run.sh

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
	$(Q)for t in $(FUZZ_NAMES); do echo "  FUZZ    $$t"; \
	    clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	    -iquote runtime -iquote grammar -iquote compiler -iquote build/fuzzlib/gen \
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

# Line and branch coverage per folder (gcov + gcovr).
coverage:
	$(Q)$(call need,gcovr,gcovr)
	$(Q)rm -rf build/cov
	$(Q)$(MAKE) --no-print-directory O=build/cov CFLAGS="-O0 -g --coverage" LDFLAGS=--coverage test >/dev/null
	$(Q)for d in grammar runtime compiler; do echo "== $$d/ (generated code counted at its .re/.y lines)"; \
	    gcovr -r . --object-directory build/cov --filter "$$d/" \
	        --exclude-unreachable-branches -s 2>/dev/null | grep -E '^(lines|branches):'; done

check-asan:
	$(Q)$(MAKE) --no-print-directory SAN=1 test

# The main job on the bundled example: the guide's GPT procedure, checked,
# then compiled against the guide's server into build/demo/.
demo: $(O)/mrbc
	@echo "== mrbc check examples/gpt-rebuild.mrb examples/mbr-rebuild.mrb"
	$(Q)$(O)/mrbc check examples/gpt-rebuild.mrb examples/mbr-rebuild.mrb
	@echo "== mrbc listing examples/listings/seed-gpt-probed.txt"
	$(Q)$(O)/mrbc listing examples/listings/seed-gpt-probed.txt
	@echo "== mrbc compile examples/gpt-rebuild.mrb --listing examples/listings/seed-gpt-probed.txt -o build/demo"
	$(Q)mkdir -p build/demo
	$(Q)$(O)/mrbc compile examples/gpt-rebuild.mrb --listing examples/listings/seed-gpt-probed.txt -o build/demo
	$(Q)for f in build/demo/gpt-rebuild.0[1-9].diskpart.txt; do echo "== $$f"; tr -d '\r' <$$f; done

windows:
	$(Q)$(call need,x86_64-w64-mingw32-gcc,gcc-mingw-w64-x86-64)
	$(Q)$(MAKE) --no-print-directory O=build/win CC=x86_64-w64-mingw32-gcc AR=x86_64-w64-mingw32-ar \
	    EXE=.exe SAN= CFLAGS="-O2 -g -D__USE_MINGW_ANSI_STDIO=1" build/win/mrbc.exe
	$(Q)cp build/win/mrbc.exe build/mrbc.exe
	@echo "  built build/mrbc.exe"

# The emitted .cmd driver, run by cmd.exe under wine against stand-ins for
# diskpart (the Windows build of mrbc sim), findstr, fltmc, robocopy and
# bcdedit; then mrbc.exe run against the same stand-ins, killed after every
# command and resumed.
test-windows: $(O)/mrbc windows
	$(Q)$(call need,wine,wine64)
	$(Q)$(call need,x86_64-w64-mingw32-gcc,gcc-mingw-w64-x86-64)
	$(Q)x86_64-w64-mingw32-gcc -O2 -Wall -Wextra -Werror -o build/standin.exe tests/windows/standin.c
	$(Q)MRBC=$(CURDIR)/$(O)/mrbc MRBC_EXE=$(CURDIR)/build/mrbc.exe STANDIN_EXE=$(CURDIR)/build/standin.exe \
	    bash tests/windows/driver.sh
	$(Q)MRBC=$(CURDIR)/$(O)/mrbc MRBC_EXE=$(CURDIR)/build/mrbc.exe STANDIN_EXE=$(CURDIR)/build/standin.exe \
	    bash tests/windows/run.sh

# T2 at the issue's figure (RELIABILITY.md section 7): SOAK_RUNS runs of the
# GPT example killed at random moments and resumed, every step boundary hit
# at least 10 times; a few minutes.  Not part of `make test`, which runs the
# same script for about 20 seconds.
SOAK_RUNS ?= 1000
.PHONY: soak
soak: $(O)/mrbc
	$(Q)MRBC=$(CURDIR)/$(O)/mrbc KILL_LOOP_RUNS=$(SOAK_RUNS) KILL_LOOP_MIN_HITS=10 KILL_LOOP_MAX_SECONDS=1800 \
	    bash tests/scripts/run_kill_loop.sh

# Benchmarks (bench/README.md): the figures of issue 8 beside their references
# and budgets, as one table, in a few minutes.  Not part of `make test`.
.PHONY: bench
bench: $(O)/mrbc
	$(Q)$(call need,hyperfine,hyperfine)
	$(Q)$(call need,/usr/bin/time,time)
	$(Q)MRBC=$(O)/mrbc CC=$(CC) BENCH_DIR=build/bench sh bench/run.sh

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
