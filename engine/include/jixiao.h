/*
 * jixiao — scoring engine for Chinese government performance self-evaluation
 * tables (绩效自评表) and the financial tables around them.
 *
 * The public API: every function declared here, and only these, is exported
 * by libjixiao.so and libjixiao.a (JX_API; the rest of the library is
 * compiled with -fvisibility=hidden). Build against it with
 * `pkg-config --cflags --libs jixiao`.
 *
 * Pipeline: bytes -> decode -> UTF-8 text -> segment -> tables (grids)
 *           -> classify -> models -> evaluate(rules) -> findings -> render.
 *
 * A program embedding it:
 *
 *     jx_error err = {0};
 *     jx_document *doc = jx_document_load("x.txt", JX_FORMAT_AUTO, &err);
 *     static jx_rules rules;                           (7 KB: not on a small stack)
 *     jx_rules_pick(doc, "rules", &rules, &err);
 *     jx_report *report = jx_evaluate(doc, &rules, &err);
 *     jx_buf out; jx_buf_init(&out);
 *     jx_render_check_json(&out, report);              (out.data, out.len)
 *     jx_buf_free(&out); jx_report_free(report); jx_document_free(doc);
 *
 * ERRORS — one convention:
 *   - A function that can fail returns jx_status (JX_OK on success) and fills
 *     the jx_error it is given; a constructor (jx_document_load/parse,
 *     jx_evaluate) returns NULL instead and fills the jx_error. err may be
 *     NULL when the caller does not want the reason. On failure, outputs are
 *     left in a state that is safe to free (or, for jx_rules/jx_template,
 *     to read path from) and nothing else.
 *   - err->line is the 1-based line of the input at fault when one is known
 *     (0 otherwise); err->message is one UTF-8 sentence without a newline.
 *   - Appending to a jx_buf (the jx_buf_* functions, jx_text_escape and the
 *     jx_render_* renderers) never fails visibly: running out of memory sets
 *     buf->failed, which stays set; check it once when done.
 *   - Pure helpers (jx_number_parse, jx_decimal_*, the *_name functions)
 *     cannot fail; a jx_decimal_* that returns bool says false when the
 *     result does not exist (overflow past JX_AMOUNT_LIMIT, division by 0).
 *
 * LIFETIMES AND OWNERSHIP:
 *   - What a jx_*_new/_load/_parse/jx_evaluate returns as a pointer the caller
 *     owns and frees with the matching jx_*_free (each accepts NULL).
 *   - A jx_document owns everything reachable from it (tables, grids, cells,
 *     scorecards, every string) in one arena: all of it stays valid until
 *     jx_document_free and is read-only for the caller.
 *   - jx_rules and jx_template are plain values the caller allocates (about
 *     7 and 10 kilobytes: better not on a small stack) and may copy; they own
 *     no memory and need no free.
 *   - A jx_report borrows its document and rule set (report->doc,
 *     report->rules, and every finding's table, cell and text point into
 *     them): both must outlive it. Free the report first.
 *   - A jx_templates set owns copies of its templates; jx_write_workbook only
 *     reads it.
 *   - Strings passed in are copied or only read during the call; no function
 *     keeps a pointer to an argument other than the document and rules a
 *     report borrows.
 *
 * THREADS: the library keeps no mutable global state. Different documents,
 * reports and buffers may be processed on different threads at once; one
 * object may be read from several threads as long as none changes it.
 * A jx_rules or jx_templates may be shared, read-only, by every thread.
 *
 * The library never prints and never exits.
 */
#ifndef JIXIAO_H
#define JIXIAO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version this header belongs to; jx_version() is the library's own.
 * MAJOR.MINOR name the shared library (libjixiao.so.MAJOR.MINOR, soname
 * libjixiao.so.MAJOR): MAJOR changes when programs built before must be
 * rebuilt. */
#define JX_VERSION "0.1.0"

#if defined(__GNUC__) || defined(__clang__)
#define JX_API __attribute__((visibility("default")))
#else
#define JX_API
#endif

/* The version of the library linked at run time, "0.1.0": compare with JX_VERSION. */
JX_API const char *jx_version(void);

/* ------------------------------------------------------------------ errors */

typedef enum {
    JX_OK = 0,
    JX_ERR_IO,        /* the file could not be read */
    JX_ERR_NOT_TEXT,  /* binary or undecodable bytes */
    JX_ERR_TOO_LARGE, /* beyond JX_MAX_INPUT_BYTES */
    JX_ERR_FORMAT,    /* malformed input of a known format (CSV quoting, …) */
    JX_ERR_NOMEM
} jx_status;

/* An error names a line where one is known (line > 0, 1-based). */
typedef struct {
    jx_status status;
    uint32_t line;
    char message[256];
} jx_error;

/* Inputs larger than this are refused rather than half-processed. */
#define JX_MAX_INPUT_BYTES ((size_t)512 * 1024 * 1024)

/* ------------------------------------------------------------------ arena */

/* Every object of a parsed document lives in one arena, freed at once by
 * jx_document_free (opaque: the library's own). */
typedef struct jx_arena jx_arena;

/* ------------------------------------------------------------------ decode */

typedef enum {
    JX_ENC_UTF8 = 0,
    JX_ENC_UTF8_BOM,
    JX_ENC_UTF16LE,
    JX_ENC_UTF16BE,
    JX_ENC_GB18030
} jx_encoding;

JX_API const char *jx_encoding_name(jx_encoding encoding);

/* Why a document's encoding was taken to be what it is: "declared by a
 * byte-order mark", "assumed: not valid UTF-8" (GB18030); "" for UTF-8. */
JX_API const char *jx_encoding_note(jx_encoding encoding);


/* ------------------------------------------------------------------ numbers */

/* Fixed point: value = micros / 10^6. */
#define JX_MICRO 1000000LL

typedef enum {
    JX_CMP_NONE = 0,
    JX_CMP_EQ,   /* =            */
    JX_CMP_GE,   /* ≥, 不低于, …  */
    JX_CMP_LE,   /* ≤, 不超过, …  */
    JX_CMP_GT,   /* >, 大于, …    */
    JX_CMP_LT    /* <, 小于, …    */
} jx_comparator;

typedef enum {
    JX_NUM_EMPTY = 0, /* blank or a dash placeholder (—, ——, --, -, 一) */
    JX_NUM_VALUE,     /* a decimal, possibly with comparator, percent, unit */
    JX_NUM_TEXT       /* anything else: kept as text, never an error */
} jx_number_kind;

