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

enum { FILE_SCORECARD, FILE_TABLES, FILE_LEDGERS, FILE_COUNT };

static const char *const file_names[FILE_COUNT] = {"scorecard", "tables", "ledgers"};

/* The sections of each file, by id (an id is the index). */
enum { SC_ANY, SC_IND, SC_FUNDS, SC_TASKS, SC_MGMT, SC_ID, SC_LEVELS, SC_TOTAL, SC_TFUNDS,
       SC_GOALS };
static const char *const scorecard_sections[] = {
    "any_block",      "indicators", "funds", "tasks",        "management",
    "identification", "levels",     "total", "target_funds", "goals"};
enum { TB_TARGET, TB_SPECIAL, TB_SCORECARD, TB_DEPARTMENT, TB_CONTENTS, TB_LEDGER };
static const char *const tables_sections[] = {"target",     "special_fund", "scorecard",
                                              "department", "contents",     "ledger"};
enum { LG_TITLES, LG_COLUMNS, LG_THREE_PUBLIC };
static const char *const ledgers_sections[] = {"titles", "columns", "three_public"};

typedef struct {
    int file;
    int section;
    const char *key;
} list_place;

static const list_place places[JX_FW_COUNT] = {
    [JX_FW_ANY_WEIGHT] = {FILE_SCORECARD, SC_ANY, "weight"},
    [JX_FW_ANY_SCORE] = {FILE_SCORECARD, SC_ANY, "score"},
    [JX_FW_ANY_RATE] = {FILE_SCORECARD, SC_ANY, "rate"},
    [JX_FW_IND_L1] = {FILE_SCORECARD, SC_IND, "level1"},
    [JX_FW_IND_L2] = {FILE_SCORECARD, SC_IND, "level2"},
    [JX_FW_IND_L3] = {FILE_SCORECARD, SC_IND, "level3"},
    [JX_FW_IND_TARGET] = {FILE_SCORECARD, SC_IND, "target"},
    [JX_FW_IND_ACTUAL] = {FILE_SCORECARD, SC_IND, "actual"},
    [JX_FW_IND_DEVIATION] = {FILE_SCORECARD, SC_IND, "deviation"},
    [JX_FW_IND_NOTE] = {FILE_SCORECARD, SC_IND, "note"},
    [JX_FW_FUNDS_INITIAL] = {FILE_SCORECARD, SC_FUNDS, "initial"},
    [JX_FW_FUNDS_BUDGET] = {FILE_SCORECARD, SC_FUNDS, "budget"},
    [JX_FW_FUNDS_EXECUTED] = {FILE_SCORECARD, SC_FUNDS, "executed"},
    [JX_FW_FUNDS_TOTAL_ROW] = {FILE_SCORECARD, SC_FUNDS, "total_row"},
    [JX_FW_TASK_NAME] = {FILE_SCORECARD, SC_TASKS, "name"},
    [JX_FW_TASK_CONTENT] = {FILE_SCORECARD, SC_TASKS, "content"},
    [JX_FW_TASK_STATUS] = {FILE_SCORECARD, SC_TASKS, "status"},
    [JX_FW_TASK_BUDGET] = {FILE_SCORECARD, SC_TASKS, "budget"},
    [JX_FW_TASK_EXECUTED] = {FILE_SCORECARD, SC_TASKS, "executed"},
    [JX_FW_TASK_PART_TOTAL] = {FILE_SCORECARD, SC_TASKS, "part_total"},
    [JX_FW_TASK_PART_FISCAL] = {FILE_SCORECARD, SC_TASKS, "part_fiscal"},
    [JX_FW_TASK_PART_OTHER] = {FILE_SCORECARD, SC_TASKS, "part_other"},
    [JX_FW_TASK_TOTAL_ROW] = {FILE_SCORECARD, SC_TASKS, "total_row"},
    [JX_FW_MGMT_DESCRIPTION] = {FILE_SCORECARD, SC_MGMT, "description"},
    [JX_FW_MGMT_NOTE] = {FILE_SCORECARD, SC_MGMT, "note"},
    [JX_FW_MGMT_OPENS] = {FILE_SCORECARD, SC_MGMT, "opens"},
    [JX_FW_ID_NAME] = {FILE_SCORECARD, SC_ID, "name"},
    [JX_FW_ID_DEPARTMENT] = {FILE_SCORECARD, SC_ID, "department"},
    [JX_FW_ID_IMPLEMENTER] = {FILE_SCORECARD, SC_ID, "implementer"},
    [JX_FW_LEVEL1] = {FILE_SCORECARD, SC_LEVELS, "level1"},
    [JX_FW_LEVEL2_ONLY] = {FILE_SCORECARD, SC_LEVELS, "level2_only"},
    [JX_FW_LEVEL1_OR_2] = {FILE_SCORECARD, SC_LEVELS, "level1_or_level2"},
    [JX_FW_TOTAL_OPENS] = {FILE_SCORECARD, SC_TOTAL, "opens"},
    [JX_FW_TFUNDS_OPENS] = {FILE_SCORECARD, SC_TFUNDS, "opens"},
    [JX_FW_TFUNDS_TOTAL_ROW] = {FILE_SCORECARD, SC_TFUNDS, "total_row"},
    [JX_FW_GOALS_OPENS] = {FILE_SCORECARD, SC_GOALS, "opens"},
    [JX_FW_GOALS_OPENS_ANY_CELL] = {FILE_SCORECARD, SC_GOALS, "opens_any_cell"},
    [JX_FW_GOALS_SKIP] = {FILE_SCORECARD, SC_GOALS, "skip"},
    [JX_FW_TBL_TARGET_TITLE] = {FILE_TABLES, TB_TARGET, "title"},
    [JX_FW_TBL_TARGET_VALUES] = {FILE_TABLES, TB_TARGET, "values"},
    [JX_FW_TBL_SPECIAL_TITLE] = {FILE_TABLES, TB_SPECIAL, "title"},
    [JX_FW_TBL_SPECIAL_FUND_TITLE] = {FILE_TABLES, TB_SPECIAL, "fund_title"},
    [JX_FW_TBL_SPECIAL_EVAL_TITLE] = {FILE_TABLES, TB_SPECIAL, "evaluation_title"},
    [JX_FW_TBL_CARD_TITLE] = {FILE_TABLES, TB_SCORECARD, "title"},
    [JX_FW_TBL_CARD_INDICATORS] = {FILE_TABLES, TB_SCORECARD, "indicators"},
    [JX_FW_TBL_CARD_SCORED] = {FILE_TABLES, TB_SCORECARD, "scored"},
    [JX_FW_TBL_DEPT_TITLE] = {FILE_TABLES, TB_DEPARTMENT, "title"},
    [JX_FW_TBL_DEPT_PROJECT_TITLE] = {FILE_TABLES, TB_DEPARTMENT, "project_title"},
    [JX_FW_TBL_DEPT_PROJECT_HEADER] = {FILE_TABLES, TB_DEPARTMENT, "project_header"},
    [JX_FW_TBL_DEPT_HEADER] = {FILE_TABLES, TB_DEPARTMENT, "header"},
    [JX_FW_TBL_CONTENTS_HEADER] = {FILE_TABLES, TB_CONTENTS, "header"},
    [JX_FW_TBL_LEDGER_TITLE] = {FILE_TABLES, TB_LEDGER, "title"},
    [JX_FW_TBL_LEDGER_HEADER] = {FILE_TABLES, TB_LEDGER, "header"},
    [JX_FW_LT_THREE_PUBLIC] = {FILE_LEDGERS, LG_TITLES, "three_public"},
    [JX_FW_LT_OFFICE_RUNNING] = {FILE_LEDGERS, LG_TITLES, "office_running"},
    [JX_FW_LT_PROCUREMENT] = {FILE_LEDGERS, LG_TITLES, "procurement"},
    [JX_FW_LT_FUND] = {FILE_LEDGERS, LG_TITLES, "fund"},
    [JX_FW_LT_STATE_CAPITAL] = {FILE_LEDGERS, LG_TITLES, "state_capital"},
    [JX_FW_LT_SPECIAL_PROJECTS] = {FILE_LEDGERS, LG_TITLES, "special_projects"},
    [JX_FW_LT_BASIC] = {FILE_LEDGERS, LG_TITLES, "basic"},
    [JX_FW_LT_BASIC_FUNCTIONAL] = {FILE_LEDGERS, LG_TITLES, "basic_functional"},
    [JX_FW_LT_BASIC_ECONOMIC] = {FILE_LEDGERS, LG_TITLES, "basic_economic"},
    [JX_FW_LT_BASIC_ECONOMIC_ALSO] = {FILE_LEDGERS, LG_TITLES, "basic_economic_also"},
    [JX_FW_LT_FISCAL] = {FILE_LEDGERS, LG_TITLES, "fiscal"},
    [JX_FW_LT_FISCAL_SUMMARY] = {FILE_LEDGERS, LG_TITLES, "fiscal_summary"},
    [JX_FW_LT_SUMMARY] = {FILE_LEDGERS, LG_TITLES, "summary"},
    [JX_FW_LT_GENERAL] = {FILE_LEDGERS, LG_TITLES, "general"},
    [JX_FW_LT_GENERAL_ECONOMIC] = {FILE_LEDGERS, LG_TITLES, "general_economic"},
    [JX_FW_LT_INCOME] = {FILE_LEDGERS, LG_TITLES, "income"},
    [JX_FW_LT_EXPENSE] = {FILE_LEDGERS, LG_TITLES, "expense"},
    [JX_FW_LC_LABEL] = {FILE_LEDGERS, LG_COLUMNS, "label"},
    [JX_FW_TP_ABROAD] = {FILE_LEDGERS, LG_THREE_PUBLIC, "abroad"},
    [JX_FW_TP_RECEPTION] = {FILE_LEDGERS, LG_THREE_PUBLIC, "reception"},
    [JX_FW_TP_CAR] = {FILE_LEDGERS, LG_THREE_PUBLIC, "car"},
    [JX_FW_TP_CAR_BUY] = {FILE_LEDGERS, LG_THREE_PUBLIC, "car_buy"},
    [JX_FW_TP_CAR_RUN] = {FILE_LEDGERS, LG_THREE_PUBLIC, "car_run"},
    [JX_FW_TP_MEETING] = {FILE_LEDGERS, LG_THREE_PUBLIC, "meeting"},
    [JX_FW_TP_TRAINING] = {FILE_LEDGERS, LG_THREE_PUBLIC, "training"},
    [JX_FW_TP_ALL] = {FILE_LEDGERS, LG_THREE_PUBLIC, "all"},
    [JX_FW_TP_SUBTOTAL] = {FILE_LEDGERS, LG_THREE_PUBLIC, "subtotal"},
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static int find_in(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

static int find_scorecard_section(const char *name)
{
    return find_in(scorecard_sections, COUNT_OF(scorecard_sections), name);
}

static int find_tables_section(const char *name)
{
    return find_in(tables_sections, COUNT_OF(tables_sections), name);
}

static int find_ledgers_section(const char *name)
{
    return find_in(ledgers_sections, COUNT_OF(ledgers_sections), name);
}

static const jx_ini_schema schemas[FILE_COUNT] = {
    [FILE_SCORECARD] = {.find_section = find_scorecard_section, .noun = "form"},
    [FILE_TABLES] = {.find_section = find_tables_section, .noun = "form"},
    [FILE_LEDGERS] = {.find_section = find_ledgers_section, .noun = "form"},
};

static const char *section_name(int file, int section)
{
    return file == FILE_TABLES    ? tables_sections[section]
         : file == FILE_LEDGERS ? ledgers_sections[section]
                                : scorecard_sections[section];
}

/* ------------------------------------------------------------ matching */

bool jx_forms_match(const jx_forms *forms, jx_form_list list, const char *norm)
{
    const jx_word_list *l = &forms->lists[list];
    for (size_t i = 0; i < l->n; i++) {
        const jx_form_word *w = &l->words[i];
        switch (w->how) {
        case JX_MATCH_EXACT:
            if (strcmp(norm, w->word) == 0)
                return true;
            break;
        case JX_MATCH_PREFIX:
            if (strncmp(norm, w->word, w->len) == 0)
                return true;
            break;
        case JX_MATCH_CONTAINS:
            if (strstr(norm, w->word) != NULL)
                return true;
            break;
        }
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

/* One word of a list, `word`, `word*` or `*word*`, appended to list. */
static bool add_word(reader *r, jx_word_list *list, const char *key, const char *s, size_t n)
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
    }
    if (n == 0)
        return jx_ini_fail(&r->ini, r->ini.line, "'%s': an empty word", key);
    if (memchr(s, '*', n) != NULL)
        return jx_ini_fail(&r->ini, r->ini.line,
                           "'%s': '*' goes only after a word (word*) or around it (*word*)", key);
    char *word = jx_arena_strndup(r->arena, s, n);
    jx_form_word *words = jx_arena_alloc(r->arena, (list->n + 1) * sizeof *words);
    if (word == NULL || words == NULL)
        return jx_ini_fail(&r->ini, r->ini.line, "out of memory");
    if (list->n)
        memcpy(words, list->words, list->n * sizeof *words);
    words[list->n++] = (jx_form_word){word, n, how};
    list->words = words;
    return true;
}

static jx_ini_key_result on_key(void *user, int section, const char *key, const char *value)
{
    reader *r = user;
    for (size_t i = 0; i < JX_FW_COUNT; i++) {
        const list_place *p = &places[i];
        if (p->file != r->file || p->section != section || strcmp(p->key, key) != 0)
            continue;
        if (r->given[i] == 0)
            r->given[i] = r->ini.line;
        for (const char *s = value;;) {
            const char *comma = strchr(s, ',');
            size_t n = comma ? (size_t)(comma - s) : strlen(s);
            if (!add_word(r, &r->forms->lists[i], key, s, n))
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
                         section_name(file, places[i].section));
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

jx_status jx_forms_copy(jx_arena *arena, const jx_forms *src, jx_forms *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < JX_FW_COUNT; i++) {
        const jx_word_list *from = &src->lists[i];
        jx_form_word *words = jx_arena_alloc(arena, (from->n ? from->n : 1) * sizeof *words);
        if (words == NULL)
            return JX_ERR_NOMEM;
        for (size_t k = 0; k < from->n; k++) {
            words[k] = from->words[k];
            words[k].word = jx_arena_strndup(arena, from->words[k].word, from->words[k].len);
            if (words[k].word == NULL)
                return JX_ERR_NOMEM;
        }
        out->lists[i] = (jx_word_list){words, from->n};
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
