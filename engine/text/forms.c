/*
 * forms.c — the vocabulary of the forms (forms/NAME.ini) as data: per file,
 * section and key, a list of words with their matching mode (word, word*,
 * *word*). The files are read by the strict INI reader (base/ini.c): an
 * unknown section or key, a word that is empty or has '*' anywhere else, or
 * a key the library needs and the file lacks is an error naming PATH:LINE.
 * A key given again adds its words (a long list over several lines).
 *
 * The library's own copy is the text of forms/NAME.ini compiled in
 * (forms_builtin.c, generated); a document is read with it unless the
 * caller passes forms read from a folder. Nothing here is mutable state:
 * a jx_forms is filled once and only read after.
 */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The files, their sections and their lists, each an enum id indexing a
 * table of names, all from forms.def. */
enum {
#define JX_FORM_FILE(file) FILE_##file,
#include "forms.def"
    FILE_COUNT
};
static const char *const file_names[FILE_COUNT] = {
#define JX_FORM_FILE(file) #file,
#include "forms.def"
};

enum {
#define JX_FORM_SECTION(file, section) SECTION_##file##_##section,
#include "forms.def"
    SECTION_COUNT
};
typedef struct {
    int file;
    const char *name;
} section_place;
static const section_place sections[SECTION_COUNT] = {
#define JX_FORM_SECTION(file, section) {FILE_##file, #section},
#include "forms.def"
};

typedef struct {
    int file;
    int section;
    const char *key;
    bool plain; /* phrases, found anywhere in a sentence: a `*` would say nothing */
} list_place;

static const list_place places[JX_FW_COUNT] = {
#define JX_FORM_LIST(id, file, section, key) {FILE_##file, SECTION_##file##_##section, #key, false},
#define JX_FORM_PHRASES(id, file, section, key) {FILE_##file, SECTION_##file##_##section, #key, true},
#include "forms.def"
};


/* A section's id in its file (the INI reader numbers each file's sections
 * from 0, within its JX_INI_MAX_SECTIONS). */
static int section_in_file(int section)
{
    int n = 0;
    for (int i = 0; i < section; i++)
        n += sections[i].file == sections[section].file;
    return n;
}

/* A section of one file: its id there, or -1 (the INI reader's unknown section). */
static int find_section_of(int file, const char *name)
{
    for (int i = 0; i < SECTION_COUNT; i++)
        if (sections[i].file == file && strcmp(sections[i].name, name) == 0)
            return section_in_file(i);
    return -1;
}

