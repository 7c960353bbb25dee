/*
 * narrative_cards.c — which scorecard a sentence of the prose speaks of,
 * answered from an index built once per document.
 *
 * The prose names a card by its project name (the first card whose name
 * the sentence holds), by the heading it stands under (the last card whose
 * name the heading holds, or three quarters of the name's character pairs)
 * or by its money. Asking every card for every sentence made a document of
 * many cards and much prose quadratic; here a sentence costs its length (an
 * Aho-Corasick automaton over the names), a heading a few candidates (the
 * names indexed by their rarest pairs) and the money a binary search.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* Names shorter than this (in bytes) name no card: 3 characters at least. */
#define NAME_MIN_BYTES 9

/* ------------------------------------------------------------ a map of uint64 keys */

typedef struct {
    uint64_t *keys;   /* 0: empty (no key is 0) */
    size_t *values;
    size_t cap, count;
} u64map;

static size_t u64_slot(uint64_t key, size_t mask)
{
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 29) & mask;
}

static bool u64map_put(u64map *m, uint64_t key, size_t value)
{
    if ((m->count + 1) * 2 > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 256;
        uint64_t *keys = calloc(cap, sizeof *keys);
        size_t *values = malloc(cap * sizeof *values);
        if (keys == NULL || values == NULL) {
            free(keys);
            free(values);
            return false;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (m->keys[i] == 0)
                continue;
            size_t s = u64_slot(m->keys[i], cap - 1);
            while (keys[s] != 0)
                s = (s + 1) & (cap - 1);
            keys[s] = m->keys[i];
            values[s] = m->values[i];
        }
        free(m->keys);
        free(m->values);
        m->keys = keys;
        m->values = values;
        m->cap = cap;
    }
    size_t s = u64_slot(key, m->cap - 1);
    while (m->keys[s] != 0 && m->keys[s] != key)
        s = (s + 1) & (m->cap - 1);
    if (m->keys[s] == 0)
        m->count++;
    m->keys[s] = key;
    m->values[s] = value;
    return true;
}

static bool u64map_get(const u64map *m, uint64_t key, size_t *value)
{
    if (m->cap == 0)
        return false;
    for (size_t s = u64_slot(key, m->cap - 1); m->keys[s] != 0; s = (s + 1) & (m->cap - 1))
        if (m->keys[s] == key) {
            *value = m->values[s];
            return true;
        }
    return false;
}

static void u64map_free(u64map *m)
{
    free(m->keys);
    free(m->values);
}

/* Up to 8 bytes as a key: two UTF-8 characters fit, and no byte of text is 0. */
static uint64_t pack(const char *s, size_t n)
{
    uint64_t key = 0;
    for (size_t i = 0; i < n; i++)
        key |= (uint64_t)(unsigned char)s[i] << (8 * i);
    return key;
}

/* ------------------------------------------------------------ the index */

typedef struct {
    const char *name;
    size_t first, last;       /* the first and last card (in table order) with this name */
} card_name;

typedef struct {
    int64_t budget, executed;
    size_t card;
} card_money;

struct jx_card_index {
    const jx_scorecard **cards; /* every card but target tables, in table order */
    size_t ncards;
    card_name *names;           /* distinct names of NAME_MIN_BYTES or more, not department-wide */
    size_t nnames;
    card_money *money;          /* cards with a total row, by (budget, executed, card) */
    size_t nmoney;
    /* Aho-Corasick over the names: node 0 is the root. */
    u64map edges;               /* (node << 8 | byte) + 1 → child */
    size_t *first_child, *next_sibling; /* each node's children, to walk them breadth first
                                           (asking the map for all 255 bytes of every node
                                           cost more than the rest of the prose checks) */
    unsigned char *byte;        /* the byte a node is reached by */
    size_t *fail;
    size_t *first_out, *last_out; /* least first / greatest last card of the names ending
                                     here or at a suffix of it; SIZE_MAX / none */
    size_t nnodes;
    /* Each name under its rarest pairs: pair key → [start, end) of postings. */
    u64map pairs;
    size_t *post_range;         /* 2 per distinct pair key */
    size_t *postings;           /* name indexes */
    size_t *stamp;              /* per name: the query that last saw it */
    size_t query;
};

static int name_cmp(const void *a, const void *b)
{
    const card_name *x = a, *y = b;
    int d = strcmp(x->name, y->name);
    return d ? d : (x->first > y->first) - (x->first < y->first);
}