/* Units are short (人次, 元/人/年, 万元); longer trailing text makes the cell text. */
#define JX_UNIT_MAX 24

typedef struct {
    jx_number_kind kind;
    int64_t micros;        /* exact value in 10^-6 units (percent: 95.74% -> 95.74) */
    uint8_t decimals;      /* decimals as printed (capped at 6) */
    bool percent;          /* printed with % */
    bool thousands;        /* printed with thousands separators */
    bool corrupt_code;     /* scientific notation such as 1E+06: a code mangled by a spreadsheet */
    bool too_large;        /* JX_NUM_TEXT: a number whose magnitude reaches JX_AMOUNT_LIMIT */
    jx_comparator cmp;
    char unit[JX_UNIT_MAX]; /* UTF-8 unit after the number: 人次, 元/人/年, 万元, … */
} jx_number;

/*
 * Parses one cell. Tolerates the text hazards of PDF extraction: spaces
 * inside numbers, full-width digits and signs, thousands separators, HTML
 * and markdown markers. Never fails: what is not a number is JX_NUM_TEXT.
 */
JX_API jx_number_kind jx_number_parse(const char *text, jx_number *out);

JX_API const char *jx_comparator_symbol(jx_comparator cmp); /* "≥", "" for NONE */

/* Rounds micros half-up (away from zero) to `decimals` places (0..6). */
JX_API int64_t jx_decimal_round(int64_t micros, int decimals);

/*
 * The magnitude every accepted value and every checked result stays below:
 * 2^62 micros, about 4.6 trillion (4.6万亿) of the document's unit. Larger
 * numbers in a document are not read as values; a sum that would reach it is
 * reported, never wrapped. Any difference of two such values fits in int64.
 */
#define JX_AMOUNT_LIMIT ((int64_t)1 << 62)

/* a + b and a - b when the result stays below JX_AMOUNT_LIMIT; false otherwise. */
JX_API bool jx_decimal_add(int64_t a, int64_t b, int64_t *sum);
JX_API bool jx_decimal_sub(int64_t a, int64_t b, int64_t *difference);

/*
 * a × b / c exactly (128-bit intermediate), rounded half-up: an execution rate
 * of any two accepted amounts is right. False when c is 0 or the result would
 * reach JX_AMOUNT_LIMIT.
 */
JX_API bool jx_decimal_muldiv(int64_t a, int64_t b, int64_t c, int64_t *result);

/* a × b for two micros values, rounded half-up to micros; saturates. */
JX_API int64_t jx_decimal_mul(int64_t a, int64_t b);

/* a / b as micros, rounded half-up; false when b is 0. */
JX_API bool jx_decimal_div(int64_t a, int64_t b, int64_t *quotient);

/*
 * Whether a declared value agrees with a computed one at the declared
 * precision: "86%" agrees with 85.64, "9.6" with 9.574 (half-up).
 */
JX_API bool jx_decimal_agrees(const jx_number *declared, int64_t computed);

/* Writes micros with exactly `decimals` decimals ("2129.35"); returns length. */
JX_API int jx_decimal_format(char *buf, size_t size, int64_t micros, int decimals);

/* ------------------------------------------------------------------ grids */

typedef struct {
    const char *text;  /* the cell as in the source (trimmed of the separator) */
    const char *norm;  /* normalised: tags/markers stripped, full-width folded,
                          spaces inside CJK and numbers removed, placeholders
                          ("—", "--", "-", lone "一" in a number column) empty */
    uint32_t line;     /* 1-based source line */
    uint32_t col;      /* 1-based field index in that line */
    uint32_t rowspan;  /* a merged cell of a workbook, Word or HTML table: the rows and */
    uint32_t colspan;  /*   columns it covers (the covered cells are blank); 1 otherwise,
                          and always 1 for text, which lost its merges */
} jx_cell;

typedef struct {
    jx_cell *cells;
    size_t ncells;
    uint32_t line;
} jx_row;

typedef struct {
    jx_row *rows;
    size_t nrows;
    size_t ncols;      /* widest row */
} jx_grid;


/* ------------------------------------------------------------------ tables */

typedef enum {
    JX_KIND_OTHER = 0,
    JX_KIND_PROJECT,      /* 项目支出绩效自评表 */
    JX_KIND_DEPARTMENT,   /* 部门整体支出绩效自评表 */
    JX_KIND_SPECIAL_FUND, /* 中央直达专项资金绩效自评表 */
    JX_KIND_TARGET,       /* 绩效目标表 */
    JX_KIND_LEDGER        /* 决算/预算 financial tables */
} jx_table_kind;

JX_API const char *jx_table_kind_name(jx_table_kind kind);

typedef struct {
    size_t index;          /* 1-based position in the document */
    const char *title;     /* "收入支出决算总表", "" when the document gives none; in
                              the characters printed (項(xiàng)目, 決算 stay) */
    const char *title_norm; /* the title normalised as a cell's norm: what the
                               forms' words are matched against */
    uint32_t title_line;   /* 0 when no title line */
    const char *number;    /* "公开01表", "表14", "" */
    const char *year;      /* "2024年度", "" */
    const char *unit;      /* "万元", "" */
    const char *org;       /* 编制部门/编制单位 line value, "" */
    jx_table_kind kind;
    uint32_t line_start;   /* first and last source line of the table's rows */
    uint32_t line_end;
    size_t header_rows;    /* leading rows that are header, not data */
    size_t continuations;  /* page breaks joined into this table */
    bool ends_document;    /* nothing follows it but blank lines, page numbers and
                              a lost cell's text: an excerpt may have cut it */
    jx_grid grid;
    const struct jx_scorecard *scorecard; /* the model of a scorecard or target
                                             table; NULL for other kinds */
} jx_table;

typedef struct {
    uint32_t line;
    const char *text;      /* one decoded source line, without its LF */
} jx_line;

/* Where a line of a document read from a workbook, Word file, web page or PDF
 * came from: its sheet (into jx_document.parts) and row, or its table and row,
 * or the paragraph's number; in a PDF also its page. */
typedef struct {
    uint32_t part;         /* a workbook's sheet, 0-based; a table's number, 1-based;
                              0 for a paragraph of prose */
    uint32_t row;          /* the sheet's or table's row, 1-based; for prose the
                              paragraph's number, in a PDF the line's number on its
                              page (its first line's, for a paragraph) */
    bool prose;
    uint32_t page;         /* a PDF's page, 1-based (a table's row's own page, for a
                              table across pages); 0 for other formats */
} jx_place;

