/*
 * narrative_parts.c — what a sentence of the prose says about its own
 * amounts, with no table to hold them against (a 决算说明 or a self-evaluation
 * report whose tables are elsewhere):
 *
 *   - a total and its 其中 parts ("收入为1687.45万元，其中：财政拨款收入
 *     1516.64万元，…；事业收入170.81万元"): the parts add up to the total; a
 *     total in 元 whose parts add up to it in 万元 is a unit slip;
 *   - a part's share ("…1516.64万元，占89.88%"): part / total;
 *   - a change on the year before ("…1516.64万元，与上年相比减少58.49万元，
 *     降低3.71%"): the change / last year's amount (this year's less the
 *     increase, or plus the decrease).
 *
 * The words (其中, 占, 增加 …) are forms/prose.ini [parts]. A sentence ends at
 * 。; parts run from 其中 to the end of its sentence, and a sentence that
 * starts with 其中 takes its total from the sentence before. An amount after
 * a change or comparison word (减少, 大于 …) is neither a total nor a part.
 * Each contradiction is a `narrative` finding on the line that prints it.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* Numbers a sentence is read for; a longer list is no sentence a person wrote. */
#define SENTENCE_TOKENS 128
/* 1 万元 in 元. */
#define YUAN_PER_WAN 10000
/* Bytes between two figures of one list at most (about 40 characters): a
 * longer stretch of words has left the list (a reason, the next topic). */
#define LIST_GAP_BYTES 120
/* Bytes before a figure its word is looked for in (about 8 characters). */
#define WORD_REACH_BYTES 24

typedef enum { TOKEN_AMOUNT, TOKEN_PERCENT } token_kind;

typedef struct {
    token_kind kind;
    jx_quoted q;
    int64_t wan;          /* the amount in 万元 micros (元 / 10000) */
    bool after_among;     /* after 其中 in its sentence */
    int change;           /* +1 after an increase word, -1 after a decrease word */
    bool comparison;      /* after 大于, 超过 …: a difference, not an amount */
    bool share;           /* a percent after 占 */
    bool far;             /* far from the token before it: a list does not go on past it */
    size_t clause;        /* how many ; before it in its sentence */
} token;

/* The words looked for before a figure (what it is: an increase, a decrease,
 * a comparison, a share), gathered once per document so that one walk over
 * the few characters before a figure finds them all. */
enum { WORD_INCREASE = 1, WORD_DECREASE = 2, WORD_COMPARISON = 4, WORD_SHARE = 8 };

typedef struct {
    const char *word;
    size_t len;
    uint32_t head, mask; /* its first three bytes (fewer for a shorter word), packed */
    unsigned kind;
} gap_word;

typedef struct {
    gap_word *words;
    size_t n;
    bool inner; /* a word begins inside a character: every byte is a start */
    bool short_word; /* a word of one byte: every position is compared with every word */
    uint64_t *pairs; /* the words' first two bytes, a bit each (65,536): most positions have none */
} gap_words;

typedef struct {
    jx_report *report;
    const jx_rules *rules;
    const jx_forms *forms;
    uint32_t line;
    gap_words gap;
    bool digit_link; /* a link word of forms/prose.ini [numbers] begins with a digit */
} reader;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Up to three bytes of s as one number (the first in the top byte). */
static uint32_t pack3(const char *s, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < 3; i++)
        v = v << 8 | (i < n ? (unsigned char)s[i] : 0);
    return v;
}

