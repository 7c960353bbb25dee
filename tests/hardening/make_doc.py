#!/usr/bin/env python3
"""make_doc.py SHAPE OUT [N] — hostile documents for tests/suites/hardening.sh.

Each shape is a project scorecard (项目支出绩效自评表) laid out as the seeds
lay theirs out (TAB-separated rows), pushed past a limit:
  cards N        N scorecards in one document (200 broke the workbook)
  groups N       one card with N first-level groups (SUM past 255 arguments)
  weights        three indicator weights of 8999999999999 (int64 overflow)
  amounts        budget and execution of 150000000000 (rate past an int64 product)
  control        C0 controls and U+FFFE/U+FFFF in names that reach the workbook
  longcell N     a 三级指标 of N characters (past a cell's 32,767)
"""
import sys


def card(index, name="国有破产倒闭企业退休人员医疗费补助", groups=None, budget="435.95",
         executed="408.67", rate="93.74%", weights=None, level3="参保人数", title="项目支出绩效自评表"):
    rows = [f"{title}{index}", "", "(2024年度)", "",
            f"项目名称\t{name}\t\t\t\t\t\t\t",
            "主管部门\t神木市医疗保障局\t\t\t实施单位\t\t神木市医疗保障局\t\t",
            "项目资金 (万元)\t\t年初预算数\t全年预算数 (A)\t全年执行数 (B)\t分值\t执行率(B/A)\t得分\t",
            f"\t年度资金总额\t{budget}\t{budget}\t{executed}\t10\t{rate}\t9.4\t",
            f"\t其中：当年财政拨款\t{budget}\t{budget}\t{executed}\t—\t{rate}\t—\t",
            "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"]
    if groups is None:
        w = weights or ["15", "15", "15"]
        rows += [f"\t产出指标 (45分)\t数量指标\t{level3}\t≥1428人次\t1338人\t{w[0]}\t14\t人员正常死亡及转退",
                 f"\t\t质量指标\t符合条件人员参保率\t100\t100\t{w[1]}\t15\t无偏差",
                 f"\t效益指标 (30分)\t社会效益指标\t参保覆盖率\t100%\t100%\t{w[2]}\t15\t无偏差",
                 "满意度 指标 (15分)\t服务对象满意度指标\t参保人员满意度\t100%\t100%\t15\t15\t无偏差\t"]
    else:
        for g in range(groups):
            rows.append(f"\t第{g + 1}类指标 (1分)\t数量指标\t指标{g + 1}\t≥10人次\t10人次\t1\t1\t无偏差")
    rows += ["总分\t\t\t\t\t\t100\t98.4\t", ""]
    return rows


def main():
    shape, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    lines = ["神木市医疗保障局2024年度部门决算", ""]
    if shape == "cards":
        for i in range(n):
            lines += card(i + 1, name=f"补助项目{i + 1}")
    elif shape == "groups":
        lines += card(1, groups=n)
    elif shape == "weights":
        lines += card(1, weights=["8999999999999"] * 3)
    elif shape == "amounts":
        lines += card(1, budget="150000000000", executed="150000000000", rate="100%")
    elif shape == "control":
        lines += card(1, name="国有\x01破产\x1b]0;pwned\x07倒闭\ufffe企业\uffff",
                      level3="参保\x02人数", title="项目支出绩效自评表\x1b[31m")
    elif shape == "longcell":
        lines += card(1, level3="长" * n)
    else:
        sys.exit(f"make_doc.py: unknown shape {shape}")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


main()
