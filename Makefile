# jixiao — build, test, install, bench, fuzz.
# `make run` and `make test` do all the set-up on a fresh Debian 12 machine.

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
PKGS     := xlsxwriter inih libzip libxml-2.0 libgsf-1 nettle sqlite3
# MuPDF (the PDF reader): Debian ships it as a static library only, so the
# libraries it uses are linked by name: those mupdf.pc lists as private, and
# freetype and harfbuzz, which it uses and does not list.
PDF_LIBS := $(shell pkg-config --libs mupdf freetype2 harfbuzz 2>/dev/null) \
            -lmupdf-third -lmujs -lgumbo -lopenjp2 -ljbig2dec -ljpeg -lz -lm
# Debian packages the build and the tests need; `make deps` installs the missing ones.
DEB_PKGS := build-essential pkg-config libxlsxwriter-dev libinih-dev libcmocka-dev jq \
            python3-openpyxl python3-docx libxml2-dev libzip-dev libgsf-1-dev groff-base \
            libmupdf-dev libmujs-dev libgumbo-dev libopenjp2-7-dev libjbig2dec0-dev libjpeg-dev \
            libfreetype-dev libharfbuzz-dev zlib1g-dev nettle-dev libsqlite3-dev
# What the tests need besides: LibreOffice prints the seeds and the layouts to
# .xls and .pdf (tests/formats/convert.py, pdf_layouts.py) in a CJK font;
# mutool turns a page (/Rotate), lists pages' text and encrypts test PDFs
# (the hardening suite). Carlito has Calibri's metrics: a workbook's column
# widths count characters of its default font (Calibri), so with it LibreOffice
# scales a sheet to the page as Excel does, and prints the pages jixiao cut it
# into (without it, DejaVu Sans stands in, wider, and the sheet shrinks more).
# `make test-deps`.
TEST_DEB_PKGS := libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk fonts-crosextra-carlito \
                 mupdf-tools sqlite3

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wvla -Wformat=2 -Wno-format-nonliteral
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L
CFLAGS   ?= -O2 -g
# Folders are pipeline stages, in order; each has one header for the stages after it.
STAGES   := base text read parse model rules check render
INCLUDES := -Iengine/include $(STAGES:%=-Iengine/%)
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) $(INCLUDES) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(PDF_LIBS)

SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
TEST_CFLAGS = $(CSTD) $(WARN) -O1 -g $(SAN) $(INCLUDES) $(shell pkg-config --cflags $(PKGS) cmocka 2>/dev/null)
TEST_LIBS   = $(shell pkg-config --libs $(PKGS) cmocka 2>/dev/null) $(PDF_LIBS)
# The library's objects: only what jixiao.h marks JX_API is visible outside it;
# release objects are position-independent, for libjixiao.so.
LIB_VIS  := -fvisibility=hidden

# libjixiao.so.MAJOR.MINOR (soname libjixiao.so.MAJOR) from JX_VERSION in jixiao.h.
VERSION  := $(shell sed -n 's/^\#define JX_VERSION "\(.*\)"$$/\1/p' engine/include/jixiao.h)
SO_MAJOR := $(word 1,$(subst ., ,$(VERSION)))
SO_MINOR := $(word 2,$(subst ., ,$(VERSION)))
SONAME   := libjixiao.so.$(SO_MAJOR)
SO_FILE  := $(SONAME).$(SO_MINOR)

