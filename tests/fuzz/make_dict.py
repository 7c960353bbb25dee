#!/usr/bin/env python3
"""make_dict.py — writes tests/fuzz/jixiao.dict, the libFuzzer dictionary of
the forms' words, from the engine's sources and the lists below.

    python3 tests/fuzz/make_dict.py > tests/fuzz/jixiao.dict

Entries: every string literal in engine/*.c that holds a CJK character (the
words the classifiers, scorecard reader, ledgers and prose audit match), the
INI sections and keys of rule sets and templates, the structural bytes of the
three readers, and the hazards that broke the engine before. Each entry is
written with \\xNN escapes, which every libFuzzer version accepts. Rerun it
when the engine learns new words; the output is sorted, so diffs stay small.
"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

# The forms' headers and titles (most are also in the engine; listed so the
# dictionary keeps them whatever the engine's spelling of the day).
FORMS = """
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 预算数 执行数 执行率
全年预算数 全年执行数 年初预算数 全年预算数(A) 全年执行数(B) 执行率(B/A)
偏差原因分析及改进措施 偏差度 总分 合计 小计 总计 金额合计 年度资金总额
其中:当年财政拨款 上年结转资金 其他资金 产出指标 效益指标 满意度指标 成本指标
数量指标 质量指标 时效指标 社会效益指标 经济效益指标 生态效益指标
可持续影响指标 服务对象满意度指标 项目支出绩效自评表 部门整体支出绩效自评表
中央直达专项资金绩效自评表 绩效目标表 绩效自评表 项目名称 主管部门 实施单位
项目资金(万元) 资金管理情况 公开01表 公开02表 公开03表 公开04表 公开05表
公开06表 公开07表 公开08表 公开09表 公开10表 公开11表 表1 表5 表6 表7 表16
编制单位： 单位：万元 单位：元 2024年度 (2024年度) 不适用 达成 部分达成 未达成
优 良 中 差 ≥ ≤ ＞ ＜ 不低于 不高于 万元 元/人/年 人次 人 户 天 % ％ — —— －
科目编码 科目名称 本年支出合计 基本支出 项目支出 人员经费 公用经费 三公经费
因公出国（境）费 公务接待费 公务用车购置及运行维护费 政府采购 栏次 １２３ ．
""".split()

# INI: rule sets (engine/rules.c) and templates (engine/template.c).
INI = """
[ruleset] [match] [weights] [execution] [indicators] [grades] [tolerance] [units]
[template] [font] [colors] [formats] [page] [columns] [funds] [tasks]
[management] [summary] [findings]
name description inherits words clear total 预算执行率 资金管理 formula
proportional tiers tier cap score_decimals rate_decimals over_execution
indicator recompute_quantitative qualitative_achieved qualitative_partly
deviation_zero_when_met amount score rate scale same yes no
kind title sheet size title_size header corrected orientation landscape
portrait paper a4 a3 letter fit_width margin_mm footer {file} &L &C &R &P &N
project department special_fund target summary findings
label initial budget executed weight content status budget_total
budget_fiscal budget_other exec_total exec_fiscal exec_other item note
level1 level2 level3 actual deviation index unit rules declared_total
computed_total difference grade_declared grade_computed errors warnings link
severity code location table row column declared computed message
#D9D9D9 #FFC7CE 0.00 0.00% 宋体 A:C
""".split()

STRUCTURE = ["\t", "\t\t\t", "\n", "\r\n", "|", "|---|", "\"", ",", "<p>", "</p>",
             "**", "# ", "\ufeff", "1E+06", "-", ".", " = ", ";", "#---",
             "inherits = b", "inherits = c", "inherits = a", "inherits = national",
             "tier = 90% : 1", "scale = 元 -> 万元 : 0.0001", "same = 人 = 人次",
             "A = 12", "B = 14", "level1 = A", "target = D:E", "R&G.txt"]

# Bytes that broke workbooks, JSON or sums (tests/fuzz/regressions).
HAZARDS = [b"&G", b"&[Picture]", b"&", b"&&", b"\x01", b"\x1b", b"\x7f",
           b"\xef\xbf\xbe", b"\xef\xbf\xbf", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80",
           b"8999999999999", b"9000000000000", b"150000000000", b"-8999999999999",
           b"0.000001", b"100000000%"]


def engine_words():
    words = set()
    for path in glob.glob(os.path.join(ROOT, "engine", "*.c")):
        with open(path, encoding="utf-8") as f:
            src = f.read()
        src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
        src = re.sub(r"//[^\n]*", "", src)
        for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', src):
            text = m.group(1)
            if "\\" in text or "%" in text or len(text.encode()) > 48:
                continue
            if re.search(r"[\u3000-\u9fff\uff00-\uffef]", text):
                words.add(text)
    return words


def escape(data):
    return "".join("\\x%02x" % b for b in data)


def main():
    entries = set()
    for w in engine_words() | set(FORMS) | set(INI) | set(STRUCTURE):
        entries.add(w.encode("utf-8"))
    entries.update(HAZARDS)
    out = sys.stdout
    out.write("# jixiao.dict — libFuzzer dictionary of the forms' words, INI keys and\n")
    out.write("# hazards; written by tests/fuzz/make_dict.py, do not edit by hand.\n")
    for e in sorted(entries):
        out.write('"%s"\n' % escape(e))


if __name__ == "__main__":
    main()