static bool gap_words_build(gap_words *g, const jx_forms *forms)
{
    static const struct {
        jx_form_list list;
        unsigned kind;
    } lists[] = {{JX_FW_PA_INCREASE, WORD_INCREASE}, {JX_FW_PA_DECREASE, WORD_DECREASE},
                 {JX_FW_PA_COMPARISON, WORD_COMPARISON}, {JX_FW_PA_SHARE, WORD_SHARE}};
    size_t total = 0;
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
        total += forms->lists[lists[k].list].n;
    g->words = malloc((total ? total : 1) * sizeof *g->words);
    g->pairs = calloc(65536 / 64, sizeof *g->pairs);
    if (g->words == NULL || g->pairs == NULL)
        return false;
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
        const jx_word_list *l = &forms->lists[lists[k].list];
        for (size_t i = 0; i < l->n; i++) {
            size_t len = l->words[i].len;
            uint32_t mask = len >= 3 ? 0xFFFFFF : len == 2 ? 0xFFFF00 : len == 1 ? 0xFF0000 : 0;
            g->words[g->n++] = (gap_word){l->words[i].word, len,
                                          pack3(l->words[i].word, len) & mask, mask,
                                          lists[k].kind};
            g->inner = g->inner || (len > 0 && ((unsigned char)l->words[i].word[0] & 0xC0) == 0x80);
            g->short_word = g->short_word || len < 2;
            if (len >= 2) {
                unsigned pair = (unsigned char)l->words[i].word[0] << 8
                              | (unsigned char)l->words[i].word[1];
                g->pairs[pair >> 6] |= UINT64_C(1) << (pair & 63);
            }
        }
    }
    return true;
}

/*
 * The kinds of the words text[from, to) holds (as a search of each list's
 * words at every byte would say). The word before a figure is looked for in
 * the last few characters before it: one walk over them compares each
 * position's first character with every word's, and only a word that begins
 * so whole.
 */
static unsigned gap_kinds(const gap_words *g, const char *from, const char *to)
{
    unsigned kinds = 0;
    for (const char *q = from; q < to; q++) {
        if (!g->inner && ((unsigned char)*q & 0xC0) == 0x80)
            continue; /* no word begins inside a character */
        size_t avail = (size_t)(to - q);
        if (!g->short_word) {
            /* A word of two bytes or more begins with one of the words' pairs. */
            unsigned pair = (unsigned char)q[0] << 8 | (avail > 1 ? (unsigned char)q[1] : 0);
            if (avail < 2 || !((g->pairs[pair >> 6] >> (pair & 63)) & 1))
                continue;
        }
        uint32_t v = pack3(q, avail);
        for (size_t i = 0; i < g->n; i++) {
            const gap_word *w = &g->words[i];
            if ((v & w->mask) == w->head && w->len <= avail && !(kinds & w->kind)
                && memcmp(q, w->word, w->len) == 0)
                kinds |= w->kind;
        }
    }
    return kinds;
}

/*
 * Where the sentence s[0..end) first says 其中 (a word of the list that begins
 * with a byte of a character, as the walk of read_sentence would come to it;
 * the word may run past end, into the next sentence); NULL when it does not.
 */
static const char *first_among(const jx_forms *forms, const char *s, const char *end)
{
    const jx_word_list *l = &forms->lists[JX_FW_PA_AMONG];
    const char *first = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const char *w = l->words[i].word;
        size_t len = l->words[i].len;
        const char *limit = first ? first : end; /* only an earlier one matters */
        if (len >= 2 && (unsigned char)w[0] >= 0x80) {
            /* Found by its second byte (memchr), which is rarer than a lead byte:
             * a word that begins at q < limit has it at q + 1 <= limit. */
            for (const char *h = s + 1; h <= limit; h++) {
                h = memchr(h, w[1], (size_t)(limit - h) + 1);
                if (h == NULL)
                    break;
                if (h[-1] == w[0] && strncmp(h - 1, w, len) == 0) {
                    first = h - 1;
                    break;
                }
            }
            continue;
        }
        for (const char *q = s; q < limit; q++) {
            if ((unsigned char)*q < 0x80)
                continue;
            if (len == 0 || (*q == w[0] && strncmp(q, w, len) == 0)) {
                first = q;
                break;
            }
            if ((unsigned char)w[0] < 0x80)
                break; /* an ASCII word never begins where a character does */
        }
    }
    return first;
}

/* The end of the number that starts at p (digits, a decimal point, thousands commas). */
static const char *number_end(const char *p)
{
    while (is_digit(*p) || (*p == '.' && is_digit(p[1])) || (*p == ',' && is_digit(p[1])))
        p++;
    return *p == '%' ? p + 1 : p;
}

