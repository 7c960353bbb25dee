/*
 * prose.c — reading the prose of a document: which lines are prose, and the
 * numbers a sentence states after its key words, with their units.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/*
 * The number right after `p` (skipping the link words of forms/prose.ini
 * [numbers], 为, 是, :, …), its unit words. False when no number follows.
 */
bool jx_number_at(const jx_forms *forms, const char *p, jx_quoted *q)
{
    const jx_word_list *links = &forms->lists[JX_FW_PR_LINKS];
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < links->n; i++)
            if (strncmp(p, links->words[i].word, links->words[i].len) == 0) {
                p += links->words[i].len;
                again = true;
            }
    }
    if (!is_digit(*p))
        return false;
    const char *end = p;
    while (is_digit(*end) || *end == '.' || (*end == ',' && is_digit(end[1])))
        end++;
    char buf[48];
    size_t n = (size_t)(end - p);
    if (n >= sizeof buf)
        return false;
    memcpy(buf, p, n);
    buf[n] = '\0';
    bool percent = *end == '%';
    if (percent && n + 1 < sizeof buf) {
        buf[n] = '%';
        buf[n + 1] = '\0';
    }
    memset(q, 0, sizeof *q);
    if (jx_number_parse(buf, &q->num) != JX_NUM_VALUE)
        return false;
    q->wan = starts_with(end, "万元") || starts_with(end, "万");
    q->yuan = starts_with(end, "元");
    q->points = starts_with(end, "分") && !starts_with(end, "分值");
    return true;
}

/* The first number that follows one of `keys` in the sentence (the earliest key; on a tie, the first listed). */
bool jx_quote_after(const jx_forms *forms, const char *s, const jx_form_word *keys, size_t nkeys,
                    jx_quoted *q)
{
    const char *best = NULL;
    jx_quoted found = {0};
    for (size_t i = 0; i < nkeys; i++) {
        for (const char *p = strstr(s, keys[i].word); p; p = strstr(p + 1, keys[i].word)) {
            jx_quoted cand;
            if (jx_number_at(forms, p + keys[i].len, &cand) && (best == NULL || p < best)) {
                best = p;
                found = cand;
                break;
            }
        }
    }
    if (best)
        *q = found;
    return best != NULL;
}

bool jx_quote_after_list(const jx_forms *forms, const char *s, jx_form_list keys, jx_quoted *q)
{
    return jx_quote_after(forms, s, forms->lists[keys].words, forms->lists[keys].n, q);
}

bool *jx_prose_lines(const jx_document *doc)
{
    /* Table ranges as +1/-1 steps summed in one pass: a scan of every table
       for every line made a document of many tables quadratic. */
    size_t n = doc->nlines;
    int64_t *depth = calloc(n + 2, sizeof *depth);
    bool *prose = malloc((n ? n : 1) * sizeof *prose);
    if (depth == NULL || prose == NULL) {
        free(depth);
        free(prose);
        return NULL;
    }
    for (size_t k = 0; k < doc->ntables; k++) {
        uint32_t a = doc->tables[k].line_start, b = doc->tables[k].line_end;
        if (a == 0 || b < a || a > n)
            continue;
        depth[a]++;
        depth[(b < n ? b : n) + 1]--;
    }
    int64_t inside = 0;
    for (size_t i = 0; i < n; i++) {
        inside += depth[doc->lines[i].line <= n ? doc->lines[i].line : 0];
        prose[i] = inside == 0 && strchr(doc->lines[i].text, '\t') == NULL;
    }
    free(depth);
    return prose;
}

