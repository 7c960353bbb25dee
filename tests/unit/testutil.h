/* testutil.h — cmocka includes in the order cmocka requires, and helpers. */
#ifndef JX_TESTUTIL_H
#define JX_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h" /* the library and its stages: tests link the full archive */

/* The five seed documents, bundled in tests/samples (tests run from the repo root). */
#define JX_SEED_PATHS                                                                    \
    {"tests/samples/000_897a8446687f37a7.txt", "tests/samples/001_0783382fd8294bcc.txt", \
     "tests/samples/002_38b4c4c87c11fa2f.txt", "tests/samples/003_5010c9f98508a758.txt", \
     "tests/samples/004_8293b46e2578b690.txt"}

/* Micros of a decimal literal, read by the library's own parser. */
static inline int64_t micros_of(const char *literal)
{
    jx_number num;
    assert_int_equal(jx_number_parse(literal, &num), JX_NUM_VALUE);
    return num.micros;
}

/* README.md's text, for the tests that keep a README table equal to the code. */
static inline char *readme_text(void)
{
    FILE *f = fopen("README.md", "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    return text;
}

#endif