/*
 * Whether the number at p can be read as an amount or a percent: jx_number_at
 * reads it to the end of its digits, points and thousands commas and calls it
 * one only before %, 万 or 元. Most numbers of a line with 元 in it are
 * neither (years, counts, 第3项), and reading one is a parse: they are passed
 * over here. (jx_number_at first skips its link words; one that begins with
 * a digit would make this no test, and then every number is read.)
 */
static bool may_be_money(const reader *r, const char *p)
{
    if (r->digit_link)
        return true;
    while (is_digit(*p) || *p == '.' || (*p == ',' && is_digit(p[1])))
        p++;
    return *p == '%' || strncmp(p, "万", strlen("万")) == 0 || strncmp(p, "元", strlen("元")) == 0;
}

static const char *fmt(char *buf, size_t size, const jx_number *num)
{
    int n = jx_decimal_format(buf, size, num->micros, num->decimals);
    if (num->percent && n > 0 && (size_t)n + 1 < size)
        strcat(buf, "%");
    return buf;
}

static const char *unit_of(const token *t)
{
    return t->q.wan ? "万元" : "元";
}

/* A percent against the exact one: agrees at its precision; cut off rather
 * than rounded is an info, anything else an error. */
static void check_percent(reader *r, const token *said, int64_t exact, const char *column,
                          const char *how)
{
    if (jx_decimal_agrees(&said->q.num, exact))
        return;
    int decimals = said->q.num.decimals;
    bool truncated = jx_cut_off_not_rounded(&said->q.num, exact);
    jx_finding *f = jx_report_add(r->report, NULL, NULL, JX_CODE_narrative,
                                  truncated ? JX_SEV_INFO : JX_SEV_ERROR, r->line, NULL, "", column);
    if (f)
        f->declared = said->q.num;
    jx_finding_computed(f, jx_decimal_round(exact, decimals), decimals, true);
    char a[48], b[48];
    jx_decimal_format(b, sizeof b, exact, r->rules->rate_decimals);
    jx_finding_message(f, truncated ? "文字称%s%s，%s = %s%%，四舍五入不是%s（文中是截断的）。"
                                    : "文字称%s%s，而%s = %s%%。",
                       column, fmt(a, sizeof a, &said->q.num), how, b, a);
}

/* The parts after 其中 against their total, and each part's share. */
static void check_parts(reader *r, const token *total, const token *parts[], size_t n,
                        const token *shares[])
{
    int64_t sum = 0, sum_as_printed = 0;
    bool overflow = false;
    bool all_wan = true;
    for (size_t i = 0; i < n; i++) {
        jx_sum_add(&sum, parts[i]->wan, &overflow);
        jx_sum_add(&sum_as_printed, parts[i]->q.num.micros, &overflow);
        all_wan &= parts[i]->q.wan;
    }
    if (overflow)
        return;
    char a[48], b[48], c[48];
    int64_t diff = sum - total->wan;
    if (diff != 0 && total->q.yuan && all_wan && sum_as_printed == total->q.num.micros) {
        jx_finding *f = jx_report_add(r->report, NULL, NULL, JX_CODE_narrative, JX_SEV_WARNING,
                                      r->line, NULL, "", "金额单位");
        if (f)
            f->declared = total->q.num;
        jx_finding_message(f, "文字称总数%s元，而其中各项之和为%s万元：总数的单位应为万元。",
                           fmt(a, sizeof a, &total->q.num),
                           fmt(b, sizeof b, &(jx_number){.kind = JX_NUM_VALUE, .micros = sum_as_printed,
                                                         .decimals = total->q.num.decimals}));
        return;
    }
    if (diff != 0 && !jx_rounding_tail(r->rules, diff < 0 ? -diff : diff, n)) {
        /* Parts that add up to more than their total cannot be; fewer may be a list
         * that leaves some out, which the sentence should say. */
        jx_finding *f = jx_report_add(r->report, NULL, NULL, JX_CODE_narrative,
                                      diff > 0 ? JX_SEV_ERROR : JX_SEV_WARNING, r->line, NULL, "",
                                      "其中各项");
        if (f)
            f->declared = total->q.num;
        jx_finding_computed(f, total->q.wan ? sum : sum * YUAN_PER_WAN, 2, false);
        jx_decimal_format(c, sizeof c, total->q.wan ? sum : sum * YUAN_PER_WAN, 2);
        jx_finding_message(f, diff > 0 ? "文字称总数%s%s，而其中所列%zu项之和为%s%s，超过总数。"
                                       : "文字称总数%s%s，而其中所列%zu项之和为%s%s，少于总数（若有未列出的项目，应说明）。",
                           fmt(a, sizeof a, &total->q.num), unit_of(total), n, c, unit_of(total));
        return;
    }
    if (total->wan <= 0)
        return;
    for (size_t i = 0; i < n; i++) {
        int64_t pct;
        if (shares[i] == NULL
            || !jx_decimal_muldiv(parts[i]->wan, 100 * JX_MICRO, total->wan, &pct))
            continue;
        char how[160];
        jx_format(how, sizeof how, "%s%s / %s%s", fmt(a, sizeof a, &parts[i]->q.num),
                 unit_of(parts[i]), fmt(b, sizeof b, &total->q.num), unit_of(total));
        check_percent(r, shares[i], pct, "占比", how);
    }
}