static int money_cmp(const void *a, const void *b)
{
    const card_money *x = a, *y = b;
    if (x->budget != y->budget)
        return x->budget < y->budget ? -1 : 1;
    if (x->executed != y->executed)
        return x->executed < y->executed ? -1 : 1;
    return (x->card > y->card) - (x->card < y->card);
}

static bool is_amount(const jx_value *v)
{
    return v && v->num.kind == JX_NUM_VALUE && !v->num.percent;
}

/* The money a sentence may name a card by: its funds' or tasks' total row (as narrative.c reads it). */
static bool card_totals(const jx_scorecard *card, const jx_value **budget, const jx_value **executed)
{
    for (size_t i = 0; i < card->nfunds; i++)
        if (card->funds[i].is_total) {
            *budget = &card->funds[i].budget;
            *executed = &card->funds[i].executed;
            return true;
        }
    bool found = false;
    for (size_t i = 0; i < card->ntasks; i++)
        if (card->tasks[i].is_total) {
            *budget = &card->tasks[i].budget_total;
            *executed = &card->tasks[i].exec_total;
            found = true;
        }
    return found;
}

static size_t edge_get(const jx_card_index *ix, size_t node, unsigned char c)
{
    size_t child;
    return u64map_get(&ix->edges, ((uint64_t)node << 8 | c) + 1, &child) ? child : SIZE_MAX;
}

static bool build_automaton(jx_card_index *ix)
{
    size_t bytes = 1;
    for (size_t i = 0; i < ix->nnames; i++)
        bytes += strlen(ix->names[i].name);
    ix->fail = malloc(bytes * sizeof *ix->fail);
    ix->first_out = malloc(bytes * sizeof *ix->first_out);
    ix->last_out = malloc(bytes * sizeof *ix->last_out);
    ix->first_child = malloc(bytes * sizeof *ix->first_child);
    ix->next_sibling = malloc(bytes * sizeof *ix->next_sibling);
    ix->byte = malloc(bytes);
    size_t *queue = malloc(bytes * sizeof *queue);
    if (!ix->fail || !ix->first_out || !ix->last_out || !ix->first_child || !ix->next_sibling
        || !ix->byte || !queue) {
        free(queue);
        return false;
    }
    ix->nnodes = 1;
    ix->first_out[0] = SIZE_MAX;
    ix->last_out[0] = SIZE_MAX;
    ix->first_child[0] = SIZE_MAX;
    for (size_t i = 0; i < ix->nnames; i++) {
        size_t node = 0;
        for (const unsigned char *p = (const unsigned char *)ix->names[i].name; *p; p++) {
            size_t child = edge_get(ix, node, *p);
            if (child == SIZE_MAX) {
                child = ix->nnodes++;
                ix->first_out[child] = ix->last_out[child] = SIZE_MAX;
                ix->first_child[child] = SIZE_MAX;
                ix->next_sibling[child] = ix->first_child[node];
                ix->first_child[node] = child;
                ix->byte[child] = *p;
                if (!u64map_put(&ix->edges, ((uint64_t)node << 8 | *p) + 1, child)) {
                    free(queue);
                    return false;
                }
            }
            node = child;
        }
        /* Names are sorted and distinct: one name ends at a node. */
        ix->first_out[node] = ix->names[i].first;
        ix->last_out[node] = ix->names[i].last;
    }
    /* Breadth first: a node's failure link is known before its children's. */
    size_t head = 0, tail = 0;
    ix->fail[0] = 0;
    queue[tail++] = 0;
    while (head < tail) {
        size_t u = queue[head++];
        /* Any order of a node's children will do: a failure link points to a
         * shallower node, whose links and outputs are final by then. */
        for (size_t v = ix->first_child[u]; v != SIZE_MAX; v = ix->next_sibling[v]) {
            unsigned char c = ix->byte[v];
            size_t f = 0;
            if (u != 0) {
                f = ix->fail[u];
                while (f != 0 && edge_get(ix, f, c) == SIZE_MAX)
                    f = ix->fail[f];
                size_t g = edge_get(ix, f, c);
                f = g != SIZE_MAX ? g : 0;
            }
            ix->fail[v] = f;
            if (ix->first_out[f] != SIZE_MAX
                && (ix->first_out[v] == SIZE_MAX || ix->first_out[f] < ix->first_out[v]))
                ix->first_out[v] = ix->first_out[f];
            if (ix->last_out[f] != SIZE_MAX
                && (ix->last_out[v] == SIZE_MAX || ix->last_out[f] > ix->last_out[v]))
                ix->last_out[v] = ix->last_out[f];
            queue[tail++] = v;
        }
    }
    free(queue);
    return true;
}