typedef struct {
    jx_arena *arena;
    const char *name;      /* file name as given */
    const char *format;    /* what it was read as: "text", "csv", "tsv", "xlsx",
                              "xls", "docx", "html", "pdf" */
    const jx_place *places;/* per line (lines[i] ↔ places[i]) for a document read by a
                              reader; NULL for text, CSV and TSV, whose lines are the file's */
    const char *const *parts; /* the sheets' names of a workbook, nparts of them */
    size_t nparts;
    const char *note;      /* what the reader left out or read specially (hidden
                              sheets, ignored footnotes); "" */
    jx_encoding encoding;
    const char *text;      /* decoded UTF-8, text_len bytes; its line ends are NULs
                              once split: read it through `lines` or with text_len */
    size_t text_len;
    jx_line *lines;
    size_t nlines;
    jx_table *tables;
    size_t ntables;
    const struct jx_forms *forms; /* the forms it was read with, read again by the
                                     checks (the ledgers' words): the caller's
                                     (borrowed), or the built-in ones in arena */
} jx_document;

typedef enum {
    JX_FORMAT_AUTO = 0, /* by content (a workbook's or Word file's zip, an HTML page),
                           then by file name (.csv, .tsv), else text */
    JX_FORMAT_TEXT,     /* prose with TAB-separated (or |pipe|) tables */
    JX_FORMAT_TSV,      /* the whole file is one table */
    JX_FORMAT_CSV       /* RFC 4180, the whole file is one table */
} jx_input_format;

/*
 * Where a cell or line of a document is, in the source's own terms, for a
 * reader: "Sheet1!C12" for a workbook, "表2 第5行第3列" for a Word or HTML
 * table, "第12段" for a paragraph, "第3页 表2 第5行第3列" for a PDF's table and
 * "第3页第12行" for its prose (the line's number on the page), "第12行第3列"
 * for text ("第12行" when col is 0). Returns the length written (snprintf's).
 */
JX_API int jx_document_place(const jx_document *doc, uint32_t line, uint32_t col, char *buf,
                             size_t size);

/*
 * Parses a document from memory. `name` is used for format detection
 * (JX_FORMAT_AUTO) and in messages. Returns NULL on failure with err set.
 */
JX_API jx_document *jx_document_parse(const char *name, const unsigned char *bytes,
                                      size_t size, jx_input_format format,
                                      jx_error *err);

/* Reads and parses a file. */
JX_API jx_document *jx_document_load(const char *path, jx_input_format format,
                                     jx_error *err);

JX_API void jx_document_free(jx_document *doc);

/*
 * The forms: which header words give a column which role, which labels open
 * a block, which names are indicator levels, which words give a table its kind
 * and a ledger its form (forms/NAME.ini, see README "Forms").
 * They are compiled into the library, and jx_document_load/parse read that
 * copy; jx_forms_load reads dir/NAME.ini for every form file instead (a
 * caller's synonyms; the command takes $JIXIAO_FORMS), or with dir NULL the
 * built-in copy, once, for a caller that loads many documents. A file that does not
 * read fails with err->message "PATH:LINE: …" naming the key. The value is
 * immutable and may be shared by threads. A document read with it borrows
 * it: free the forms after the last document read with them.
 */
typedef struct jx_forms jx_forms;
JX_API jx_status jx_forms_load(const char *dir, jx_forms **out, jx_error *err);
JX_API void jx_forms_free(jx_forms *forms);

/* jx_document_parse and jx_document_load by `forms` (NULL: the built-in ones). */
JX_API jx_document *jx_document_parse_with(const char *name, const unsigned char *bytes,
                                           size_t size, jx_input_format format,
                                           const jx_forms *forms, jx_error *err);
JX_API jx_document *jx_document_load_with(const char *path, jx_input_format format,
                                          const jx_forms *forms, jx_error *err);

/* ------------------------------------------------------------------ scorecards */

/* One cell of a scorecard read for its value; cell is NULL where the form has none. */
typedef struct {
    const jx_cell *cell;
    jx_number num;          /* parsed from cell->norm; JX_NUM_EMPTY without a cell */
} jx_value;

/* A row of the funds block (项目资金): 年度资金总额 and its 其中 sub-rows. */
typedef struct {
    const char *label;      /* 年度资金总额, 其中:当年财政拨款, 上年结转资金, … */
    uint32_t line;
    bool is_total;          /* 年度资金总额 / 部门预算总额 */
    jx_value initial;       /* 年初预算数 */
    jx_value budget;        /* 全年预算数 (A) */
    jx_value executed;      /* 全年执行数 (B) */
    jx_value weight;        /* 分值 */
    jx_value rate;          /* 执行率 */
    jx_value score;         /* 得分 */
} jx_funds_row;

/* A task row of a department-wide scorecard (年度主要任务), or its 金额合计. */
typedef struct {
    const char *name, *content, *status; /* 任务名称, 主要内容, 完成情况 */
    uint32_t line;
    bool is_total;                        /* 金额合计 */
    jx_value budget_total, budget_fiscal, budget_other; /* 全年预算数 总额/财政拨款/其他资金 */
    jx_value exec_total, exec_fiscal, exec_other;       /* 全年执行数 … */
    jx_value weight, rate, score;
} jx_task_row;

/* Henan's 资金管理情况 block: 安排科学性, 拨付合规性, 使用规范性, 预算绩效管理情况. */
typedef struct {
    const char *item, *description, *note;
    uint32_t line;
    jx_value weight, score;
} jx_management_row;

/* A first-level indicator group with the weight its header declares: 产出指标(50分). */
typedef struct {
    const char *name;          /* 产出指标 */
    const jx_cell *cell;       /* where it is named */
    bool has_declared_weight;
    jx_number declared_weight; /* 50 */
} jx_category;

typedef struct {
    const char *level1, *level2, *level3; /* merged cells carried forward; level3 is
                                              三级指标 or 指标内容 */
    size_t category;           /* index into jx_scorecard.categories */
    uint32_t line;
    jx_value target;           /* 年度指标值 / 指标值, with the comparator and unit of
                                  columns of their own joined (≥ | 95 | % → ≥95%) */
    jx_value actual;           /* 实际完成值 / 实际指标值 */
    jx_value weight;           /* 分值 */
    jx_value score;            /* 得分; 折算得分 where a 权重占比 converts an item score */
    jx_value item_score;       /* 单项指标得分, before its 权重占比 converts it (Hebei) */
    jx_value coefficient;      /* 得分系数: the share of the weight earned (Chongqing) */
    jx_value deviation;        /* 偏差度 (Henan) */
    const char *note;          /* 偏差原因分析及改进措施 / 备注 */
    bool placeholder;          /* a named row with nothing in it (社会成本指标) */
    jx_value level2_weight;    /* the second-level group's weight its label declares
                                  (数量指标15分, 质量指标(10分)); EMPTY when none */
    bool weight_from_level2;   /* weight is level2_weight: the group's one indicator,
                                  on a form with no 分值 column */
    bool part;                 /* a breakdown of the indicator above (其中桃树种植面积):
                                  no weight of its own, not scored */
} jx_indicator;

