/*
 * ini.c — strict INI reading shared by rule sets (rules.c) and form
 * templates (template.c): the line source that drives inih, first-error
 * reporting with line numbers, file loading by NAME or path, and the small
 * value readers both grammars use. The keys with one value each are read
 * by the schema engine (ini_schema.c), which a grammar's on_key asks first.
 *
 * inih is driven through read_line(), our own line source, because Debian
 * builds inih without INI_HANDLER_LINENO: the source counts lines, drops
 * indentation (inih would take an indented line as the continuation of the
 * previous value), hides comments (so they may be any length), checks
 * section headers (an unknown section without keys never reaches the
 * handler) and stops inih at the first error.
 */
#include "base.h"

#include <ini.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rule sets and templates are a few KB; a file this large is neither. */
#define INI_FILE_MAX ((size_t)1 << 20)

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* ------------------------------------------------------------ errors */

bool jx_ini_fail(jx_ini *ini, uint32_t line, const char *fmt, ...)
{
    if (ini->failed)
        return false;
    ini->failed = true;
    ini->err->status = JX_ERR_FORMAT;
    ini->err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ini->err->message, sizeof ini->err->message, fmt, ap);
    va_end(ap);
    return false;
}

/* ------------------------------------------------------------ the handler */

static int handle_key(jx_ini *ini, const char *section, const char *key, const char *value)
{
    if (ini->failed)
        return 0;
    int id = ini->schema->find_section(section);
    if (id < 0) {
        if (section[0] == '\0')
            return jx_ini_fail(ini, ini->line, "key '%s' before any [section]", key);
        return jx_ini_fail(ini, ini->line, "unknown section [%s]", section);
    }
    ini->section = section;
    jx_ini_key_result result = ini->on_key(ini->user, id, key, value);
    ini->section = NULL;
    switch (result) {
    case JX_INI_KEY_OK:
        return 1;
    case JX_INI_KEY_UNKNOWN:
        jx_ini_fail(ini, ini->line, "unknown key '%s' in [%s]", key, section);
        return 0;
    case JX_INI_KEY_FAILED:
        break;
    }
    return 0;
}

#if INI_HANDLER_LINENO
static int on_key(void *user, const char *section, const char *key, const char *value,
                  int lineno)
{
    (void)lineno; /* read_line counts lines whichever way inih was built */
    return handle_key(user, section, key, value);
}
#else
static int on_key(void *user, const char *section, const char *key, const char *value)
{
    return handle_key(user, section, key, value);
}
#endif

/* ------------------------------------------------------------ the line source */

/* "[name]" with nothing but a comment after it; records where it starts. */
static bool check_section_line(jx_ini *ini, const char *line)
{
    const char *close = strchr(line, ']');
    if (close == NULL)
        return jx_ini_fail(ini, ini->line, "expected ']' to end the section name");
    const char *rest = close + 1;
    while (is_blank(*rest) || *rest == '\r' || *rest == '\n')
        rest++;
    if (*rest != '\0' && *rest != ';' && *rest != '#')
        return jx_ini_fail(ini, ini->line, "text after the section name");
    char name[64];
    size_t n = (size_t)(close - line - 1);
    if (n >= sizeof name)
        return jx_ini_fail(ini, ini->line, "unknown section [%.*s]", (int)n, line + 1);
    memcpy(name, line + 1, n);
    name[n] = '\0';
    int id = ini->schema->find_section(name);
    if (id < 0 || id >= JX_INI_MAX_SECTIONS)
        return jx_ini_fail(ini, ini->line, "unknown section [%s]", name);
    if (ini->section_line[id] != 0)
        return jx_ini_fail(ini, ini->line, "section [%s] given twice (first on line %u)", name,
                           ini->section_line[id]);
    ini->section_line[id] = ini->line;
    return true;
}