/* The character pairs of a name, as narrative's pair_overlap counts them. */
static size_t name_pairs(const char *name, uint64_t *out)
{
    size_t n = 0, left = strlen(name);
    for (const char *p = name; *p;) {
        uint32_t cp;
        size_t a = jx_utf8_next(p, left, &cp);
        if (p[a] == '\0')
            break;
        size_t b = jx_utf8_next(p + a, left - a, &cp);
        out[n++] = pack(p, a + b); /* two characters: 8 bytes at most */
        p += a;
        left -= a;
    }
    return n;
}

typedef struct {
    uint64_t key;
    size_t count;   /* how many pair occurrences of all names are this pair */
} pair_count;

static int pair_rarer(const void *a, const void *b)
{
    const pair_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? -1 : 1;
    return (x->key > y->key) - (x->key < y->key);
}

typedef struct {
    uint64_t key;
    size_t name, last;
} posting;

/* By pair, then latest card first: a heading's search stops at the first name that
   qualifies in each list, since every name after it comes earlier in the document. */
static int posting_cmp(const void *a, const void *b)
{
    const posting *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->last < y->last) - (x->last > y->last);
}

/*
 * A name holds at least three quarters of its P pairs in a heading only if
 * one of its P/4 + 1 rarest pairs is there: each name is listed under those.
 */
static bool build_pairs(jx_card_index *ix)
{
    size_t total = 0;
    for (size_t i = 0; i < ix->nnames; i++)
        total += strlen(ix->names[i].name);
    uint64_t *keys = malloc((total + 1) * sizeof *keys);
    pair_count *own = malloc((total + 1) * sizeof *own);
    posting *posts = malloc((total + 1) * sizeof *posts);
    u64map counts = {0};
    bool ok = keys && own && posts;
    size_t nposts = 0;
    for (size_t i = 0; ok && i < ix->nnames; i++) {
        size_t n = name_pairs(ix->names[i].name, keys);
        for (size_t j = 0; ok && j < n; j++) {
            size_t c = 0;
            u64map_get(&counts, keys[j], &c);
            ok = u64map_put(&counts, keys[j], c + 1);
        }
    }
    for (size_t i = 0; ok && i < ix->nnames; i++) {
        size_t n = name_pairs(ix->names[i].name, keys);
        for (size_t j = 0; j < n; j++) {
            own[j].key = keys[j];
            u64map_get(&counts, keys[j], &own[j].count);
        }
        qsort(own, n, sizeof *own, pair_rarer);
        for (size_t j = 0; j < n && j < n / 4 + 1; j++)
            posts[nposts++] = (posting){own[j].key, i, ix->names[i].last};
    }
    if (ok) {
        qsort(posts, nposts, sizeof *posts, posting_cmp);
        ix->postings = malloc((nposts + 1) * sizeof *ix->postings);
        ix->post_range = malloc((2 * nposts + 2) * sizeof *ix->post_range);
        ok = ix->postings && ix->post_range;
    }
    size_t out = 0, keys_seen = 0;
    for (size_t i = 0; ok && i < nposts; i++) {
        bool new_key = i == 0 || posts[i].key != posts[i - 1].key;
        if (!new_key && posts[i].name == posts[i - 1].name)
            continue; /* a pair twice among one name's rarest */
        if (new_key) {
            if (keys_seen)
                ix->post_range[2 * (keys_seen - 1) + 1] = out;
            ix->post_range[2 * keys_seen] = out;
            ok = u64map_put(&ix->pairs, posts[i].key, keys_seen);
            keys_seen++;
        }
        ix->postings[out++] = posts[i].name;
    }
    if (ok && keys_seen)
        ix->post_range[2 * (keys_seen - 1) + 1] = out;
    u64map_free(&counts);
    free(keys);
    free(own);
    free(posts);
    return ok;
}

void jx_card_index_free(jx_card_index *ix)
{
    if (ix == NULL)
        return;
    free(ix->cards);
    free(ix->names);
    free(ix->money);
    u64map_free(&ix->edges);
    free(ix->first_child);
    free(ix->next_sibling);
    free(ix->byte);
    free(ix->fail);
    free(ix->first_out);
    free(ix->last_out);
    u64map_free(&ix->pairs);
    free(ix->post_range);
    free(ix->postings);
    free(ix->stamp);
    free(ix);
}