typedef struct jx_scorecard {
    const jx_table *table;
    jx_table_kind kind;
    const char *name;          /* 项目名称, or the unit for a department-wide card */
    const char *department;    /* 主管部门 */
    const char *implementer;   /* 实施单位 */
    const char *goal_expected, *goal_actual; /* 年度总体目标: 预期目标, 实际完成情况 */
    const char *goal_label;    /* the goals' own label as printed: 年度总体目标,
                                  年度履职目标 (Henan), 总体目标; "" for none */
    jx_funds_row *funds;
    size_t nfunds;
    jx_task_row *tasks;
    size_t ntasks;
    jx_management_row *management;
    size_t nmanagement;
    jx_category *categories;
    size_t ncategories;
    jx_indicator *indicators;
    size_t nindicators;
    bool has_execution_weight; /* the funds header declares the execution score's */
    jx_number execution_weight;/* weight: 预算执行情况(20分), 得分(20分*执行率) */
    jx_value header_total;     /* the total printed in the header: 自评总分 | 97.6 */
    bool has_reason_column;    /* the indicators have a 偏差原因分析及改进措施 (备注) column:
                                  a deduction can be explained where it is made */
    jx_value total_weight;     /* 总分 row: 分值 */
    jx_value total_score;      /* 总分 row: 得分 */
    uint32_t total_line;       /* 0 when the card has no 总分 row */
} jx_scorecard;

/* ------------------------------------------------------------------ rules */

/*
 * A rule set: the weights, formulas, thresholds and tolerances a province
 * scores by, read from an INI file (rules/NAME.ini). All amounts are exact
 * micros; ratios (cap, tier bounds, qualitative bounds) are micros of 1
 * (1.0 = 1000000); percents are micros of a percent point (90% = 90000000).
 */
#define JX_RULES_NAME_MAX 64
#define JX_RULES_TEXT_MAX 256
#define JX_RULES_PATH_MAX 512
#define JX_RULES_MAX_MATCH 64
#define JX_RULES_MAX_CATEGORIES 16
#define JX_RULES_MAX_TIERS 16
#define JX_RULES_MAX_GRADES 8
#define JX_RULES_MAX_UNITS 16
#define JX_RULES_MAX_WORDS 16

/*
 * [words]: the words by which a rule set judges what a cell's text means
 * (national.ini gives them; a set inherits them and may replace a list).
 * Each list is matched as the checks say: contained in the text, or for
 * no_explanation the whole note.
 */
typedef enum {
    JX_WORDS_MISSED,         /* a qualitative actual not achieved: 未达成 … (tried first) */
    JX_WORDS_PARTLY,         /* partly achieved: 部分 (tried second) */
    JX_WORDS_ACHIEVED,       /* achieved: 达成, 完成 … */
    JX_WORDS_NOT_APPLICABLE, /* target, actual or note: the indicator does not apply */
    JX_WORDS_NOT_INCURRED,   /* a note beside an actual of 0: nothing happened (没有 …) */
    JX_WORDS_NO_EXPLANATION, /* a whole note that explains nothing (无, /) */
    JX_WORDS_COST,           /* a first- or second-level name of a cost indicator: less is
                                better when the target has no comparator */
    JX_WORDS_CEILING,        /* an indicator's own name that measures against a ceiling
                                (控制率, 调整率): less is better, likewise */
    JX_WORDS_COUNT
} jx_words_list;

typedef struct {
    char word[JX_RULES_MAX_WORDS][48];
    size_t n;
} jx_rule_words;

typedef enum {
    JX_EXEC_PROPORTIONAL = 0, /* score = weight × min(rate, cap) */
    JX_EXEC_TIERS             /* score = weight × fraction of the first tier the rate reaches */
} jx_exec_formula;

typedef struct {
    int64_t min_rate_percent;  /* tier applies when rate ≥ this (percent micros) */
    int64_t fraction;          /* of the weight (ratio micros) */
} jx_exec_tier;

typedef struct {
    char name[JX_RULES_NAME_MAX];  /* 产出指标 */
    int64_t weight;                /* micros of points */
} jx_category_weight;

typedef struct {
    char name[16];                 /* 优 */
    int64_t min_score;             /* micros of points; grade applies at ≥ */
} jx_grade;

typedef struct {
    char from[JX_UNIT_MAX];        /* 元 */
    char to[JX_UNIT_MAX];          /* 万元 */
    int64_t factor;                /* micros: value in `from` × factor / 10^6 = value in `to` */
} jx_unit_rule;

typedef struct {
    char name[JX_RULES_NAME_MAX];          /* national, shaanxi, … */
    char title[JX_RULES_NAME_MAX];         /* its name in Chinese: 陕西省, 全国基准 ("": none) */
    char description[JX_RULES_TEXT_MAX];   /* one line, Chinese */
    char path[JX_RULES_PATH_MAX];          /* the file it was read from */
    char inherits[JX_RULES_NAME_MAX];      /* base rule set, "" for none */

    /* [match] the province whose divisions, named in a document, pick this
     * set (--rules auto; 陕西 or 陕西省, "" for none), and words that add to
     * its mentions */
    char province[JX_RULES_NAME_MAX];
    char match[JX_RULES_MAX_MATCH][48];
    size_t nmatch;

    /* [weights] */
    jx_category_weight categories[JX_RULES_MAX_CATEGORIES];
    size_t ncategories;
    int64_t total_weight;                  /* 100 */
    int64_t execution_weight;              /* 预算执行率 10 */
    int64_t management_weight;             /* Henan 资金管理 block, 0 when absent */

    /* [execution] */
    jx_exec_formula exec_formula;
    int64_t exec_cap;                      /* ratio micros: 1.0 */
    jx_exec_tier tiers[JX_RULES_MAX_TIERS];/* highest bound first */
    size_t ntiers;
    int exec_score_decimals;               /* precision a recomputed score is given at */
    int rate_decimals;                     /* precision of a recomputed 执行率 (percent) */
    int64_t over_execution_percent;        /* warn above this rate (percent micros): 100% */
    char execution_indicator[JX_RULES_NAME_MAX]; /* Qinghai: the 成本指标 row that carries
                                                    the execution score (项目预算数), "" */

    /* [indicators] */
    bool recompute_quantitative;           /* proportional scores of missed targets */
    int indicator_score_decimals;
    int64_t qualitative_achieved;          /* ratio micros: 达成 ≥ 0.8 of the weight */
    int64_t qualitative_partly;            /* 部分达成 ≥ 0.6 */
    bool deviation_zero_when_met;          /* Henan 偏差度 is 0 for a met target */

    /* [grades] highest first */
    jx_grade grades[JX_RULES_MAX_GRADES];
    size_t ngrades;

    /* [tolerance] */
    int64_t amount_tolerance;              /* per summed item, micros of 万元: 0.01 */
    int64_t score_tolerance;               /* micros of points */
    int64_t rate_tolerance;                /* percent micros */

    /* [units] equivalences and scales between target and actual units */
    jx_unit_rule units[JX_RULES_MAX_UNITS];
    size_t nunits;

    /* [words] by jx_words_list */
    jx_rule_words words[JX_WORDS_COUNT];
} jx_rules;

