# mrb - build, test and demo.
#
#   make            build build/mrbc
#   make demo       run mrbc on the bundled example
#   make test       every test; ends with "N passed, N failed"
#   make SAN=1 test the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make check-asan shorthand for the line above
#   make windows    cross-compile build/mrbc.exe (mingw-w64)
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

.PHONY: all demo test check-asan windows clean deps-build deps-test
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

test: $(O)/mrbc $(UNIT_BIN)
	$(Q)MRBC=$(CURDIR)/$(O)/mrbc UNIT_DIR=$(CURDIR)/$(O)/tests bash tests/run.sh

check-asan:
	$(Q)$(MAKE) --no-print-directory SAN=1 test

demo: $(O)/mrbc
	@echo "== mrbc listing examples/listings/seed-gpt.txt"
	$(Q)$(O)/mrbc listing examples/listings/seed-gpt.txt

windows:
	$(Q)$(call need,x86_64-w64-mingw32-gcc,gcc-mingw-w64-x86-64)
	$(Q)$(MAKE) --no-print-directory O=build/win CC=x86_64-w64-mingw32-gcc AR=x86_64-w64-mingw32-ar \
	    EXE=.exe SAN= CFLAGS="-O2 -g -D__USE_MINGW_ANSI_STDIO=1" build/win/mrbc.exe
	$(Q)cp build/win/mrbc.exe build/mrbc.exe
	@echo "  built build/mrbc.exe"

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
