# SPDX-License-Identifier: MIT
# netra: GNU make, no configure step. `make` installs missing Debian
# packages first (.ci/deps.sh), then builds ./netra.
#
#   make            build ./netra
#   make check      warnings as errors, every test, then again under
#                   AddressSanitizer and UndefinedBehaviorSanitizer
#   make demo       the main job on the bundled fixtures
#   make bench      benchmarks (not tests: timings never gate a build)
#   make install    PREFIX=/usr/local DESTDIR=
#   make valgrind   the end-to-end tests under valgrind

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CFLAGS ?= -O2 -g
BUILD ?= build
# The most pairs of repeated code `make lint` lets through (duplicates(1)).
LINT_DUPLICATES ?= 130

PKGS = libcurl sqlite3 libcjson libcrypto
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null || \
	echo -I/usr/include/cjson)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null || \
	echo -lcurl -lsqlite3 -lcjson -lcrypto) -lcsv

WARN = -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wold-style-definition \
	-Wmissing-prototypes -Wvla -Wwrite-strings -Wpointer-arith \
	-Wformat=2 -Wshadow
override CFLAGS += -std=c17 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARN) \
	-fstack-protector-strong -Isrc -I$(BUILD)
DATADIR ?= $(PREFIX)/share/netra
override CPPFLAGS += -D_FORTIFY_SOURCE=2 -DNETRA_DATADIR='"$(DATADIR)"'
ifdef DEVELOPER
override CFLAGS += -Werror
endif
ifdef SANITIZE
override CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=$(SANITIZE) \
	-fno-omit-frame-pointer
override LDFLAGS += -fsanitize=$(SANITIZE)
endif

# Quiet by default; `make V=1` shows the commands.
ifndef V
Q = @
QCC = @echo "  CC      $@";
QLD = @echo "  LINK    $@";
endif

SRCS := $(sort $(wildcard src/*.c src/*/*.c))
LIB_OBJS := $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRCS))) \
	$(BUILD)/schema.o
SCHEMA := $(sort $(wildcard schema/[0-9][0-9][0-9]_*.sql))
UNIT_SRCS := $(sort $(wildcard tests/unit/t_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
E2E := $(sort $(wildcard tests/t[0-9][0-9][0-9][0-9]-*.sh))

NETRA_BIN = $(if $(filter build,$(BUILD)),netra,$(BUILD)/netra)

.PHONY: all deps check test unit-tests demo bench install uninstall clean \
	valgrind lint
.SUFFIXES:

all: $(NETRA_BIN)

deps: $(BUILD)/.deps-ok
$(BUILD)/.deps-ok: .ci/deps.sh
	@mkdir -p $(BUILD)
	@sh .ci/deps.sh
	@touch $@

$(BUILD)/%.o: src/%.c | $(BUILD)/.deps-ok
	@mkdir -p $(@D)
	$(QCC)$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/schema.c: src/store/embed-schema.sh $(SCHEMA) | $(BUILD)/.deps-ok
	@mkdir -p $(@D)
	$(Q)sh src/store/embed-schema.sh $(SCHEMA) > $@.tmp && mv $@.tmp $@

$(BUILD)/schema.o: $(BUILD)/schema.c
	$(QCC)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/libnetra.a: $(LIB_OBJS)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(NETRA_BIN): $(BUILD)/main.o $(BUILD)/libnetra.a
	$(QLD)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libnetra.a
	@mkdir -p $(@D)
	$(QLD)$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit $(LDFLAGS) \
		-o $@ $< $(BUILD)/libnetra.a $(PKG_LIBS)

unit-tests: $(UNIT_BINS)

# One suite run: the unit binaries and the end-to-end scripts under prove.
test: $(NETRA_BIN) $(UNIT_BINS)
	NETRA_BIN=$(abspath $(NETRA_BIN)) NETRA_SRC=$(CURDIR) \
		prove --exec '' $(PROVE_FLAGS) $(UNIT_BINS) $(E2E)

check:
	@sh .ci/deps.sh
	@NETRA_DEPS_EXTRA="chromium openssl" sh .ci/deps.sh || \
		echo "netra: chromium or openssl missing: the report" \
		"screenshot, page capture and timestamp tests skip"
	$(MAKE) DEVELOPER=1 test
	$(MAKE) DEVELOPER=1 BUILD=build/san SANITIZE=address,undefined \
		CFLAGS='-O1 -g' test

VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite

valgrind: $(NETRA_BIN) $(UNIT_BINS)
	NETRA_BIN=$(abspath $(NETRA_BIN)) NETRA_SRC=$(CURDIR) \
		NETRA_WRAP='$(VALGRIND)' prove --exec '' $(E2E)
	for t in $(UNIT_BINS); do NETRA_SRC=$(CURDIR) $(VALGRIND) $$t \
		>/dev/null || exit 1; done

demo: $(NETRA_BIN)
	@sh tests/demo.sh

bench: $(NETRA_BIN)
	@sh tests/bench/run.sh

# The style rules a machine can check (tests/checksrc.py says which), and
# the manual pages.
lint:
	python3 tests/checksrc.py --duplicates $(LINT_DUPLICATES)
	mandoc -Tlint -W warning man/*.[157]

install: $(NETRA_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5
	install -m 0755 $(NETRA_BIN) $(DESTDIR)$(BINDIR)/netra
	install -m 0644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -d $(DESTDIR)$(DATADIR)/elections $(DESTDIR)$(DATADIR)/indicators
	install -m 0644 elections/*.json $(DESTDIR)$(DATADIR)/elections/
	install -m 0644 indicators/*.json $(DESTDIR)$(DATADIR)/indicators/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/netra
	rm -rf $(DESTDIR)$(DATADIR)
	cd man && for f in *.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$$f; done
	cd man && for f in *.5; do rm -f $(DESTDIR)$(MANDIR)/man5/$$f; done

clean:
	rm -rf build netra

-include $(LIB_OBJS:.o=.d) $(BUILD)/main.d
