#!/usr/bin/env bash
# gen.sh SHAPE N — writes to stdout a document of size N in one of the shapes
# whose cost must grow linearly (issue 8 item 10):
#   tables    N project scorecards, each between prose paragraphs that quote
#             its numbers (segment and narrative run per table and per line)
#   ledger    one 公开03表 支出决算表 of about N rows: 类/款/项 codes under a 合计
#   score     one 项目支出绩效自评表 with N indicators, each a missed target
#             given full marks, so every row yields findings
#   concat    tests/samples/*.txt concatenated N times
# The shapes copy the samples' layout so the same code paths run.
set -euo pipefail
cd "$(dirname "$0")/../.."

shape=${1:-}
n=${2:-}
if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: tests/scaling/gen.sh tables|ledger|score|concat N" >&2
    exit 2
fi

case $shape in
tables)
    awk -v n="$n" 'BEGIN {
        print "神木市医疗保障局"
        print ""
        print "2024年度部门决算"
        print ""
        for (i = 1; i <= n; i++) {
            printf "离休老干医药费项目%d支出绩效自评表\n\n（2024年度）\n\n", i
            printf "项目名称\t离休老干医药费项目%d\t\t\t\t\t\t\n", i
            print "主管部门\t神木市医疗保障局\t\t\t实施单位\t\t神木市医疗保障局\t\t"
            print "项目资金 (万元)\t\t年初预算数\t全年预算数 (A)\t全年执行数 (B)\t分值\t执行率 (B/A)\t得分\t"
            print "\t年度资金总额\t80\t23.44\t23.44\t10\t29.3%\t10\t"
            print "\t其中：当年财政拨款\t80\t23.44\t23.44\t——\t29.3%\t10\t"
            print "\t上年结转资金\t\t\t\t——\t\t\t"
            print "年度总体目标完成情况\t预期目标（年初设定）\t\t\t实际完成情况\t\t\t\t"
            print "\t保障离休老干部医药费足额及时报销\t\t\t保证了离休老干部医药费及时报销到位。\t\t\t\t"
            print "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"
            print "\t产出指标 (50分)\t数量指标\t保障13名离休老干部就医用药\t100%\t100%\t20\t20\t"
            print "\t\t质量指标\t保障离休老干医保全报\t100%\t90%\t20\t20\t"
            print "\t\t时效指标\t2024年底\t2024年\t2024年底\t10\t10\t"
            print "\t效益指标 (30分)\t社会效益指标\t确保就医用药全部得到保障\t100%\t100%\t30\t30\t"
            print "\t满意度指标 (10分)\t服务对象满意度指标\t满意度提高\t≥90%\t100%\t10\t10\t"
            print "总分\t\t\t\t\t\t100\t100\t"
            print ""
            printf "（%d）离休老干医药费项目%d自评情况\n\n", i, i
            printf "该项目全年预算数23.44万元，全年执行数23.44万元，执行率100%%，自评得分98分。项目自评得分97分。"
            printf "离休老干医药费项目%d自评得分100分。", i
            print "本年支出合计2,129.35万元，其中：基本支出1,125.87万元，项目支出1,003.48万元。"
            print ""
            print "一是强化政治建设，落实主体责任。二是做好规定动作，抓实党纪教育，共组织集体学习12次，党支部学习4次，研讨交流3次。"
            print ""
            print "三是规范党组织建设，局党支部开展学习、活动共20余次，参保人数稳步增长。"
            print ""
        }
    }'
    ;;
ledger)
    # 类 2xx, 款 2xxkk, 项 2xxkkii: 款 of 10 项 each, up to 99 款 a 类, every
    # parent the exact sum of its children, 合计 the sum of the 类 rows.
    awk -v n="$n" 'BEGIN {
        kuan_total = int((n + 10) / 11)
        classes = int((kuan_total + 98) / 99)
        kpc = int((kuan_total + classes - 1) / classes)
        print "支出决算表"
        print ""
        print "公开03表"
        print ""
        print "编制部门：神木市医疗保障局"
        print ""
        print "单位：万元"
        print ""
        print "项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出"
        print "科目代码\t科目名称\t\t\t\t\t\t"
        print "\t栏次\t1\t2\t3\t4\t5\t6"
        # In cents: a 项 is 1.23 basic + 0.45 project.
        item_b = 123; item_p = 45
        total_b = classes * kpc * 10 * item_b; total_p = classes * kpc * 10 * item_p
        printf "\t合计\t%s\t%s\t%s\t\t\t\n", money(total_b + total_p), money(total_b), money(total_p)
        for (c = 1; c <= classes; c++) {
            code = 200 + c
            printf "%d\t支出类%d\t%s\t%s\t%s\t\t\t\n", code, c, money(kpc * 10 * (item_b + item_p)), money(kpc * 10 * item_b), money(kpc * 10 * item_p)
            for (k = 1; k <= kpc; k++) {
                kcode = sprintf("%d%02d", code, k)
                printf "%s\t支出款%s\t%s\t%s\t%s\t\t\t\n", kcode, kcode, money(10 * (item_b + item_p)), money(10 * item_b), money(10 * item_p)
                for (x = 1; x <= 10; x++) {
                    printf "%s%02d\t支出项%s%02d\t%s\t%s\t%s\t\t\t\n", kcode, x, kcode, x, money(item_b + item_p), money(item_b), money(item_p)
                }
            }
        }
        print ""
        print "注：本表反映部门本年度各项支出情况。"
    }
    function money(cents,   s, i, out) {
        s = sprintf("%d", int(cents / 100)); out = ""
        while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
        return s out sprintf(".%02d", cents % 100)
    }'
    ;;
score)
    awk -v n="$n" 'BEGIN {
        print "神木市医疗保障局"
        print ""
        print "离休老干医药费项目支出绩效自评表"
        print ""
        print "（2024年度）"
        print ""
        print "项目名称\t离休老干医药费\t\t\t\t\t\t\t"
        print "主管部门\t神木市医疗保障局\t\t\t实施单位\t\t神木市医疗保障局\t\t"
        print "项目资金 (万元)\t\t年初预算数\t全年预算数 (A)\t全年执行数 (B)\t分值\t执行率 (B/A)\t得分\t"
        print "\t年度资金总额\t80\t23.44\t23.44\t10\t29.3%\t10\t"
        print "\t其中：当年财政拨款\t80\t23.44\t23.44\t——\t29.3%\t10\t"
        print "年度总体目标完成情况\t预期目标（年初设定）\t\t\t实际完成情况\t\t\t\t"
        print "\t保障离休老干部医药费足额及时报销\t\t\t保证了离休老干部医药费及时报销到位。\t\t\t\t"
        print "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"
        for (i = 1; i <= n; i++) {
            l1 = (i == 1) ? "产出指标 (90分)" : ""
            l2 = (i % 5 == 1) ? "数量指标" : ""
            printf "\t%s\t%s\t保障第%d批离休老干部就医用药\t≥100人\t80人\t10\t10\t\n", l1, l2, i
        }
        print "总分\t\t\t\t\t\t100\t100\t"
    }'
    ;;
concat)
    for ((i = 0; i < n; i++)); do cat tests/samples/*.txt; done
    ;;
*)
    echo "usage: tests/scaling/gen.sh tables|ledger|score|concat N" >&2
    exit 2
    ;;
esac