/* "…X万元，与上年相比减少D万元，降低p%": p against D / (X + D). */
static void check_change(reader *r, const token *base, const token *change, const token *rate)
{
    int64_t last_year = base->wan - change->change * change->wan;
    int64_t pct;
    if (last_year <= 0 || !jx_decimal_muldiv(change->wan, 100 * JX_MICRO, last_year, &pct))
        return;
    char a[48], b[48], c[48], how[200];
    jx_decimal_format(c, sizeof c, last_year, 2);
    jx_format(how, sizeof how, "%s%s / 上年%s万元（本年%s%s%s所述变动）", fmt(a, sizeof a, &change->q.num),
             unit_of(change), c, fmt(b, sizeof b, &base->q.num), unit_of(base),
             change->change > 0 ? "减去" : "加上");
    check_percent(r, rate, pct, change->change > 0 ? "增幅" : "降幅", how);
}

/* Reads one sentence's tokens and checks what they say. `carried` is the
 * previous sentence's last amount (a total for a sentence that starts with 其中). */
static void read_sentence(reader *r, const char *s, const char *end, token *carried)
{
    token tokens[SENTENCE_TOKENS];
    size_t n = 0;
    const char *gap = s;
    /* 其中 begins with a character's byte, never inside a number: a figure
     * after it is one of the parts whichever bytes the walk passes over. */
    const char *among = first_among(r->forms, s, end);
    size_t clause = 0;
    for (const char *p = s; p < end && n < SENTENCE_TOKENS;) {
        /* ; and digits are the only bytes looked at outside numbers: the rest is skipped fast. */
        if (*p == ';')
            clause++;
        if (!is_digit(*p) || (p > s && (is_digit(p[-1]) || p[-1] == '.'))) {
            p++;
            continue;
        }
        token t = {0};
        const char *after = number_end(p);
        /* 15元/人 is a rate, not an amount. */
        bool per = strncmp(after, "元/", strlen("元/")) == 0 || strncmp(after, "万元/", strlen("万元/")) == 0;
        if (per || !may_be_money(r, p) || !jx_number_at(r->forms, p, &t.q)
            || (!t.q.num.percent && !t.q.wan && !t.q.yuan)) {
            p = after;
            continue;
        }
        t.kind = t.q.num.percent ? TOKEN_PERCENT : TOKEN_AMOUNT;
        t.wan = t.q.wan ? t.q.num.micros : t.q.num.micros / YUAN_PER_WAN;
        t.after_among = among != NULL && among < p;
        /* The word that says what a figure is stands right before it (减少58.49万元,
         * 占89.88%): the last few characters of the gap are enough. */
        const char *near = p - gap > WORD_REACH_BYTES ? p - WORD_REACH_BYTES : gap;
        unsigned kinds = gap_kinds(&r->gap, near, p);
        t.change = kinds & WORD_INCREASE ? 1 : kinds & WORD_DECREASE ? -1 : 0;
        t.comparison = t.kind == TOKEN_AMOUNT && (kinds & WORD_COMPARISON);
        t.share = t.kind == TOKEN_PERCENT && (kinds & WORD_SHARE);
        t.far = n > 0 && (size_t)(p - gap) > LIST_GAP_BYTES;
        t.clause = clause;
        tokens[n++] = t;
        gap = after;
        p = after;
    }
    const token *total = NULL, *parts[SENTENCE_TOKENS], *shares[SENTENCE_TOKENS];
    size_t nparts = 0;
    /* 其中 before any amount of its own sentence: the total was the sentence before's. */
    const token *before = carried->q.num.kind == JX_NUM_VALUE ? carried : NULL;
    const token *last_amount = NULL;
    bool list_over = false, paired = false;
    for (size_t i = 0; i < n; i++) {
        const token *t = &tokens[i];
        bool plain = t->kind == TOKEN_AMOUNT && t->change == 0 && !t->comparison;
        list_over |= t->after_among && t->far;
        if (t->kind == TOKEN_AMOUNT && t->change != 0 && last_amount != NULL && i + 1 < n
            && tokens[i + 1].kind == TOKEN_PERCENT && tokens[i + 1].change == t->change)
            check_change(r, last_amount, t, &tokens[i + 1]);
        if (plain && !t->after_among)
            total = t;
        if (plain && t->after_among && total == NULL && nparts == 0)
            total = before;
        if (plain && t->after_among && total != NULL && !list_over) {
            parts[nparts] = t;
            shares[nparts] = i + 1 < n && tokens[i + 1].share ? &tokens[i + 1] : NULL;
            nparts++;
        }
        if (plain)
            last_amount = t;
    }
    /* Parts over several ; clauses with two amounts in one (预算X，决算Y; …):
     * figures in pairs, not one list. */
    for (size_t k = 1; k < nparts; k++)
        paired |= parts[k]->clause == parts[k - 1]->clause
                  && parts[0]->clause != parts[nparts - 1]->clause;
    if (total != NULL && nparts >= 2 && !paired)
        check_parts(r, total, parts, nparts, shares);
    if (last_amount != NULL)
        *carried = *last_amount;
    else
        memset(carried, 0, sizeof *carried);
}

