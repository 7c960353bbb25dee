/*
 * ini_schema.c — the schema engine of the strict INI reader: the keys of a
 * grammar that hold one value each, looked up, refused when given twice,
 * read into the output struct and rendered back from it.
 *
 * Rule sets (rules.c) and templates (template.c) each used to carry this
 * machinery with their own table type; one table type now serves both, and
 * what only one grammar has (a decimal or percent, a colour, a paper size…)
 * is the module's kind, read by its read_custom. Decimals stay there: they
 * are read by the text stage (jx_decimal_read_strict), after this one.
 */
#include "base.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whole numbers are typed with at most this many digits. */
#define WHOLE_DIGITS_MAX 4

const jx_ini_key_spec *jx_ini_key_find(const jx_ini_schema *schema, int section, const char *key)
{
    for (size_t i = 0; schema != NULL && i < schema->nkeys && i < JX_INI_MAX_KEYS; i++) {
        const jx_ini_key_spec *spec = &schema->keys[i];
        if (spec->section == section && strcmp(spec->key, key) == 0)
            return spec;
    }
    return NULL;
}

uint32_t jx_ini_key_line(const jx_ini *ini, int section, const char *key)
{
    const jx_ini_key_spec *spec = jx_ini_key_find(ini->schema, section, key);
    return spec != NULL ? ini->key_line[spec - ini->schema->keys] : 0;
}

/* ------------------------------------------------------------ the generic kinds */

bool jx_ini_read_text(jx_ini *ini, const jx_ini_key_spec *spec, const char *value, char *dst)
{
    size_t n = strlen(value);
    if (n == 0 && !spec->may_be_empty)
        return jx_ini_fail(ini, ini->line, "key '%s': empty", spec->key);
    if (n >= spec->size)
        return jx_ini_fail(ini, ini->line, "key '%s': longer than %zu bytes", spec->key,
                           spec->size - 1);
    memcpy(dst, value, n + 1);
    return true;
}

/* Emptiness and length are checked as for any text, then the characters. */
static bool read_name(jx_ini *ini, const jx_ini_key_spec *spec, const char *value, char *dst)
{
    size_t n = strlen(value);
    if (n > 0 && n < spec->size && !jx_ini_valid_name(value))
        return jx_ini_fail(ini, ini->line,
                           "key '%s': not a %s name (letters, digits, '_', '-'): '%s'", spec->key,
                           ini->schema->noun, value);
    return jx_ini_read_text(ini, spec, value, dst);
}

bool jx_ini_read_bool(jx_ini *ini, const char *key, const char *value, bool *out)
{
    if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0) {
        *out = value[0] == 'y';
        return true;
    }
    return jx_ini_fail(ini, ini->line, "key '%s': expected yes or no: '%s'", key, value);
}

/* Digits only: a size or a count is typed as one. */
static bool read_whole(jx_ini *ini, const jx_ini_key_spec *spec, const char *value, int *out)
{
    size_t n = strlen(value);
    bool digits = n > 0 && n <= WHOLE_DIGITS_MAX && strspn(value, "0123456789") == n;
    int v = digits ? atoi(value) : -1;
    if (v < spec->min || v > spec->max)
        return jx_ini_fail(ini, ini->line,
                           "key '%s': expected a whole number from %" PRId64 " to %" PRId64
                           ": '%s'",
                           spec->key, spec->min, spec->max, value);
    *out = v;
    return true;
}

/* The field a kind writes must be the size of what it writes: a table typo
 * is an error, not a write past the field. */
static bool field_fits(const jx_ini_key_spec *spec)
{
    switch (spec->kind) {
    case JX_INI_TEXT:
    case JX_INI_NAME: return spec->size > 0;
    case JX_INI_BOOL: return spec->size == sizeof(bool);
    case JX_INI_WHOLE: return spec->size == sizeof(int);
    default: return true; /* the module's kinds check their own */
    }
}

static bool read_value(jx_ini *ini, const jx_ini_key_spec *spec, const char *value)
{
    if (ini->out == NULL || !field_fits(spec))
        return jx_ini_fail(ini, ini->line, "key '%s': internal error", spec->key);
    void *field = (char *)ini->out + spec->offset;
    switch (spec->kind) {
    case JX_INI_TEXT: return jx_ini_read_text(ini, spec, value, field);
    case JX_INI_NAME: return read_name(ini, spec, value, field);
    case JX_INI_BOOL: return jx_ini_read_bool(ini, spec->key, value, field);
    case JX_INI_WHOLE: return read_whole(ini, spec, value, field);
    default: break;
    }
    if (spec->kind >= JX_INI_CUSTOM && ini->schema->read_custom != NULL)
        return ini->schema->read_custom(ini, spec, value, field);
    return jx_ini_fail(ini, ini->line, "key '%s': internal error", spec->key);
}

jx_ini_key_result jx_ini_apply_key(jx_ini *ini, int section, const char *key, const char *value)
{
    const jx_ini_key_spec *spec = jx_ini_key_find(ini->schema, section, key);
    if (spec == NULL)
        return JX_INI_KEY_UNKNOWN;
    uint32_t *line = &ini->key_line[spec - ini->schema->keys];
    /* Of two values for one key, one would be dropped without a word. */
    if (*line != 0) {
        jx_ini_fail(ini, ini->line, "duplicate key '%s' in [%s]", key,
                    ini->section != NULL ? ini->section : "?");
        return JX_INI_KEY_FAILED;
    }
    *line = ini->line;
    return read_value(ini, spec, value) ? JX_INI_KEY_OK : JX_INI_KEY_FAILED;
}

/* ------------------------------------------------------------ rendering */

bool jx_ini_render_key(jx_buf *out, const jx_ini_key_spec *spec, const void *base)
{
    const void *field = (const char *)base + spec->offset;
    const char *value;
    char number[16];
    switch (spec->kind) {
    case JX_INI_TEXT:
    case JX_INI_NAME: value = field; break;
    case JX_INI_BOOL: value = *(const bool *)field ? "yes" : "no"; break;
    case JX_INI_WHOLE:
        snprintf(number, sizeof number, "%d", *(const int *)field);
        value = number;
        break;
    default: return false;
    }
    /* "key =" alone for an empty value: no blank at the end of the line. */
    if (value[0] != '\0')
        jx_buf_printf(out, "%s = %s\n", spec->key, value);
    else
        jx_buf_printf(out, "%s =\n", spec->key);
    return true;
}