jx_card_index *jx_card_index_build(const jx_document *doc)
{
    jx_card_index *ix = calloc(1, sizeof *ix);
    size_t n = doc->ntables ? doc->ntables : 1;
    if (ix == NULL)
        return NULL;
    ix->cards = malloc(n * sizeof *ix->cards);
    ix->names = malloc(n * sizeof *ix->names);
    ix->money = malloc(n * sizeof *ix->money);
    if (!ix->cards || !ix->names || !ix->money)
        goto fail;
    for (size_t k = 0; k < doc->ntables; k++) {
        const jx_scorecard *card = doc->tables[k].scorecard;
        if (card == NULL || card->kind == JX_KIND_TARGET)
            continue;
        size_t at = ix->ncards++;
        ix->cards[at] = card;
        if (card->kind != JX_KIND_DEPARTMENT && strlen(card->name) >= NAME_MIN_BYTES)
            ix->names[ix->nnames++] = (card_name){card->name, at, at};
        const jx_value *budget, *executed;
        if (card_totals(card, &budget, &executed) && is_amount(budget) && is_amount(executed))
            ix->money[ix->nmoney++] = (card_money){budget->num.micros, executed->num.micros, at};
    }
    qsort(ix->money, ix->nmoney, sizeof *ix->money, money_cmp);
    qsort(ix->names, ix->nnames, sizeof *ix->names, name_cmp);
    size_t distinct = 0;
    for (size_t i = 0; i < ix->nnames; i++) {
        if (distinct && strcmp(ix->names[distinct - 1].name, ix->names[i].name) == 0)
            ix->names[distinct - 1].last = ix->names[i].last; /* sorted by card */
        else
            ix->names[distinct++] = ix->names[i];
    }
    ix->nnames = distinct;
    ix->stamp = calloc(distinct ? distinct : 1, sizeof *ix->stamp);
    if (ix->stamp == NULL || !build_automaton(ix) || !build_pairs(ix))
        goto fail;
    return ix;
fail:
    jx_card_index_free(ix);
    return NULL;
}

/* The first (or last) card whose name the text holds, as an index into cards; SIZE_MAX if none. */
static size_t named_in(const jx_card_index *ix, const char *text, bool last)
{
    size_t node = 0, best = SIZE_MAX;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        size_t next;
        while ((next = edge_get(ix, node, *p)) == SIZE_MAX && node != 0)
            node = ix->fail[node];
        node = next != SIZE_MAX ? next : 0;
        size_t hit = last ? ix->last_out[node] : ix->first_out[node];
        if (hit != SIZE_MAX && (best == SIZE_MAX || (last ? hit > best : hit < best)))
            best = hit;
    }
    return best;
}

const jx_scorecard *jx_card_named_in(const jx_card_index *ix, const char *text)
{
    size_t i = named_in(ix, text, false);
    return i == SIZE_MAX ? NULL : ix->cards[i];
}

/*
 * A name the heading holds whole holds all its pairs there, so the pair
 * candidates find it too: the overlap alone decides.
 */
const jx_scorecard *jx_card_of_heading(jx_card_index *ix, const char *heading,
                                       int (*overlap)(const char *name, const char *text))
{
    size_t best = SIZE_MAX, len = strlen(heading);
    ix->query++;
    for (size_t o = 0; o < len; o++)
        for (size_t n = 2; n <= 8 && o + n <= len; n++) {
            size_t key;
            if (!u64map_get(&ix->pairs, pack(heading + o, n), &key))
                continue;
            for (size_t i = ix->post_range[2 * key]; i < ix->post_range[2 * key + 1]; i++) {
                size_t name = ix->postings[i];
                if (best != SIZE_MAX && ix->names[name].last <= best)
                    break;
                if (ix->stamp[name] == ix->query)
                    continue;
                ix->stamp[name] = ix->query;
                if (overlap(ix->names[name].name, heading) >= 75) {
                    best = ix->names[name].last;
                    break;
                }
            }
        }
    return best == SIZE_MAX ? NULL : ix->cards[best];
}

const jx_scorecard *jx_card_with_money(const jx_card_index *ix, int64_t budget, int64_t executed)
{
    /* The last entry with this (budget, executed): the first one past it, minus one. */
    size_t lo = 0, hi = ix->nmoney;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const card_money *m = &ix->money[mid];
        if (m->budget < budget || (m->budget == budget && m->executed <= executed))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || ix->money[lo - 1].budget != budget || ix->money[lo - 1].executed != executed)
        return NULL;
    return ix->cards[ix->money[lo - 1].card];
}