/*
 * Reads a rule set from INI text; `path` names it in out->path. A rule set
 * that names `inherits = BASE` starts from BASE, whose INI text `resolve`
 * supplies (may be NULL when no rule set inherits): it points *text, and
 * *path for messages (NULL: the name), at memory valid until jx_rules_parse
 * returns. The library parses bases itself, so it can refuse cycles and
 * chains deeper than 8. Errors give the line (err->line) and the key, never
 * the path; an error in a base names the base's path in the message.
 */
typedef jx_status (*jx_rules_resolver)(const char *name, const char **text,
                                       const char **path, jx_error *err, void *ctx);
JX_API jx_status jx_rules_parse(const char *ini_text, const char *path, jx_rules *out,
                                jx_rules_resolver resolve, void *ctx, jx_error *err);

/* Loads NAME (rules_dir/NAME.ini) or a path to an .ini file (bases are
 * looked up beside it, then in rules_dir). On failure out->path still names
 * the file read. */
JX_API jx_status jx_rules_load(const char *name_or_path, const char *rules_dir,
                               jx_rules *out, jx_error *err);

/* The names of the rule sets in rules_dir (NAME of every NAME.ini), sorted, the
 * first `max` of them; *count says how many were stored. JX_ERR_IO when the
 * directory cannot be read (*count is 0; the message does not name it). */
JX_API jx_status jx_rules_list(const char *rules_dir, char names[][JX_RULES_NAME_MAX],
                               size_t max, size_t *count, jx_error *err);

/*
 * The divisions of China, province, prefecture and county level (the file
 * rules_dir/JX_GAZETTEER_FILE: GB/T 2260 code, name, city, province, short
 * name, tab-separated), indexed by every spelling `--rules auto` counts. Read
 * it once and pass it to every jx_rules_pick_with; it is read-only and may be
 * shared by threads. A malformed line is JX_ERR_FORMAT with its line; a
 * missing file JX_ERR_IO.
 */
#define JX_GAZETTEER_FILE "gazetteer.tsv"
typedef struct jx_gazetteer jx_gazetteer;
JX_API jx_status jx_gazetteer_load(const char *path, jx_gazetteer **out, jx_error *err);
JX_API jx_status jx_gazetteer_parse(const char *text, size_t len, jx_gazetteer **out,
                                    jx_error *err);
JX_API void jx_gazetteer_free(jx_gazetteer *gazetteer);

/*
 * `--rules auto`: the rule set whose province the document mentions most
 * (its name, its prefectures' and its counties' names, as README's "Rule
 * sets" says; plus the set's [match] words), `national` when no set's
 * province is mentioned, or when a province without a set is mentioned more.
 * Loads it into out. jx_rules_pick reads rules_dir/JX_GAZETTEER_FILE on each
 * call (none there: only words count, and a set naming a province is
 * skipped); a malformed one fails the pick, out->path naming it. A rule set
 * in rules_dir that does not load is skipped, so one broken file does not
 * stop every document; `national` as the fallback is loaded as if named and
 * fails the pick when it is broken. Naming a broken set (jx_rules_load)
 * still fails.
 */
JX_API jx_status jx_rules_pick(const jx_document *doc, const char *rules_dir,
                               jx_rules *out, jx_error *err);

/* A rule set the pick skipped: its path and why (err->line, err->message). */
typedef void (*jx_rules_skip_handler)(const char *path, const jx_error *err, void *ctx);

/* jx_rules_pick that hands each skipped rule set to on_skip (may be NULL),
 * once per call, after the pick is decided. */
JX_API jx_status jx_rules_pick_skipping(const jx_document *doc, const char *rules_dir,
                                        jx_rules *out, jx_rules_skip_handler on_skip, void *ctx,
                                        jx_error *err);

/* jx_rules_pick_skipping with a gazetteer read once by the caller (NULL:
 * none), for a run over many documents. */
JX_API jx_status jx_rules_pick_with(const jx_document *doc, const char *rules_dir,
                                    const jx_gazetteer *gazetteer, jx_rules *out,
                                    jx_rules_skip_handler on_skip, void *ctx, jx_error *err);

/*
 * Every rule set of rules_dir read once, for `--rules auto` over many
 * documents (each pick otherwise reads every file again). A set that does not
 * load is kept with its error and skipped by each pick as jx_rules_pick_with
 * skips it. Read-only once loaded; free with jx_rules_catalog_free.
 */
typedef struct jx_rules_catalog jx_rules_catalog;
JX_API jx_status jx_rules_catalog_load(const char *rules_dir, jx_rules_catalog **out,
                                       jx_error *err);
JX_API void jx_rules_catalog_free(jx_rules_catalog *catalog);
/* jx_rules_pick_with over a catalog: the same choice, no file read. */
JX_API jx_status jx_rules_pick_from(const jx_document *doc, const jx_rules_catalog *catalog,
                                    const jx_gazetteer *gazetteer, jx_rules *out,
                                    jx_rules_skip_handler on_skip, void *ctx, jx_error *err);

/* ------------------------------------------------------------------ findings */

typedef enum { JX_SEV_INFO = 0, JX_SEV_WARNING, JX_SEV_ERROR } jx_severity;

JX_API const char *jx_severity_name(jx_severity severity); /* info, warning, error */

#define JX_MESSAGE_MAX 512

