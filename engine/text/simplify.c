/*
 * simplify.c — a traditional character folded to its simplified form, so a
 * document copied from a traditional-character mirror (項目支出績效自評表)
 * matches the forms' words, which are simplified.
 */
#include "text.h"

uint32_t jx_simplify_astral(uint32_t cp)
{
    size_t lo = 0, hi = jx_t2s_astral_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (jx_t2s_astral[mid].traditional < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < jx_t2s_astral_count && jx_t2s_astral[lo].traditional == cp
               ? jx_t2s_astral[lo].simplified
               : cp;
}
