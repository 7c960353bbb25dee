/*
 * fields.c — the fields of a scorecard's rows as a table (fields.def): by
 * block, by name, and what a field holds in a row. The JSON writer, the
 * template reader, the workbook and the checks find the members here, so a
 * field added to fields.def is written, placed and printed without a line
 * of theirs.
 */
#include "model.h"

#include <stddef.h>
#include <string.h>

static const jx_field fields[JX_FIELD_COUNT] = {
#define JX_FIELD(block, type, member, holds, style, role, header)                           \
    {JX_FIELD_##block##_##member, JX_BLOCK_##block, #member, JX_HOLDS_##holds,              \
     JX_STYLE_##style, offsetof(type, member), header},
#include "fields.def"
};

static const char *const block_names[JX_BLOCK_COUNT] = {
#define JX_FIELD_BLOCK(block) #block,
#include "fields.def"
};

/* Where each block's run of fields starts: its fields follow its
 * JX_FIELD_BLOCK line, so it starts where the previous block's fields end
 * (a field put under another block's line is found by test_fields.c). */
enum {
#define JX_FIELD_BLOCK(block) FIRST_OF_##block, BEFORE_##block = FIRST_OF_##block - 1,
#define JX_FIELD(block, type, member, holds, style, role, header) AT_##block##_##member,
#include "fields.def"
};
static const size_t block_first[JX_BLOCK_COUNT + 1] = {
#define JX_FIELD_BLOCK(block) FIRST_OF_##block,
#include "fields.def"
    JX_FIELD_COUNT,
};

const jx_field *jx_field_of(jx_field_id id)
{
    return &fields[id < JX_FIELD_COUNT ? id : 0];
}

jx_field_list jx_block_fields(jx_card_block block)
{
    if (block >= JX_BLOCK_COUNT)
        return (jx_field_list){fields, 0};
    return (jx_field_list){&fields[block_first[block]],
                           block_first[block + 1] - block_first[block]};
}

jx_card_block jx_card_block_named(const char *name)
{
    for (int b = 0; name && b < JX_BLOCK_COUNT; b++)
        if (strcmp(block_names[b], name) == 0)
            return (jx_card_block)b;
    return JX_BLOCK_COUNT;
}

const char *jx_card_block_name(jx_card_block block)
{
    return block < JX_BLOCK_COUNT ? block_names[block] : "";
}

const jx_field *jx_field_named(jx_card_block block, const char *name)
{
    jx_field_list list = jx_block_fields(block);
    for (size_t i = 0; name && i < list.n; i++)
        if (strcmp(list.fields[i].name, name) == 0)
            return &list.fields[i];
    return NULL;
}

const jx_value *jx_field_value(const jx_field *field, const void *row)
{
    if (field->holds != JX_HOLDS_VALUE)
        return NULL;
    return (const jx_value *)((const char *)row + field->offset);
}

const char *jx_field_text(const jx_field *field, const void *row)
{
    if (field->holds != JX_HOLDS_TEXT)
        return NULL;
    return *(const char *const *)((const char *)row + field->offset);
}