void jx_check_narrative_parts(const jx_check_context *ctx)
{
    const jx_document *doc = ctx->doc;
    reader r = {ctx->report, ctx->rules, doc->forms, 0, {NULL, 0, false, false, NULL}, false};
    const jx_word_list *links = &doc->forms->lists[JX_FW_PR_LINKS];
    for (size_t i = 0; i < links->n; i++)
        r.digit_link = r.digit_link || is_digit(links->words[i].word[0]);
    /* A line the other prose checks reported on (a procurement total against
     * its parts, a card's figures) is theirs: one contradiction, one finding. */
    uint32_t last_line = doc->nlines ? doc->lines[doc->nlines - 1].line : 0;
    bool *reported = calloc((size_t)last_line + 1, sizeof *reported);
    if (reported == NULL || !gap_words_build(&r.gap, doc->forms)) {
        free(reported);
        free(r.gap.words);
        free(r.gap.pairs);
        ctx->report->failed = true;
        return;
    }
    for (size_t k = 0; k < ctx->report->nfindings; k++) {
        const jx_finding *f = &ctx->report->findings[k];
        if (strcmp(f->code, "narrative") == 0 && f->line <= last_line)
            reported[f->line] = true;
    }
    for (size_t i = 0; i < doc->nlines; i++) {
        const char *norm = ctx->prose_norms[i];
        /* Every check here is about amounts: a line with no 元 has none. */
        if (norm == NULL || reported[doc->lines[i].line] || strstr(norm, "元") == NULL)
            continue;
        r.line = doc->lines[i].line;
        token carried = {0};
        for (const char *s = norm; *s;) {
            const char *stop = strstr(s, "。");
            const char *end = stop ? stop : s + strlen(s);
            read_sentence(&r, s, end, &carried);
            s = stop ? stop + strlen("。") : end;
        }
    }
    free(reported);
    free(r.gap.words);
    free(r.gap.pairs);
}