LIB_SRC  := $(foreach s,$(STAGES),$(wildcard engine/$(s)/*.c))
# Objects under obj/: a folder named rules/ beside a binary would be taken for its rule sets.
# The forms (forms/*.ini) compiled in: build-aux/embed_forms.sh makes a C
# source of their text, an object of the text stage.
FORMS    := $(sort $(wildcard forms/*.ini))
FORMS_C  := build/gen/text/forms_builtin.c
# The traditional → simplified table (forms/t2s.tsv, written once by
# forms/t2s/generate.sh from OpenCC, never at build time) compiled in the same
# way by build-aux/embed_t2s.sh.
T2S_C    := build/gen/text/t2s_table.c
GEN_OBJ  := forms_builtin.o t2s_table.o
LIB_OBJ  := $(LIB_SRC:engine/%.c=build/rel/obj/%.o) $(GEN_OBJ:%=build/rel/obj/text/%)
SAN_OBJ  := $(LIB_SRC:engine/%.c=build/san/obj/%.o) $(GEN_OBJ:%=build/san/obj/text/%)
HDRS     := $(wildcard engine/include/*.h engine/*/*.h engine/*/*.def)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/san/tests/%)
SAMPLES  := $(wildcard tests/samples/*.txt)

.PHONY: all deps test-deps run test check layers unit cli bench fuzz check-office install install-lib uninstall clean

all: jixiao libjixiao.a libjixiao.so

# --------------------------------------------------------------- set-up
# $(call install-debs,PACKAGES,TARGET): installs those of PACKAGES not yet
# installed (as root), or says which are missing and how to install them.
define install-debs
@missing=""; for p in $(1); do \
  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
done; \
if [ -z "$$missing" ]; then exit 0; fi; \
if [ "$$(id -u)" != 0 ]; then \
  echo "jixiao: missing Debian packages:$$missing"; \
  echo "jixiao: run 'make $(2)' as root, or: sudo apt-get install$$missing"; exit 1; \
fi; \
echo "jixiao: installing$$missing"; \
DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null
endef

deps:
	$(call install-debs,$(DEB_PKGS),deps)

test-deps:
	$(call install-debs,$(TEST_DEB_PKGS),test-deps)

# --------------------------------------------------------------- build
build/rel/obj/%.o: engine/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC $(LIB_VIS) -c $< -o $@

build/san/obj/%.o: engine/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $(LIB_VIS) -c $< -o $@

$(FORMS_C): $(FORMS) build-aux/embed_forms.sh
	@mkdir -p $(@D)
	build-aux/embed_forms.sh $(FORMS) >$@.tmp && mv $@.tmp $@

$(T2S_C): forms/t2s.tsv build-aux/embed_t2s.sh
	@mkdir -p $(@D)
	build-aux/embed_t2s.sh forms/t2s.tsv >$@.tmp && mv $@.tmp $@

build/rel/obj/text/forms_builtin.o: $(FORMS_C) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC $(LIB_VIS) -c $< -o $@

build/san/obj/text/forms_builtin.o: $(FORMS_C) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $(LIB_VIS) -c $< -o $@

build/rel/obj/text/t2s_table.o: $(T2S_C) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC $(LIB_VIS) -c $< -o $@

build/san/obj/text/t2s_table.o: $(T2S_C) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $(LIB_VIS) -c $< -o $@

# The installed static library exports what the shared one does: its objects
# linked into one (ld -r) whose hidden symbols become local. The unit tests
# call internal functions: they link build/san/libjixiao.a, which keeps them.
libjixiao.a: $(LIB_OBJ)
	$(LD) -r -o build/rel/jixiao.o $^
	objcopy --localize-hidden build/rel/jixiao.o
	rm -f $@ && ar rcs $@ build/rel/jixiao.o

# --exclude-libs: what the static archives linked in (MuPDF's) define is not
# exported; the library's own hidden symbols are not either (LIB_VIS).
$(SO_FILE): $(LIB_OBJ)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,-z,defs -Wl,--exclude-libs,ALL -o $@ $^ $(LIBS)

libjixiao.so: $(SO_FILE)
	ln -sf $(SO_FILE) $(SONAME)
	ln -sf $(SONAME) $@

# The command: engine/cli/*.c, its own threads (run.c) over the library.
CLI_SRC  := $(wildcard engine/cli/*.c)
CLI_HDRS := $(wildcard engine/cli/*.h)
CLI_OBJ  := $(CLI_SRC:engine/%.c=build/rel/obj/%.o)

build/rel/obj/cli/%.o: engine/cli/%.c $(HDRS) $(CLI_HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -pthread -c $< -o $@

jixiao: $(CLI_OBJ) libjixiao.a
	$(CC) $(ALL_CFLAGS) -pthread -o $@ $(CLI_OBJ) libjixiao.a $(LIBS)

build/san/libjixiao.a: $(SAN_OBJ)
	rm -f $@ && ar rcs $@ $^

build/san/jixiao: $(CLI_SRC) $(CLI_HDRS) build/san/libjixiao.a
	$(CC) $(TEST_CFLAGS) -pthread -o $@ $(CLI_SRC) build/san/libjixiao.a $(TEST_LIBS)

build/san/tests/%: tests/unit/%.c tests/unit/testutil.h build/san/libjixiao.a | build/san/tests
	$(CC) $(TEST_CFLAGS) -Itests/unit -o $@ $< build/san/libjixiao.a $(TEST_LIBS)

# The fuzz targets with their deterministic driver (tests/fuzz/fuzz_standalone.h),
# run by tests/suites/fuzz.sh in `make test`; the workbook oracle reads the
# .xlsx back with libzip and libxml2. Mutations per seed file are sized so
# the suite takes about 20 s under ASan.
FUZZ_TARGETS := fuzz_parse fuzz_workbook fuzz_rules fuzz_template fuzz_gazetteer fuzz_read_html fuzz_read_docx fuzz_read_xlsx \
                fuzz_read_xls fuzz_read_pdf fuzz_store
FUZZ_SMOKE   := $(FUZZ_TARGETS:%=build/san/tests/%_smoke)
FUZZ_PKGS    := libxml-2.0 libzip libgsf-1
FUZZ_SMOKE_fuzz_parse    := -DJX_FUZZ_MUTATIONS=40 -DJX_FUZZ_TRUNCATIONS=16
FUZZ_SMOKE_fuzz_workbook := -DJX_FUZZ_MUTATIONS=12 -DJX_FUZZ_TRUNCATIONS=4
FUZZ_SMOKE_fuzz_rules    := -DJX_FUZZ_MUTATIONS=60 -DJX_FUZZ_TRUNCATIONS=8
FUZZ_SMOKE_fuzz_template := -DJX_FUZZ_MUTATIONS=150 -DJX_FUZZ_TRUNCATIONS=8
FUZZ_SMOKE_fuzz_gazetteer := -DJX_FUZZ_MUTATIONS=40 -DJX_FUZZ_TRUNCATIONS=8
FUZZ_SMOKE_fuzz_read_html := -DJX_FUZZ_MUTATIONS=60 -DJX_FUZZ_TRUNCATIONS=8
FUZZ_SMOKE_fuzz_read_docx := -DJX_FUZZ_MUTATIONS=400 -DJX_FUZZ_TRUNCATIONS=16
FUZZ_SMOKE_fuzz_read_xlsx := -DJX_FUZZ_MUTATIONS=1000 -DJX_FUZZ_TRUNCATIONS=64
FUZZ_SMOKE_fuzz_read_xls := -DJX_FUZZ_MUTATIONS=2000 -DJX_FUZZ_TRUNCATIONS=64
FUZZ_SMOKE_fuzz_read_pdf := -DJX_FUZZ_MUTATIONS=150 -DJX_FUZZ_TRUNCATIONS=16
FUZZ_SMOKE_fuzz_store    := -DJX_FUZZ_MUTATIONS=300 -DJX_FUZZ_TRUNCATIONS=16

build/san/tests/%_smoke: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) build/san/libjixiao.a Makefile | build/san/tests
	$(CC) $(TEST_CFLAGS) $(shell pkg-config --cflags $(FUZZ_PKGS) 2>/dev/null) -DJX_FUZZ_STANDALONE \
	    $(FUZZ_SMOKE_$*) -o $@ $< build/san/libjixiao.a $(TEST_LIBS) \
	    $(shell pkg-config --libs $(FUZZ_PKGS) 2>/dev/null)

build/rel build/san build/san/tests:
	mkdir -p $@

# --------------------------------------------------------------- main job
# check and score exit 1 when they find errors: that is their result, not a
# failure of the run.
run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	./jixiao check $(SAMPLES) || [ $$? -eq 1 ]
	./jixiao check --format json $(SAMPLES) > out/findings.jsonl || [ $$? -eq 1 ]
	./jixiao score -o out --summary out/summary.xlsx $(SAMPLES) || [ $$? -eq 1 ]

# --------------------------------------------------------------- tests
test: deps test-deps
	@$(MAKE) --no-print-directory $(UNIT_BIN) build/san/jixiao $(CLI_SRC:engine/%.c=build/san/obj/%.o) $(FUZZ_SMOKE)
	@tests/run.sh $(UNIT_BIN)

# The pipeline runs one way: no call from a stage into a later one, no cycle
# between files (also run by `make test`, tests/suites/layers.sh).
layers: $(LIB_OBJ) $(CLI_OBJ)
	@tests/layers/layers.sh build/rel/obj $(STAGES)

# GNU's name for the tests.
check: test

# --------------------------------------------------------------- bench / fuzz
build/bench/%: tests/bench/%.c | build/bench
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

build/bench:
	mkdir -p $@

BENCH_DOCS ?= 2000
bench: all build/bench/corpus build/bench/measure
	@BENCH_REF=$(BENCH_REF) tests/bench/bench.sh $(BENCH_DOCS)

# Every target (tests/fuzz/fuzz.sh) for FUZZ_SECONDS each, two at a time;
# FUZZ_TARGET=fuzz_workbook runs one.
FUZZ_SECONDS ?= 60
FUZZ_TARGET  ?=
fuzz:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(DEB_PKGS) clang libclang-rt-14-dev"
	@tests/fuzz/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGET)

# --------------------------------------------------------------- tooling
# clang-format (.clang-format) over the C of engine/ and tests/unit/: `format`
# rewrites in place, `format-check` lists what it would change and fails.
.PHONY: format format-check
CLANG_FORMAT ?= clang-format
FORMAT_SRC   := $(wildcard engine/*/*.c engine/*/*.h tests/unit/*.c tests/unit/*.h)
format:
	@$(MAKE) --no-print-directory deps DEB_PKGS="clang-format"
	$(CLANG_FORMAT) -i $(FORMAT_SRC)

format-check:
	@$(MAKE) --no-print-directory deps DEB_PKGS="clang-format"
	$(CLANG_FORMAT) --dry-run --Werror $(FORMAT_SRC)

# The compilation database for clangd and clang-tidy, from the flags above:
# the library and the command as their objects are built, unit tests with the test flags.
compile_commands.json: Makefile build-aux/compile_commands.sh $(STAGES:%=engine/%) engine/cli tests/unit
	@build-aux/compile_commands.sh $@ "$(CC)" "$(ALL_CFLAGS) -fPIC $(LIB_VIS)" "$(TEST_CFLAGS) -Itests/unit" \
	    $(LIB_SRC) $(CLI_SRC) -- $(UNIT_SRC)
	@echo "jixiao: wrote $@"

# Mutation testing (tests/mutate/mutate.sh): every one-line bug of
# tests/mutate/mutations.txt, planted in a copy under build/mutate/, must make
# `make test` fail; prints the mutation score and the survivors. Not part of
# `make test` (it runs the tests once per mutation). MUTATE=3 runs one.
MUTATE ?=
.PHONY: mutate
mutate: deps
	@tests/mutate/mutate.sh $(MUTATE)

# Optional: LibreOffice recalculates the workbooks and must agree with jixiao.
check-office: deps all
	@tests/office/check_office.sh

# --------------------------------------------------------------- install
# The library alone: header, static and shared libraries, jixiao.pc.
install-lib: libjixiao.a libjixiao.so
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 engine/include/jixiao.h $(DESTDIR)$(PREFIX)/include/jixiao.h
	install -m 644 libjixiao.a $(DESTDIR)$(PREFIX)/lib/libjixiao.a
	install -m 755 $(SO_FILE) $(DESTDIR)$(PREFIX)/lib/$(SO_FILE)
	ln -sf $(SO_FILE) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libjixiao.so
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' jixiao.pc.in \
	    >$(DESTDIR)$(PREFIX)/lib/pkgconfig/jixiao.pc

install: all install-lib
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib \
	           $(DESTDIR)$(PREFIX)/share/jixiao/rules $(DESTDIR)$(PREFIX)/share/jixiao/templates \
	           $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 jixiao $(DESTDIR)$(PREFIX)/bin/jixiao
	install -m 644 man/jixiao.1 $(DESTDIR)$(PREFIX)/share/man/man1/jixiao.1
	for f in rules/*.ini rules/gazetteer.tsv; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/jixiao/rules/; done; true
	for f in templates/*.ini; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/jixiao/templates/; done; true

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/jixiao $(DESTDIR)$(PREFIX)/include/jixiao.h \
	      $(DESTDIR)$(PREFIX)/lib/libjixiao.a $(DESTDIR)$(PREFIX)/lib/libjixiao.so \
	      $(DESTDIR)$(PREFIX)/lib/$(SONAME) $(DESTDIR)$(PREFIX)/lib/$(SO_FILE) \
	      $(DESTDIR)$(PREFIX)/lib/pkgconfig/jixiao.pc $(DESTDIR)$(PREFIX)/share/man/man1/jixiao.1
	rm -rf $(DESTDIR)$(PREFIX)/share/jixiao

clean:
	rm -rf build jixiao libjixiao.a libjixiao.so $(SONAME) $(SO_FILE)
	find out -mindepth 1 ! -name .gitignore -delete 2>/dev/null; true
