#!/usr/bin/python3
"""make.py — writes the findings-database seeds beside it: the fuzz_store
corpus (tests/fuzz/fuzz.sh, tests/suites/fuzz.sh).

    /usr/bin/python3 tests/fuzz/seeds/store/make.py

The schema is README's "Findings database" block, which
tests/unit/test_store.c keeps equal to the one engine/render/store.c
creates, with its application_id and user_version. Pages are 512 bytes, so
the schema and rows spread over many pages and a mutation lands in
something that matters; the journal is a rollback journal, so a seed is one
file. The target looks up the SHA-256s aaa…, bbb… and ccc… under the rules
key "fuzz-key" and this version of jixiao:

  rows.sqlite   aaa…: two scorecards (totals with their decimals, a negative
                difference, none), findings of known codes and one unknown;
                bbb…: one card whose declared total is not a decimal (a
                lookup says the database is damaged); ccc…: a failure (never
                found)
  empty.sqlite  the schema alone, as a first run leaves it with no document

Running it again gives the same bytes.
"""
import os
import re
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
APPLICATION_ID = 0x4A584442
SCHEMA_VERSION = 1


def schema():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme[readme.index("\n## Findings database"):]
    return section[section.index("```sql\n") + 7:section.index("```", section.index("```sql\n") + 7)]


def version():
    with open(os.path.join(ROOT, "engine", "include", "jixiao.h"), encoding="utf-8") as f:
        return re.search(r'#define JX_VERSION "([^"]*)"', f.read()).group(1)


def create(name):
    path = os.path.join(HERE, name)
    if os.path.exists(path):
        os.unlink(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size = 512")
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.executescript(schema())
    return db


def document(db, run, sha, failure="", ncards=0, counts=(0, 0, 0), path="d.txt"):
    cur = db.execute(
        "INSERT INTO documents (run_id, rules_key, version, path, unit, province, year, kind,"
        " rules, format, ncards, errors, warnings, infos, failure, reused, workbook, sha256)"
        " VALUES (?, 'fuzz-key', ?, ?, '镇安县医疗保障局', '陕西', '2024年度', 'project,department',"
        " 'shaanxi', 'text', ?, ?, ?, ?, ?, 0, '', ?)",
        (run, version(), path, ncards, *counts, failure, sha))
    return cur.lastrowid


def card(db, doc, position, title, declared, computed, difference, grades, counts):
    db.execute(
        "INSERT INTO scorecards (document_id, position, title, kind, declared_total,"
        " computed_total, difference, grade_declared, grade_computed, errors, warnings, infos)"
        " VALUES (?, ?, ?, 'project', ?, ?, ?, ?, ?, ?, ?, ?)",
        (doc, position, title, declared, computed, difference, *grades, *counts))


def finding(db, doc, scorecard, code, severity, line, declared, computed, percent):
    db.execute(
        "INSERT INTO findings (document_id, scorecard, code, severity, line, place, table_title,"
        " row_label, column_name, declared, computed, computed_percent, message)"
        " VALUES (?, ?, ?, ?, ?, ?, '项目支出绩效自评表', '年度资金总额', '执行率', ?, ?, ?,"
        " '执行率应为全年执行数/全年预算数。')",
        (doc, scorecard, code, severity, line, f"第{line}行第5列", declared, computed, percent))


def rows():
    db = create("rows.sqlite")
    run = db.execute(
        "INSERT INTO runs (started, finished, version, command, rules_key, checked, reused, failed)"
        " VALUES ('2025-01-31T08:15:02Z', '2025-01-31T08:15:09Z', ?, 'check', 'fuzz-key', 2, 0, 1)",
        (version(),)).lastrowid
    a = document(db, run, "a" * 64, ncards=2, counts=(3, 1, 1), path="tests/samples/001.txt")
    card(db, a, 1, "离休老干医药费", "100", "98.56", "1.44", ("优", "优"), (2, 1, 0))
    card(db, a, 2, "镇安县医疗保障局", "90.5", "95.123456", "-4.623456", ("良", "优"), (1, 0, 1))
    finding(db, a, 1, "exec_rate", "error", 324, "29.3%", "100.00", 1)
    finding(db, a, 1, "exec_rate", "error", 325, "29.3%", "100.00", 1)
    finding(db, a, 1, "grade", "warning", 340, None, None, 0)
    finding(db, a, 2, "task_sum", "error", 269, "871.44", "526.03", 0)
    finding(db, a, None, "hier_sum", "info", 500, "2224.11", "2224.12", 0)
    finding(db, a, None, "not_a_code", "error", 501, "1", "2", 0)
    b = document(db, run, "b" * 64, path="tests/samples/002.txt")
    card(db, b, 1, "", "", None, None, ("", ""), (0, 0, 0))  # an empty declared total
    document(db, run, "c" * 64, failure="out of memory", path="tests/samples/003.txt")
    db.commit()
    db.execute("VACUUM")
    db.close()


def empty():
    db = create("empty.sqlite")
    db.commit()
    db.close()


if __name__ == "__main__":
    rows()
    empty()