/*
 * One contradiction, located. Codes are part of the interface (README):
 * exec_rate, exec_score, over_execution, score_total, weight_total,
 * category_weight, score_over_weight, indicator_score,
 * target_missed_full_score, subrow_mismatch, task_sum, deviation,
 * missing_reason, not_applicable, unit_mismatch, grade, parse, …
 */
typedef struct {
    const char *code;
    jx_severity severity;
    uint32_t line;             /* 1-based source line of the cell or row at fault */
    const jx_table *table;
    const jx_cell *cell;       /* the cell at fault, NULL for a blank or a row */
    const char *row;           /* row label: 年度资金总额, 参保人数, 总分 … */
    const char *column;        /* column name: 执行率, 得分, … */
    jx_number declared;        /* as printed; JX_NUM_EMPTY for a blank */
    bool has_computed;
    int64_t computed;          /* micros */
    uint8_t computed_decimals;
    bool computed_percent;
    char message[JX_MESSAGE_MAX]; /* one sentence in Chinese a reviewer can act on */
    size_t order;              /* order of detection: ties in position keep it */
} jx_finding;

/* What a scorecard adds up to, as declared and as recomputed. */
typedef struct {
    const jx_scorecard *card;
    jx_number declared_total;  /* 总分 得分 as printed; EMPTY when none */
    bool has_computed_total;
    bool partial;              /* cut before its end (no 总分 row, weights short of the
                                  rule's total): read, no total recomputed */
    int64_t computed_total;    /* micros, rounded to the rule set's score precision */
    uint8_t computed_decimals;
    /* What the card's 总分 row sums: each item's score as the rules give it
     * (the printed one where they decide nothing). computed_total is this
     * sum scaled to the rule set's total when the weights counted (the
     * declared ones, less those that do not apply) add up to another. */
    int64_t computed_sum;
    int64_t counted_weight;
    bool scaled;
    const char *grade_declared; /* "" when no declared total */
    const char *grade_computed;
    size_t errors, warnings, infos;
} jx_card_result;

typedef struct {
    const jx_document *doc;
    const jx_rules *rules;
    jx_finding *findings;
    size_t nfindings, findings_cap;
    jx_card_result *cards;
    size_t ncards;
    size_t errors, warnings, infos;
    bool failed;               /* the library's own: never set in a report jx_evaluate returns */
} jx_report;

/*
 * Recomputes what arithmetic and the rule set decide. Returns the report, or
 * NULL with err set ("out of memory", JX_ERR_NOMEM): a report is complete or
 * not returned. It borrows doc and rules (see LIFETIMES): free it with
 * jx_report_free before either.
 */
JX_API jx_report *jx_evaluate(const jx_document *doc, const jx_rules *rules, jx_error *err);
JX_API void jx_report_free(jx_report *report);

/* ------------------------------------------------------------------ templates */

/*
 * A form template (templates/NAME.ini, read with inih): how one kind of
 * sheet is laid out and printed. The sheet's physical columns and widths are
 * declared once; each block of the form (funds, tasks, management,
 * indicators; or the summary and findings lists) places its fields on a span
 * of those columns, with the header text printed above them.
 */
#define JX_TEMPLATE_MAX_COLUMNS 26       /* A … Z */
#define JX_TEMPLATE_MAX_FIELDS 16
#define JX_TEMPLATE_MAX_BLOCKS 10
#define JX_CHARSET_GB2312 134              /* a font's character set (ECMA-376) */
#define JX_CHARSET_BIG5 136

typedef struct {
    char field[24];        /* a model field: level1, target, budget, name, … (README) */
    uint8_t first, last;   /* 0-based columns it spans (merged when first < last) */
    char header[64];       /* printed header; "" for the form's standard word */
} jx_form_field;

typedef struct {
    char name[24];         /* funds, tasks, management, goals, indicators, grade,
                              corrections, signature; summary, findings; ledger */
    jx_form_field fields[JX_TEMPLATE_MAX_FIELDS];
    size_t nfields;
} jx_form_block;

typedef struct {
    char name[JX_RULES_NAME_MAX];          /* project, department, … */
    char path[JX_RULES_PATH_MAX];          /* the file it was read from */
    char kind[24];                         /* table kind it lays out, or summary/findings/ledger */
    char title[128];                       /* form title: 项目支出绩效自评表 */
    char sheet_name[32];                   /* sheet name, or prefix for one sheet per card */
    /* [font] */
    char font_name[32];                    /* 宋体 */
    int font_charset;                      /* JX_CHARSET_GB2312 (134), JX_CHARSET_BIG5
                                              (136), 0 for none declared */
    int font_size;                         /* points */
    int title_size;
    /* [colors] 0xRRGGBB */
    uint32_t header_fill;
    uint32_t corrected_fill;               /* under grey dots: a corrected cell */
    /* [formats] Excel number formats */
    char amount_format[32];                /* 0.00 */
    char rate_format[32];                  /* 0.00% */
    char score_format[32];                 /* 0.00 */
    /* [page] */
    bool landscape;
    int paper;                             /* Excel paper code: 9 = A4 */
    int fit_width;                         /* pages wide; 0 = no fitting */
    int margin_mm;
    char footer[128];                      /* Excel header/footer codes; {file} = source file */
    /* [columns] A = 12.5 … */
    int column_width_tenths[JX_TEMPLATE_MAX_COLUMNS];
    size_t ncolumns;
    /* [funds] [tasks] [management] [goals] [indicators] [grade] [corrections]
     * [signature]; [summary] [findings]; [ledger] */
    jx_form_block blocks[JX_TEMPLATE_MAX_BLOCKS];
    size_t nblocks;
} jx_template;

/* Reads a template from INI text; `path` names it in errors (line and key). */
JX_API jx_status jx_template_parse(const char *ini_text, const char *path, jx_template *out,
                                   jx_error *err);

/* Loads templates_dir/NAME.ini (NAME is [A-Za-z0-9_-]+) or a path ending in .ini. */
JX_API jx_status jx_template_load(const char *name_or_path, const char *templates_dir,
                                  jx_template *out, jx_error *err);

/*
 * The templates a workbook is written with, loaded once and passed in memory:
 * a set maps a name to a template. A workbook uses "summary", "findings", one
 * per scorecard kind, by jx_table_kind_name: "project", "department",
 * "special_fund", "target", and "ledger" for the financial tables' sheets.
 * The set owns copies of its templates; it is only
 * read by the writers, so one set serves any number of workbooks and threads.
 */
typedef struct jx_templates jx_templates;

/* Loads every template a workbook uses from templates_dir (NAME.ini each) into
 * a new set (*out, NULL on failure). A missing or malformed file fails the
 * load; the message names the file and line ("dir/project.ini:5: …"). */