/* A key line has '=' before any ':' and a key before the '='. */
static bool check_line_shape(jx_ini *ini, const char *line)
{
    /* A control character has no place in a rule or a form, and would reach
     * a terminal or a workbook footer: refused (TAB is a blank). */
    for (size_t i = 0, n = strlen(line); i < n;) {
        uint32_t cp;
        i += jx_utf8_next(line + i, n - i, &cp);
        if ((cp < 0x20 && cp != '\t' && cp != '\r' && cp != '\n') || cp == 0x7F
            || (cp >= 0x80 && cp <= 0x9F))
            return jx_ini_fail(ini, ini->line, "control character U+%04X", (unsigned)cp);
        /* Not characters at all, and not allowed in the XML a template's words reach. */
        if (cp == 0xFFFE || cp == 0xFFFF)
            return jx_ini_fail(ini, ini->line, "not a character: U+%04X", (unsigned)cp);
    }
    if (*line == '\n' || *line == '\r' || *line == '\0')
        return true;
    if (*line == '[')
        return check_section_line(ini, line);
    const char *sep = line + strcspn(line, "=:");
    if (*sep != '=' || sep == line)
        return jx_ini_fail(ini, ini->line, "expected 'key = value' or '[section]'");
    return true;
}

/* The next line of the text for inih (an fgets look-alike). */
static char *read_line(char *buf, int size, void *stream)
{
    jx_ini *ini = stream;
    if (ini->failed || ini->next == NULL || *ini->next == '\0')
        return NULL;
    const char *start = ini->next;
    const char *end = strchr(start, '\n');
    ini->next = end != NULL ? end + 1 : NULL;
    if (end == NULL)
        end = start + strlen(start);
    ini->line++;

    if (ini->line == 1 && strncmp(start, "\xEF\xBB\xBF", 3) == 0)
        start += 3; /* a byte-order mark */
    while (start < end && is_blank(*start))
        start++;
    size_t len = (size_t)(end - start);
    if (len > 0 && (*start == ';' || *start == '#'))
        len = 0;
    if (size < 2 || len > (size_t)size - 2) {
        jx_ini_fail(ini, ini->line, "line longer than %d bytes", size - 2);
        return NULL;
    }
    memcpy(buf, start, len);
    buf[len] = '\n';
    buf[len + 1] = '\0';
    return check_line_shape(ini, buf) ? buf : NULL;
}

void jx_ini_init(jx_ini *ini, const jx_ini_schema *schema, void *out, jx_ini_key_handler handler,
                 void *user, jx_error *err)
{
    memset(ini, 0, sizeof *ini);
    ini->schema = schema;
    ini->out = out;
    ini->on_key = handler;
    ini->user = user;
    ini->err = err;
}

jx_status jx_ini_run(jx_ini *ini, const char *text)
{
    ini->failed = false;
    ini->next = text;
    ini->line = 0;
    memset(ini->section_line, 0, sizeof ini->section_line);
    memset(ini->key_line, 0, sizeof ini->key_line);
    if (ini->schema == NULL || ini->schema->find_section == NULL
        || ini->schema->nkeys > JX_INI_MAX_KEYS || ini->on_key == NULL) {
        jx_ini_fail(ini, 0, "internal error: no INI schema, or more than %d keys in it",
                    JX_INI_MAX_KEYS);
        return JX_ERR_FORMAT;
    }
    int rc = ini_parse_stream(read_line, ini, on_key, ini);
    if (ini->failed)
        return JX_ERR_FORMAT;
    if (rc == -2) {
        jx_error_set(ini->err, JX_ERR_NOMEM, 0, "out of memory reading INI");
        return JX_ERR_NOMEM;
    }
    if (rc != 0) {
        jx_ini_fail(ini, rc > 0 ? (uint32_t)rc : 0, "not INI syntax");
        return JX_ERR_FORMAT;
    }
    return JX_OK;
}

/* ------------------------------------------------------------ text and values */

/* Line number of byte `offset` in text. */
static uint32_t line_of_offset(const char *text, size_t offset)
{
    uint32_t line = 1;
    for (size_t i = 0; i < offset; i++)
        line += text[i] == '\n';
    return line;
}

jx_status jx_ini_check_text(const char *text, jx_error *err)
{
    if (text == NULL) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "no INI text");
        return JX_ERR_FORMAT;
    }
    size_t bad;
    if (!jx_utf8_valid((const unsigned char *)text, strlen(text), &bad)) {
        jx_error_set(err, JX_ERR_FORMAT, line_of_offset(text, bad), "not UTF-8");
        return JX_ERR_FORMAT;
    }
    return JX_OK;
}