#define JX_FORM_FILE(file)                                                                   \
    static int find_section_##file(const char *name)                                         \
    {                                                                                        \
        return find_section_of(FILE_##file, name);                                           \
    }
#include "forms.def"

static const jx_ini_schema schemas[FILE_COUNT] = {
#define JX_FORM_FILE(file) [FILE_##file] = {.find_section = find_section_##file, .noun = "form"},
#include "forms.def"
};

/* ------------------------------------------------------------ matching */

static bool has_head(const jx_word_list *l, unsigned key)
{
    return (l->heads[key >> 6] >> (key & 63) & 1) != 0;
}

/* Whether norm is the word by its mode; n is strlen(norm) once known, else
 * SIZE_MAX (a `*word` finds it). */
static bool word_matches(const jx_form_word *w, const char *norm, size_t *n)
{
    switch (w->how) {
    case JX_MATCH_EXACT:
        return strcmp(norm, w->word) == 0;
    case JX_MATCH_PREFIX:
        return strncmp(norm, w->word, w->len) == 0;
    case JX_MATCH_CONTAINS:
        return strstr(norm, w->word) != NULL;
    case JX_MATCH_SUFFIX:
        if (*n == SIZE_MAX)
            *n = strlen(norm);
        return *n >= w->len && memcmp(norm + *n - w->len, w->word, w->len) == 0;
    }
    return false;
}

bool jx_forms_match_words(const jx_word_list *l, const char *norm, bool head)
{
    size_t n = SIZE_MAX;
    /* No `word` or `word*` starts as norm does: only the `*word` and
     * `*word*` words are left to try. */
    if (!head) {
        for (size_t k = 0; k < l->nanywhere; k++)
            if (word_matches(&l->words[l->anywhere[k]], norm, &n))
                return true;
        return false;
    }
    for (size_t i = 0; i < l->n; i++) {
        const jx_form_word *w = &l->words[i];
        /* The first two bytes settle most comparisons without a call: the
         * second byte of a CJK character varies the most. norm[1] is read only
         * when norm[0] matched a word's first byte, so it is not the NUL. */
        if ((w->how == JX_MATCH_EXACT || w->how == JX_MATCH_PREFIX)
            && (norm[0] != w->word[0] || (w->len > 1 && norm[1] != w->word[1])))
            continue;
        if (word_matches(w, norm, &n))
            return true;
    }
    return false;
}

size_t jx_forms_prefix(const jx_forms *forms, jx_form_list list, const char *norm)
{
    const jx_word_list *l = &forms->lists[list];
    if (!has_head(l, jx_forms_head_key(norm)))
        return 0; /* no `word` or `word*` starts as norm does */
    for (size_t i = 0; i < l->n; i++) {
        const jx_form_word *w = &l->words[i];
        if ((w->how == JX_MATCH_PREFIX && strncmp(norm, w->word, w->len) == 0)
            || (w->how == JX_MATCH_EXACT && strcmp(norm, w->word) == 0))
            return w->len;
    }
    return 0;
}

/* The distinct characters of s, sorted; 0 when s has more than max characters. */
static size_t char_set(const char *s, uint32_t *set, size_t max)
{
    size_t n = 0, avail = strlen(s);
    while (avail > 0) {
        uint32_t cp;
        size_t len = jx_utf8_next(s, avail, &cp);
        if (len == 0)
            return 0;
        s += len;
        avail -= len;
        size_t at = 0;
        while (at < n && set[at] < cp)
            at++;
        if (at < n && set[at] == cp)
            continue;
        if (n == max)
            return 0;
        memmove(set + at + 1, set + at, (n - at) * sizeof *set);
        set[at] = cp;
        n++;
    }
    return n;
}

/* Characters in a header word that an interleaved reading can still be told by. */
#define SCRAMBLED_MIN_CHARS 4
#define SCRAMBLED_MAX_CHARS 16

bool jx_forms_match_scrambled(const jx_forms *forms, jx_form_list list, const char *norm)
{
    uint32_t cell[SCRAMBLED_MAX_CHARS], word[SCRAMBLED_MAX_CHARS];
    size_t ncell = char_set(norm, cell, SCRAMBLED_MAX_CHARS);
    if (ncell < SCRAMBLED_MIN_CHARS)
        return false;
    const jx_word_list *l = &forms->lists[list];
    for (size_t i = 0; i < l->n; i++) {
        size_t nword = char_set(l->words[i].word, word, SCRAMBLED_MAX_CHARS);
        if (nword == ncell && memcmp(word, cell, ncell * sizeof *cell) == 0)
            return true;
    }
    return false;
}

/* ------------------------------------------------------------ reading */

typedef struct {
    jx_forms *forms;
    jx_arena *arena;
    int file;
    jx_ini ini;
    uint32_t given[JX_FW_COUNT]; /* the line a list was first given on */
} reader;

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* One word of a list, `word`, `word*` or `*word*` (a phrase: `word` only), appended to list. */
static bool add_word(reader *r, jx_word_list *list, const char *key, bool plain, const char *s,
                     size_t n)
{
    while (n > 0 && is_blank(*s))
        s++, n--;
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    jx_match how = JX_MATCH_EXACT;
    if (n >= 2 && s[0] == '*' && s[n - 1] == '*') {
        how = JX_MATCH_CONTAINS;
        s++;
        n -= 2;
    } else if (n >= 1 && s[n - 1] == '*') {
        how = JX_MATCH_PREFIX;
        n--;
    } else if (n >= 1 && s[0] == '*') {
        how = JX_MATCH_SUFFIX;
        s++;
        n--;
    }
    if (n == 0)
        return jx_ini_fail(&r->ini, r->ini.line, "'%s': an empty word", key);
    if (plain && how != JX_MATCH_EXACT)
        return jx_ini_fail(&r->ini, r->ini.line,
                           "'%s': a phrase is written without '*' (it is found anywhere in a sentence)",
                           key);
    if (memchr(s, '*', n) != NULL)
        return jx_ini_fail(&r->ini, r->ini.line,
                           "'%s': '*' goes only before a word (*word), after it (word*) or around it (*word*)", key);
    char *word = jx_arena_strndup(r->arena, s, n);
    jx_form_word *words = jx_arena_alloc(r->arena, (list->n + 1) * sizeof *words);
    if (word == NULL || words == NULL)
        return jx_ini_fail(&r->ini, r->ini.line, "out of memory");
    if (list->n)
        memcpy(words, list->words, list->n * sizeof *words);
    words[list->n++] = (jx_form_word){word, n, how};
    list->words = words;
    if (how == JX_MATCH_EXACT || how == JX_MATCH_PREFIX) {
        unsigned head = jx_forms_head_key(word);
        list->heads[head >> 6] |= (uint64_t)1 << (head & 63);
        return true;
    }
    uint32_t *anywhere = jx_arena_alloc(r->arena, (list->nanywhere + 1) * sizeof *anywhere);
    if (anywhere == NULL)
        return jx_ini_fail(&r->ini, r->ini.line, "out of memory");
    if (list->nanywhere)
        memcpy(anywhere, list->anywhere, list->nanywhere * sizeof *anywhere);
    anywhere[list->nanywhere++] = (uint32_t)(list->n - 1);
    list->anywhere = anywhere;
    return true;
}

static jx_ini_key_result on_key(void *user, int section, const char *key, const char *value)
{
    reader *r = user;
    for (size_t i = 0; i < JX_FW_COUNT; i++) {
        const list_place *p = &places[i];
        if (p->file != r->file || section_in_file(p->section) != section
            || strcmp(p->key, key) != 0)
            continue;
        if (r->given[i] == 0)
            r->given[i] = r->ini.line;
        for (const char *s = value;;) {
            const char *comma = strchr(s, ',');
            size_t n = comma ? (size_t)(comma - s) : strlen(s);
            if (!add_word(r, &r->forms->lists[i], key, p->plain, s, n))
                return JX_INI_KEY_FAILED;
            if (comma == NULL)
                break;
            s = comma + 1;
        }
        return JX_INI_KEY_OK;
    }
    return JX_INI_KEY_UNKNOWN;
}

/* Prefixes err->message with "PATH:LINE: " (or "PATH: "). */
static void name_place(jx_error *err, const char *path)
{
    if (err == NULL)
        return;
    char inner[sizeof err->message];
    memcpy(inner, err->message, sizeof inner);
    if (err->line > 0)
        jx_error_set(err, err->status, err->line, "%s:%u: %s", path, err->line, inner);
    else
        jx_error_set(err, err->status, 0, "%s: %s", path, inner);
}

static jx_status read_file_text(jx_forms *forms, jx_arena *arena, int file, const char *text,
                                const char *path, jx_error *err)
{
    jx_error local = {0};
    if (err == NULL)
        err = &local;
    jx_status st = jx_ini_check_text(text, err);
    reader r = {.forms = forms, .arena = arena, .file = file};
    if (st == JX_OK) {
        jx_ini_init(&r.ini, &schemas[file], forms, on_key, &r, err);
        st = jx_ini_run(&r.ini, text);
    }
    for (size_t i = 0; st == JX_OK && i < JX_FW_COUNT; i++)
        if (places[i].file == file && r.given[i] == 0) {
            jx_error_set(err, JX_ERR_FORMAT, 0, "missing key '%s' in [%s]", places[i].key,
                         sections[places[i].section].name);
            st = JX_ERR_FORMAT;
        }
    if (st != JX_OK)
        name_place(err, path);
    return st;
}

jx_status jx_forms_builtin(jx_arena *arena, jx_forms *out, jx_error *err)
{
    memset(out, 0, sizeof *out);
    for (int f = 0; f < FILE_COUNT; f++) {
        const char *text = NULL;
        for (size_t i = 0; i < jx_forms_builtin_count; i++)
            if (strcmp(jx_forms_builtin_files[i].name, file_names[f]) == 0)
                text = jx_forms_builtin_files[i].text;
        char path[64];
        snprintf(path, sizeof path, "forms/%s.ini (built in)", file_names[f]);
        if (text == NULL) {
            jx_error_set(err, JX_ERR_FORMAT, 0, "%s: not compiled in", path);
            return JX_ERR_FORMAT;
        }
        jx_status st = read_file_text(out, arena, f, text, path, err);
        if (st != JX_OK)
            return st;
    }
    return JX_OK;
}

jx_status jx_forms_load(const char *dir, jx_forms **out, jx_error *err)
{
    *out = NULL;
    jx_forms *forms = calloc(1, sizeof *forms);
    jx_arena *arena = forms ? jx_arena_new() : NULL;
    if (arena == NULL) {
        free(forms);
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    forms->arena = arena;
    if (dir == NULL) { /* the built-in forms, read once for many documents */
        jx_status st = jx_forms_builtin(arena, forms, err);
        forms->arena = arena; /* jx_forms_builtin starts from an empty value */
        if (st != JX_OK) {
            jx_forms_free(forms);
            return st;
        }
        *out = forms;
        return JX_OK;
    }
    for (int f = 0; f < FILE_COUNT; f++) {
        char path[JX_RULES_PATH_MAX];
        if (dir == NULL || !jx_ini_join_path(path, sizeof path, dir, file_names[f])) {
            jx_error_set(err, JX_ERR_IO, 0, "%s: no forms folder, or its path is too long",
                         dir ? dir : "(null)");
            jx_forms_free(forms);
            return JX_ERR_IO;
        }
        char *text = NULL;
        jx_status st = jx_ini_read_file(path, "forms file", &text, err);
        if (st != JX_OK)
            name_place(err, path);
        else
            st = read_file_text(forms, arena, f, text, path, err);
        free(text);
        if (st != JX_OK) {
            jx_forms_free(forms);
            return st;
        }
    }
    *out = forms;
    return JX_OK;
}

void jx_forms_free(jx_forms *forms)
{
    if (forms == NULL)
        return;
    jx_arena_free(forms->arena);
    free(forms);
}