JX_API jx_status jx_templates_load(const char *templates_dir, jx_templates **out,
                                   jx_error *err);

/* An empty set, to fill with jx_templates_put; NULL (err set) when out of memory. */
JX_API jx_templates *jx_templates_new(jx_error *err);

/* Puts a copy of *t into the set under `name` (replacing one of that name). */
JX_API jx_status jx_templates_put(jx_templates *set, const char *name, const jx_template *t,
                                  jx_error *err);

/* The template of that name in the set, NULL when there is none. */
JX_API const jx_template *jx_templates_get(const jx_templates *set, const char *name);

JX_API void jx_templates_free(jx_templates *set);


/* ------------------------------------------------------------------ output */

/* A growable byte buffer; renderers append to it and never print. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
    bool failed;  /* an allocation failed; contents are incomplete */
} jx_buf;

JX_API void jx_buf_init(jx_buf *buf);
JX_API void jx_buf_free(jx_buf *buf);
/* Empties the buffer and clears `failed`, keeping its memory for the next text. */
JX_API void jx_buf_clear(jx_buf *buf);
JX_API void jx_buf_append(jx_buf *buf, const char *s, size_t n);
JX_API void jx_buf_puts(jx_buf *buf, const char *s);
JX_API void jx_buf_printf(jx_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Where text from a document or a file name is going. Every target gets valid
 * UTF-8 (a byte that is not UTF-8 becomes the four characters \xNN):
 *   JX_TEXT_TERMINAL  control characters but LF become \xNN / \uNNNN, so no
 *                     document can send escape sequences to a terminal;
 *   JX_TEXT_NAME      also LF, and a backslash becomes \\: a file name shown
 *                     losslessly, one line;
 *   JX_TEXT_XML       what an XLSX part may hold: C0 controls (but TAB, LF) and
 *                     DEL become control pictures (U+2400..), C1 controls and
 *                     U+FFFE/U+FFFF become U+FFFD.
 */
typedef enum { JX_TEXT_TERMINAL, JX_TEXT_NAME, JX_TEXT_XML } jx_text_target;

/*
 * Appends s[0..n) made safe for `target`. With max_units > 0, stops before
 * the output would exceed that many characters (UTF-16 units, as Excel counts)
 * and sets *cut. Returns the number of input bytes consumed.
 */
JX_API size_t jx_text_escape(jx_buf *out, const char *s, size_t n, jx_text_target target,
                             size_t max_units, bool *cut);

/* `jixiao parse`: one JSON object on one line (JSON Lines), LF-terminated. */
JX_API void jx_render_parse_json(jx_buf *out, const jx_document *doc);
/* `jixiao parse --format text`: a readable outline of the tables. */
JX_API void jx_render_parse_text(jx_buf *out, const jx_document *doc);


/* `jixiao check`: JSON Lines (one object per document) or a text report. */
JX_API void jx_render_check_json(jx_buf *out, const jx_report *report);
JX_API void jx_render_check_text(jx_buf *out, const jx_report *report);

/* What writing a workbook changed to fit a spreadsheet's limits; the caller says so. */
typedef struct {
    size_t cells_cut;      /* texts longer than a cell holds (32,767 characters), cut
                              with a note in the cell saying how long the original was */
    char first_cut[160];   /* where the first of them is: 'sheet'!B12 */
} jx_workbook_notes;

/*
 * `jixiao score`: the corrected workbook of a checked document, written to
 * `path` as it is (jx_write_workbook_file makes the file safely), laid out
 * by the templates of the set (a template the set lacks fails the workbook,
 * JX_ERR_FORMAT). `notes` may be NULL.
 */
JX_API jx_status jx_write_workbook(const char *path, const jx_report *report,
                                   const jx_templates *templates, jx_workbook_notes *notes,
                                   jx_error *err);

/*
 * `jixiao score`'s plan, made before anything is written: a workbook path in
 * out_dir for each input, named after it (000_x.txt → 000_x.xlsx), distinct
 * within the run (a later input whose name is taken gets NAME~2.xlsx,
 * NAME~3.xlsx, …) and never the path of any input. *targets is an array of n
 * paths the caller frees with jx_workbook_plan_free.
 */
JX_API jx_status jx_workbook_plan(const char *const *inputs, size_t n, const char *out_dir,
                                  char ***targets, jx_error *err);
JX_API void jx_workbook_plan_free(char **targets, size_t n);
/* jx_workbook_plan naming each workbook after names[i] instead of its input
 * (names NULL, or an entry NULL: the input): a run over folders names them
 * after their place in the folder (县教育局_2024_自评.xlsx). */
JX_API jx_status jx_workbook_plan_named(const char *const *inputs, const char *const *names,
                                        size_t n, const char *out_dir, char ***targets,
                                        jx_error *err);

/*
 * Writes the workbook of a checked document to `target` safely: into a
 * temporary file beside it that only this call can have made (unpredictable
 * name, created exclusively, never through a link), synced, then renamed; on
 * failure nothing is left. Refuses a target that is the document's own file.
 * Errors name the target (or, for a template, its file and line).
 */
JX_API jx_status jx_write_workbook_file(const jx_report *report, const char *target,
                                        const jx_templates *templates, jx_workbook_notes *notes,
                                        jx_error *err);

/* The workbook's file name for an input: 000_x.txt → 000_x.xlsx, cut to fit
 * `size` bytes (and a file system's 255). JX_ERR_FORMAT when size is below 7,
 * too small for any name ("_.xlsx"); out is then "" when size > 0. */
JX_API jx_status jx_workbook_name(const char *input, char *out, size_t size, jx_error *err);

/* ------------------------------------------------------------------ runs */

/*
 * The inputs of a run over folders: each PATH that is a file is taken as it
 * is; a folder is walked (recursively, not through links to folders, hidden
 * entries and office lock files ~$… left out) and a file in it is taken when
 * a reader recognises it, by its content (a zip, OLE or PDF signature, an
 * HTML page) or by its name (.txt .md .csv .tsv .xlsx .xls .docx .html .htm
 * .pdf); the others are counted in *skipped. A folder's files come in byte
 * order of their names at each level, so a run's order does not depend on
 * the file system. *paths is an array of *count strings (a folder's as
 * DIR/REL…) the caller frees with jx_inputs_free. A PATH that is not a
 * folder is taken even when it does not exist: reading it says why.
 * JX_ERR_IO names a folder that cannot be listed or is nested beyond 32.
 */
JX_API jx_status jx_inputs_collect(const char *const *args, size_t nargs, char ***paths,
                                   size_t *count, size_t *skipped, jx_error *err);
JX_API void jx_inputs_free(char **paths, size_t count);

/* The SHA-256 of bytes: 64 lowercase hex digits and a NUL. */
#define JX_SHA256_HEX 65
JX_API void jx_sha256_hex(const unsigned char *bytes, size_t len, char out[JX_SHA256_HEX]);

/* A document's bytes as jx_document_load reads them (a regular file, at
 * most JX_MAX_INPUT_BYTES), for a caller that hashes them before parsing
 * (jx_document_parse_with); free *bytes with free(). The message does not
 * name the path: the caller does. */
JX_API jx_status jx_input_read(const char *path, unsigned char **bytes, size_t *len,
                               jx_error *err);

/* Prepares the libraries documents are read with for threads: call once,
 * before threads that read documents start (libxml2 must be set up by one
 * thread). Harmless when called again. */
JX_API void jx_threads_prepare(void);

/*
 * What decides a document's findings besides its bytes and jixiao's version:
 * the --rules choice, every rule set and the gazetteer in rules_dir, and the
 * forms read from forms_dir (NULL: the built-in ones, covered by the
 * version). Two runs with the same key check a document alike, so a store
 * may skip it. JX_ERR_IO when a file cannot be read.
 */
JX_API jx_status jx_rules_fingerprint(const char *rules_choice, const char *rules_dir,
                                      const char *forms_dir, char out[JX_SHA256_HEX],
                                      jx_error *err);

/* A value of the summary: what a scorecard declares or jixiao recomputes. */
typedef struct {
    bool has;              /* false: none (blank, not computed) */
    int64_t micros;
    uint8_t decimals;
} jx_summary_value;

/* One scorecard of a document, as the summary and the store keep it. */
typedef struct {
    const char *title;     /* the card's name: 项目名称, or the unit of a department card */
    const char *kind;      /* jx_table_kind_name: project, department, … */
    jx_summary_value declared_total;
    jx_summary_value computed_total;
    jx_summary_value difference; /* declared − computed, when both are there */
    const char *grade_declared;  /* "" when none */
    const char *grade_computed;
    size_t errors, warnings, infos;
} jx_summary_card;

/* How often one finding code occurs in a document. */
typedef struct {
    const char *code;
    jx_severity severity;
    size_t count;
} jx_summary_code;

/* One document of a run. Strings are never NULL (""). */
typedef struct {
    const char *path;      /* as the run found it */
    const char *workbook;  /* its workbook (score), "" when none */
    const char *sha256;    /* of its bytes, "" when not computed */
    const char *format;    /* what it was read as: text, xlsx, pdf, … */
    const char *unit;      /* the unit it is of (a department card's name, else an
                              implementer, else a table's 编制单位) */
    const char *province;  /* the province of the rule set it was checked by, "" for national */
    const char *year;      /* 2024年度, "" */
    const char *kind;      /* the kinds of its scorecards, comma-separated, else
                              "ledger" (financial tables only) or "other" */
    const char *rules;     /* the rule set's name */
    const char *failure;   /* why it could not be checked; "" when it was */
    bool reused;           /* taken from a store: unchanged since a run recorded it */
    size_t errors, warnings, infos;
    jx_summary_card *cards;
    size_t ncards;
    jx_summary_code *codes; /* by code, in the order findings.def declares them */
    size_t ncodes;
} jx_summary_doc;

/*
 * The summary of a run: one compact row per document, kept after its report
 * is freed (a few hundred bytes each, so 10,000 documents fit in a few MB).
 * Rows are added in the run's order; a summary is not shared by threads.
 */
typedef struct jx_summary jx_summary;
JX_API jx_summary *jx_summary_new(jx_error *err);
JX_API void jx_summary_free(jx_summary *summary);
/* A checked document's row from its report; workbook and sha256 may be NULL. */
JX_API jx_status jx_summary_add_report(jx_summary *summary, const jx_report *report,
                                       const char *path, const char *workbook,
                                       const char *sha256, jx_error *err);
/* A document that could not be checked, and why. */
JX_API jx_status jx_summary_add_failure(jx_summary *summary, const char *path,
                                        const char *why, jx_error *err);
/* A copy of a row (every string and array copied), from a store or another summary. */
JX_API jx_status jx_summary_add_row(jx_summary *summary, const jx_summary_doc *row,
                                    jx_error *err);
JX_API size_t jx_summary_count(const jx_summary *summary);
JX_API const jx_summary_doc *jx_summary_row(const jx_summary *summary, size_t i);

/*
 * The run's workbook for a reviewer (--summary): a sheet of documents and
 * one of scorecards (filters, frozen headers, each document linked to its
 * own workbook), counts by finding code, and charts (distribution of total
 * differences, documents by error count, codes by frequency). Written safely
 * as jx_write_workbook_file writes.
 */
JX_API jx_status jx_summary_write(const jx_summary *summary, const char *target,
                                  jx_error *err);

/*
 * The findings database (--db, SQLite; its schema in README "Findings
 * database"): documents, scorecards, findings and runs. jx_store_open opens
 * or creates it and begins a run recorded with the command and the rules
 * key (jx_rules_fingerprint). A store is used by one thread at a time.
 */
typedef struct jx_store jx_store;
JX_API jx_status jx_store_open(const char *path, const char *command, const char *rules_key,
                               jx_store **out, jx_error *err);
/* Whether a document with these bytes was recorded with this rules key and
 * this jixiao version; when it was and `into` is not NULL, its row is added
 * to into (reused set). */
JX_API jx_status jx_store_lookup(jx_store *store, const char *sha256, jx_summary *into,
                                 bool *found, jx_error *err);
/* Records a checked document (its row, its scorecards and every finding). */
JX_API jx_status jx_store_put(jx_store *store, const jx_report *report,
                              const jx_summary_doc *row, jx_error *err);
/* Records a document that could not be checked (never reused by a lookup). */
JX_API jx_status jx_store_put_failure(jx_store *store, const jx_summary_doc *row,
                                      jx_error *err);
/* Ends the run (its counts and end time) and closes; the store is freed
 * whatever it returns. */
JX_API jx_status jx_store_close(jx_store *store, size_t checked, size_t reused, size_t failed,
                                jx_error *err);

/* `jixiao rules NAME`: the rule set as INI text, every key spelled out. */
JX_API void jx_render_rules(jx_buf *out, const jx_rules *rules);

#ifdef __cplusplus
}
#endif

#endif /* JIXIAO_H */