bool jx_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool jx_ini_valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= JX_RULES_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
                  c == '-';
        if (!ok)
            return false;
    }
    return true;
}

bool jx_ini_name_from_path(const char *path, char name[JX_RULES_NAME_MAX])
{
    const char *slash = strrchr(path, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    char stem[JX_RULES_NAME_MAX];
    size_t n = strlen(base);
    if (jx_ends_with(base, ".ini"))
        n -= 4;
    if (n >= sizeof stem)
        return false;
    memcpy(stem, base, n);
    stem[n] = '\0';
    if (!jx_ini_valid_name(stem))
        return false;
    memcpy(name, stem, n + 1);
    return true;
}

bool jx_ini_copy_trimmed(const char *s, size_t n, char *dst, size_t size)
{
    while (n > 0 && is_blank(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    if (n >= size)
        return false;
    memcpy(dst, s, n);
    dst[n] = '\0';
    return true;
}

/* ------------------------------------------------------------ files */

jx_status jx_ini_read_file(const char *path, const char *what, char **text, jx_error *err)
{
    unsigned char *bytes;
    size_t len;
    *text = NULL;
    jx_status status = jx_read_file(path, INI_FILE_MAX, &bytes, &len, err);
    if (status == JX_ERR_TOO_LARGE && err != NULL) {
        char reason[sizeof err->message];
        memcpy(reason, err->message, sizeof reason);
        jx_error_set(err, status, 0, "%s: not a %s", reason, what);
    }
    if (status != JX_OK)
        return status;
    const unsigned char *nul = memchr(bytes, '\0', len);
    if (nul != NULL) {
        jx_error_set(err, JX_ERR_FORMAT, line_of_offset((const char *)bytes, (size_t)(nul - bytes)),
                     "NUL byte: not a text file");
        free(bytes);
        return JX_ERR_FORMAT;
    }
    *text = (char *)bytes;
    return JX_OK;
}

bool jx_ini_set_path(char *dst, size_t size, const char *path, jx_error *err)
{
    memset(dst, 0, size);
    size_t n = path != NULL ? strlen(path) : 0;
    if (n >= size) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "path longer than %zu bytes", size - 1);
        return false;
    }
    if (n > 0)
        memcpy(dst, path, n);
    return true;
}

bool jx_ini_join_path(char *out, size_t size, const char *dir, const char *name)
{
    size_t d = strlen(dir), n = strlen(name);
    if (d + 1 + n + 4 >= size)
        return false;
    memcpy(out, dir, d);
    out[d] = '/';
    memcpy(out + d + 1, name, n);
    memcpy(out + d + 1 + n, ".ini", 5);
    return true;
}

/* The directory part of a path to an .ini file: "." when it has none. */
static void dir_of(const char *path, char dir[JX_RULES_PATH_MAX])
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash == NULL ? 0 : slash == path ? 1 : (size_t)(slash - path);
    if (dir_len == 0) {
        strcpy(dir, ".");
    } else {
        memcpy(dir, path, dir_len);
        dir[dir_len] = '\0';
    }
}

jx_status jx_ini_locate(const char *arg, const char *dir, const char *what,
                        char path[JX_RULES_PATH_MAX], char file_dir[JX_RULES_PATH_MAX],
                        jx_error *err)
{
    if (arg != NULL && jx_ends_with(arg, ".ini")) {
        if (strlen(arg) >= JX_RULES_PATH_MAX) {
            jx_error_set(err, JX_ERR_IO, 0, "path too long");
            return JX_ERR_IO;
        }
        strcpy(path, arg);
        if (file_dir != NULL)
            dir_of(arg, file_dir);
        return JX_OK;
    }
    if (arg == NULL || !jx_ini_valid_name(arg)) {
        jx_error_set(err, JX_ERR_FORMAT, 0,
                     "'%s' is neither a %s name (letters, digits, '_', '-') nor a path "
                     "ending in .ini", arg != NULL ? arg : "", what);
        return JX_ERR_FORMAT;
    }
    if (!jx_ini_join_path(path, JX_RULES_PATH_MAX, dir, arg)) {
        jx_error_set(err, JX_ERR_IO, 0, "path too long");
        return JX_ERR_IO;
    }
    if (file_dir != NULL)
        strcpy(file_dir, dir);
    return JX_OK;
}
