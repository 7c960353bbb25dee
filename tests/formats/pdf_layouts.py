#!/usr/bin/python3
"""pdf_layouts.py — PDFs of given layouts, each with the grid jixiao should
read from it written beside it, so a test can hold the PDF reader to them.

  pdf_layouts.py -o OUTDIR [--also FILE...] [--repro]

For each layout NAME it writes OUTDIR/NAME.docx (python-docx; the card also
as NAME.xlsx and NAME.txt), prints it to OUTDIR/NAME.pdf with LibreOffice
(one soffice run for every file, --also's office files included, so a test
pays LibreOffice's start once), and writes OUTDIR/NAME.expected.json:

  {"name": …, "pdf": "NAME.pdf", "about": …,
   "tables": [{"rows": [{"page": P, "cells": [{"text", "col", "rowspan",
                                               "colspan"}, …]}, …]}, …],
   "prose": [the lines between the tables that must stay prose],
   "same_findings_as": "NAME.xlsx"  (the card only)}

Cells are the grid's anchors: a cell with text or a span (a merge's covered
cells are not listed; an empty unmerged cell neither); col is 1-based on the
table's grid; page is the 1-based page the row starts on. The pages come from
the layout's own geometry (A4, fixed margins, rows of exact height that may
not split, paragraphs of exact line height), so they are what the page
breaks must be, not what a reader found; `--pages` holds the PDF to them
(mutool's text of each page) and `--compare` holds jixiao's reading to the
grid:

  pdf_layouts.py --pages OUTDIR/NAME.expected.json
  pdf_layouts.py --compare OUTDIR/NAME.expected.json [--jixiao PATH]

Layouts (see LAYOUTS): wrapped cells; a table over three pages with its
header row repeated (w:tblHeader) and a merged label across a page break; a
landscape section; the same page turned by /Rotate 90 (the page's content
drawn turned a quarter in a portrait MediaBox, set with `mutool run` and
MuPDF's JavaScript API); two tables with a paragraph between; a table
without borders; a 项目支出绩效自评表 across a page break whose findings must
equal those of the same form as .xlsx; and layouts that once showed reader
bugs: a sentence between two tables, a merged label with one row before a
page break, numbers set right at a page's foot, a row too low for its text,
links underlined in cells, a centred label Calc prints below the break.

--repro also writes the layouts that show what the reader does not do
(REPRO; named repro_*), with what they would read as; the suite does not
run them.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side

A4 = (21.0, 29.7)
MARGIN = 2.0                         # every page margin, cm
FONT = 'Noto Sans CJK SC'            # fonts-noto-cjk: the same metrics everywhere
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# ------------------------------------------------------------------ specs
#
# A document is a list of blocks:
#   ('p', text, height_cm, opts)     one line of prose, exact line height;
#                                    opts: bold, size, center
#   ('table', table)                 see table() below
#   ('section', 'landscape'|'portrait')   a new section on a new page

def table(widths, rows, *, borders=True, size=9, align=None, header_rows=0):
    """widths: column widths (cm); rows: [(height_cm, [cell, …]), …] where a
    cell is (text, col, rowspan, colspan) with col 1-based; align: {col:
    'right'|'center'}; header_rows: how many leading rows Word repeats on each
    page (w:tblHeader)."""
    return {'widths': widths, 'rows': rows, 'borders': borders, 'size': size,
            'align': align or {}, 'header_rows': header_rows}


def c(text, col, rowspan=1, colspan=1):
    return (text, col, rowspan, colspan)


# ------------------------------------------------------------------ pages

def paginate(blocks, orientation='portrait'):
    """The page each table row starts on: rows are of exact height and may
    not split; a row that does not fit goes to the next page, after the
    repeated header rows. Returns {(table index, row index): page}."""
    page, pages = 1, {}
    size = A4 if orientation == 'portrait' else A4[::-1]
    top, bottom = MARGIN, size[1] - MARGIN
    y = top
    t = 0
    for b in blocks:
        if b[0] == 'section':
            size = A4 if b[1] == 'portrait' else A4[::-1]
            bottom = size[1] - MARGIN
            page, y = page + 1, top
        elif b[0] == 'p':
            if y + b[2] > bottom + 1e-6:
                page, y = page + 1, top
            y += b[2]
        else:
            spec = b[1]
            head = sum(h for h, _ in spec['rows'][:spec['header_rows']])
            for r, (h, _) in enumerate(spec['rows']):
                if y + h > bottom + 1e-6:
                    page = page + 1
                    y = top + (head if r >= spec['header_rows'] else 0)
                pages[(t, r)] = page
                y += h
            t += 1
    return pages


# ------------------------------------------------------------------ docx

def write_docx(blocks, path, orientation='portrait'):
    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    def sub(parent, tag, **attrs):
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        parent.append(el)
        return el

    def fonts(rpr):
        f = rpr.get_or_add_rFonts()
        for k in ('w:ascii', 'w:hAnsi', 'w:eastAsia', 'w:cs'):
            f.set(qn(k), FONT)

    def set_page(sec, orient):
        w, h = A4 if orient == 'portrait' else A4[::-1]
        sec.orientation = WD_ORIENT.PORTRAIT if orient == 'portrait' else WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(w), Cm(h)
        sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Cm(MARGIN)
        sec.header_distance = sec.footer_distance = Cm(0.5)

    def exact(pf, height):
        pf.space_before = pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Cm(height)

    d = docx.Document()
    normal = d.styles['Normal']
    normal.font.size = Pt(10)
    fonts(normal.element.get_or_add_rPr())
    exact(normal.paragraph_format, 0.5)
    set_page(d.sections[0], orientation)
    for b in blocks:
        if b[0] == 'section':
            set_page(d.add_section(WD_SECTION.NEW_PAGE), b[1])
            continue
        if b[0] == 'p':
            _, text, height, opts = b
            p = d.add_paragraph()
            exact(p.paragraph_format, height)
            if opts.get('center'):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if text:
                run = p.add_run(text)
                run.bold = opts.get('bold', False)
                run.font.size = Pt(opts.get('size', 10))
            continue
        spec = b[1]
        ncols = len(spec['widths'])
        tbl = d.add_table(rows=len(spec['rows']), cols=ncols)
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl.autofit = False
        tblPr = tbl._tbl.tblPr
        sub(tblPr, 'w:tblLayout', **{'w:type': 'fixed'})
        borders = sub(tblPr, 'w:tblBorders')
        for side in ('top', 'left', 'bottom', 'right', 'insideH', 'insideV'):
            if spec['borders']:
                sub(borders, f'w:{side}', **{'w:val': 'single', 'w:sz': '4', 'w:space': '0',
                                              'w:color': '000000'})
            else:
                sub(borders, f'w:{side}', **{'w:val': 'nil'})
        for gc, w in zip(tbl._tbl.tblGrid.gridCol_lst, spec['widths']):
            gc.w = Cm(w)
        for r, (height, _) in enumerate(spec['rows']):
            row = tbl.rows[r]
            row.height, row.height_rule = Cm(height), WD_ROW_HEIGHT_RULE.EXACTLY
            trPr = row._tr.get_or_add_trPr()
            sub(trPr, 'w:cantSplit')
            if r < spec['header_rows']:
                sub(trPr, 'w:tblHeader')
            for k, w in enumerate(spec['widths']):
                row.cells[k].width = Cm(w)
        # merge while every cell is empty, then write the anchors' text
        for r, (_, cells) in enumerate(spec['rows']):
            for text, col, rs, cs in cells:
                if rs > 1 or cs > 1:
                    tbl.cell(r, col - 1).merge(tbl.cell(r + rs - 1, col + cs - 2))
        for r, (_, cells) in enumerate(spec['rows']):
            for text, col, rs, cs in cells:
                cell = tbl.cell(r, col - 1)
                para = cell.paragraphs[0]
                exact(para.paragraph_format, spec['size'] * 1.25 / 72 * 2.54)
                align = spec['align'].get(col)
                if align == 'right':
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                elif align == 'center':
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if text:
                    para.add_run(text).font.size = Pt(spec['size'])
        # an empty paragraph between two tables would join them in Word
    d.save(path)


# ------------------------------------------------------------------ xlsx

def write_xlsx(blocks, path):
    """The same document on one sheet: a prose line in column A, a table's
    cells where they are, with their merges and borders."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '自评表'
    thin = Side(style='thin')
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    r0 = 1
    for b in blocks:
        if b[0] == 'p':
            if b[1]:
                ws.cell(r0, 1, b[1]).font = Font(bold=b[3].get('bold', False))
            r0 += 1
        elif b[0] == 'table':
            spec = b[1]
            for k, w in enumerate(spec['widths']):
                col = openpyxl.utils.get_column_letter(k + 1)
                ws.column_dimensions[col].width = max(ws.column_dimensions[col].width or 0, w * 5)
            for r, (_, cells) in enumerate(spec['rows']):
                for k in range(len(spec['widths'])):
                    ws.cell(r0 + r, k + 1).border = grid
                    ws.cell(r0 + r, k + 1).alignment = Alignment(wrap_text=True, vertical='center')
                for text, col, rs, cs in cells:
                    ws.cell(r0 + r, col).value = number_or_text(text)
                    if rs > 1 or cs > 1:
                        ws.merge_cells(start_row=r0 + r, start_column=col,
                                       end_row=r0 + r + rs - 1, end_column=col + cs - 1)
            r0 += len(spec['rows'])
    wb.save(path)


def number_or_text(text):
    """A plain number as a number (as an office types it), anything else as text."""
    if re.fullmatch(r'-?(?:[1-9][0-9]*|0)', text):
        return int(text)
    if re.fullmatch(r'-?[0-9]+\.[0-9]+', text):
        return float(text)
    return text


def write_text(blocks, path):
    """The same document as jixiao's text: a table row is its cells joined by
    TABs, a merge's covered cells blank."""
    out = []
    for b in blocks:
        if b[0] == 'p':
            out.append(b[1])
        elif b[0] == 'table':
            width = len(b[1]['widths'])
            for _, cells in b[1]['rows']:
                line = [''] * width
                for text, col, _, _ in cells:
                    line[col - 1] = text
                out.append('\t'.join(line))
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')


# ------------------------------------------------------------------ layouts

def title(text, height=1.0, size=14):
    return ('p', text, height, {'bold': True, 'size': size, 'center': True})


def line(text, height=0.6):
    return ('p', text, height, {})


def wrapped():
    """Long Chinese text and long numbers in narrow columns: each cell wraps
    to two to four lines, and must read back as one cell with its text whole
    (no space inside a number or between Chinese characters)."""
    rows = [(1.0, [c('序号', 1), c('项目名称', 2), c('主要内容', 3), c('预算金额（元）', 4),
                   c('执行金额（元）', 5)])]
    data = [
        ('1', '城乡居民基本医疗保险参保财政补助资金', '用于城乡居民基本医疗保险参保缴费财政补助，确保应保尽保',
         '12,345,678.90', '12,045,678.90'),
        ('2', '医疗救助县级配套资金', '对特困人员、低保对象、返贫致贫人口等困难群众参保给予资助',
         '3,456,789.01', '3,456,789.01'),
        ('3', '医保经办服务能力提升项目', '建设医保服务站点，开展经办人员业务培训，提升服务质量',
         '987,654.32', '901,234.56'),
        ('4', '打击欺诈骗保专项行动经费', '开展定点医药机构专项检查，追回违规使用的医保基金',
         '1234567890.12', '1234000000.00'),
    ]
    for row in data:
        rows.append((2.2, [c(t, k + 1) for k, t in enumerate(row)]))
    rows.append((1.0, [c('合计', 1, 1, 3), c('17,024,689.35', 4), c('16,403,413.46', 5)]))
    spec = table([1.2, 2.4, 3.0, 1.7, 1.7], rows, align={4: 'right', 5: 'right'})
    return [title('2023年度医疗保障项目资金明细表'), line('单位：元'), ('table', spec)], {}


EXPENSE_GROUPS = [
    ('工资福利支出', ['基本工资', '津贴补贴', '奖金', '伙食补助费', '绩效工资',
                  '机关事业单位基本养老保险缴费', '职业年金缴费', '职工基本医疗保险缴费',
                  '公务员医疗补助缴费', '其他社会保障缴费', '住房公积金', '医疗费',
                  '其他工资福利支出']),
    ('商品和服务支出', ['办公费', '印刷费', '咨询费', '手续费', '水费', '电费', '邮电费',
                   '物业管理费', '差旅费', '因公出国（境）费用', '维修（护）费', '租赁费',
                   '会议费', '培训费', '公务接待费', '专用材料费', '劳务费', '委托业务费',
                   '工会经费', '福利费', '公务用车运行维护费', '其他交通费用', '税金及附加费用',
                   '其他商品和服务支出']),
    ('对个人和家庭的补助', ['离休费', '退休费', '退职（役）费', '抚恤金', '生活补助',
                     '救济费', '医疗费补助', '助学金', '奖励金', '个人农业生产补贴',
                     '代缴社会保险费', '其他对个人和家庭的补助', '城乡居民医疗救助',
                     '参保缴费资助', '特殊人群门诊补助', '住院费用二次报销', '大病保险赔付',
                     '困难群众补充保险', '临时救助', '生育补助', '伤残补助', '长期护理保险补助',
                     '门诊共济补助', '其他救助支出']),
    ('资本性支出', ['办公设备购置', '专用设备购置', '信息网络及软件购置更新',
                 '其他资本性支出']),
]


def expense_rows(groups):
    """A 支出明细表's rows: a header, then per group its items, the group's
    name (支出类别) merged down them."""
    rows = [(1.0, [c('序号', 1), c('支出类别', 2), c('科目名称', 3), c('资金来源', 4),
                   c('决算数（万元）', 5)])]
    n = 0
    for label, items in groups:
        for k, item in enumerate(items):
            n += 1
            cells = [c(str(n), 1)]
            if k == 0:
                cells.append(c(label, 2, len(items)))
            amount = f'{(n * 7919 % 9973) / 100:.2f}'
            cells += [c(item, 3), c('一般公共预算' if n % 3 else '政府性基金', 4), c(amount, 5)]
            rows.append((0.8, cells))
    return rows


def three_pages():
    """A table over three pages, its header row repeated on each (w:tblHeader)
    and dropped when read; 支出类别 merged down its rows, one of them
    (商品和服务支出) across the break from page 1 to page 2, another
    (对个人和家庭的补助) across the break from page 2 to page 3."""
    rows = expense_rows(EXPENSE_GROUPS)
    spec = table([1.4, 3.6, 5.8, 3.0, 3.0], rows, align={1: 'center', 5: 'right'},
                 header_rows=1)
    return [title('2023年度一般公共预算财政拨款支出明细表'), line('单位：万元'),
            ('table', spec)], {}


LANDSCAPE_ROWS = [
    ('项目', '年初预算数', '全年预算数', '全年执行数', '执行率', '上年结转', '年末结余',
     '财政拨款', '其他资金', '备注'),
    ('一、一般公共服务支出', '85.20', '86.40', '84.96', '98.33%', '0.00', '1.44', '84.96', '0.00', ''),
    ('二、社会保障和就业支出', '152.36', '160.12', '158.77', '99.16%', '2.10', '3.45', '156.67', '2.10',
     '含养老保险缴费'),
    ('三、卫生健康支出', '1,086.05', '1,120.48', '1,072.81', '95.75%', '12.60', '60.27', '1,060.21',
     '12.60', '医疗救助'),
    ('四、住房保障支出', '36.72', '36.72', '36.72', '100.00%', '0.00', '0.00', '36.72', '0.00', ''),
    ('合计', '1,360.33', '1,403.72', '1,353.26', '96.41%', '14.70', '65.16', '1,338.56', '14.70', ''),
]


def landscape():
    """A portrait page of prose, then a landscape section (the docx section's
    orientation) holding a table ten columns wide."""
    rows = [(1.2 if r == 0 else 0.9, [c(t, k + 1) for k, t in enumerate(row) if t])
            for r, row in enumerate(LANDSCAPE_ROWS)]
    spec = table([5.0, 2.2, 2.2, 2.2, 2.0, 2.0, 2.0, 2.2, 2.0, 3.2], rows,
                 align={k: 'right' for k in range(2, 10)})
    return [title('第三部分 部门决算情况说明'),
            line('本部门2023年度财政拨款支出决算情况见下表，支出按功能分类列示。'),
            line('与上年相比，卫生健康支出增加，主要原因是医疗救助资金增加。'),
            ('section', 'landscape'),
            title('财政拨款支出决算表（按功能分类）'), line('单位：万元'), ('table', spec)], {}


def two_tables():
    """Two tables on one page with a paragraph between them (a heading,
    （二）支出决算情况): the paragraph is prose, neither table takes it, and
    the tables stay two."""
    t1 = table([4.0, 3.0, 3.0, 3.0], [
        (0.9, [c('收入项目', 1), c('预算数', 2), c('决算数', 3), c('完成率', 4)]),
        (0.8, [c('财政拨款收入', 1), c('1,318.56', 2), c('1,296.40', 3), c('98.32%', 4)]),
        (0.8, [c('事业收入', 1), c('24.00', 2), c('22.80', 3), c('95.00%', 4)]),
        (0.8, [c('合计', 1), c('1,342.56', 2), c('1,319.20', 3), c('98.26%', 4)]),
    ], align={2: 'right', 3: 'right', 4: 'right'})
    t2 = table([4.0, 3.0, 3.0, 3.0], [
        (0.9, [c('支出项目', 1), c('基本支出', 2), c('项目支出', 3), c('合计', 4)]),
        (0.8, [c('社会保障和就业支出', 1), c('86.12', 2), c('0.00', 3), c('86.12', 4)]),
        (0.8, [c('卫生健康支出', 1), c('512.30', 2), c('698.10', 3), c('1,210.40', 4)]),
        (0.8, [c('住房保障支出', 1), c('22.68', 2), c('0.00', 3), c('22.68', 4)]),
        (0.8, [c('合计', 1), c('621.10', 2), c('698.10', 3), c('1,319.20', 4)]),
    ], align={2: 'right', 3: 'right', 4: 'right'})
    between = '（二）支出决算情况'
    return [title('（一）收入支出决算情况'), line('单位：万元'), ('table', t1),
            line(between), ('table', t2),
            line('注：本表金额单位为万元，合计数与分项之和的差异系四舍五入所致。')], \
        {'prose': [between]}


def borderless():
    """A table drawn without a single rule: columns of text and right-aligned
    numbers, read by their alignment."""
    rows = [(0.8, [c('项目', 1), c('预算数', 2), c('决算数', 3), c('增减额', 4), c('增减率', 5)])]
    data = [
        ('基本支出', '1,086.05', '1,072.81', '-13.24', '-1.22%'),
        ('人员经费', '1,024.56', '1,019.76', '-4.80', '-0.47%'),
        ('公用经费', '61.49', '53.05', '-8.44', '-13.73%'),
        ('项目支出', '1,076.58', '1,003.48', '-73.10', '-6.79%'),
        ('医疗救助资金', '820.00', '786.32', '-33.68', '-4.11%'),
        ('医保经办能力提升', '256.58', '217.16', '-39.42', '-15.36%'),
        ('合计', '2,162.63', '2,076.29', '-86.34', '-3.99%'),
    ]
    for row in data:
        rows.append((0.8, [c(t, k + 1) for k, t in enumerate(row)]))
    spec = table([4.5, 2.6, 2.6, 2.6, 2.6], rows, borders=False,
                 align={2: 'right', 3: 'right', 4: 'right', 5: 'right'})
    return [title('2023年度支出决算对比表'), line('单位：万元'), ('table', spec),
            line('说明：增减率为决算数较预算数的增减幅度。')], {}


def card():
    """A 项目支出绩效自评表 across a page break: 绩效指标 and 产出指标 merged
    down their rows across the break, 项目资金（万元） over its amount rows.
    Its contradictions: the execution rate (90.00% written as 95.00%),
    产出指标 declared 50分 over indicators of 40, an indicator scored above
    its weight, and the 总分's 得分."""
    ind = [  # 一级, 二级, 三级, 指标值, 完成值, 分值, 得分, 偏差原因
        ('产出指标（50分）', '数量指标', '资助参保人数', '≥12000人', '12356人', '10', '10', '无'),
        ('', '数量指标', '医疗救助人次', '≥3000人次', '3125人次', '10', '10', '无'),
        ('', '质量指标', '资助参保覆盖率', '100%', '100%', '5', '5', '无'),
        ('', '质量指标', '救助政策落实率', '≥95%', '98%', '5', '5', '无'),
        ('', '时效指标', '资金拨付及时率', '≥95%', '96%', '5', '6', '无'),
        ('', '成本指标', '人均资助标准', '≤380元', '380元', '5', '5', '无'),
        ('效益指标（30分）', '社会效益指标', '困难群众医疗费用负担', '有效减轻', '有效减轻', '10', '10', '无'),
        ('', '社会效益指标', '因病致贫返贫发生率', '明显下降', '明显下降', '10', '10', '无'),
        ('', '可持续影响指标', '医疗救助制度运行', '长期', '长期', '10', '10', '无'),
        ('满意度指标（10分）', '服务对象满意度指标', '救助对象满意度', '≥90%', '95%', '10', '10', '无'),
    ]
    W = [1.6, 2.6, 2.0, 2.8, 1.8, 1.8, 1.5, 1.2, 1.7]  # 17.0 cm: the portrait page's width
    rows = [
        (0.8, [c('项目名称', 1), c('医疗救助县级配套资金', 2, 1, 8)]),
        (0.8, [c('主管部门', 1), c('平利县医疗保障局', 2, 1, 3), c('实施单位', 5),
               c('平利县医疗保障局', 6, 1, 4)]),
        (0.9, [c('项目资金（万元）', 1, 5), c('年初预算数', 3), c('全年预算数', 4), c('全年执行数', 5),
               c('分值', 6), c('执行率', 7), c('得分', 8, 1, 2)]),
        (0.8, [c('年度资金总额', 2), c('200', 3), c('200', 4), c('180', 5), c('10', 6),
               c('95.00%', 7), c('9', 8, 1, 2)]),
        (0.8, [c('其中：当年财政拨款', 2), c('200', 3), c('200', 4), c('180', 5), c('—', 6),
               c('95.00%', 7), c('—', 8, 1, 2)]),
        (0.8, [c('上年结转资金', 2), c('—', 6), c('—', 7), c('—', 8, 1, 2)]),
        (0.8, [c('其他资金', 2), c('—', 6), c('—', 7), c('—', 8, 1, 2)]),
        (0.8, [c('年度总体目标', 1, 2), c('预期目标', 2, 1, 4), c('实际完成情况', 6, 1, 4)]),
        (2.0, [c('对特困人员、低保对象等困难群众参保给予资助，住院费用按比例救助，减轻困难群众医疗费用负担。',
                 2, 1, 4),
               c('全年资助参保12356人，救助3125人次，困难群众医疗费用负担有效减轻。', 6, 1, 4)]),
        (1.3, [c('绩效指标', 1, len(ind) + 1), c('一级指标', 2), c('二级指标', 3), c('三级指标', 4),
               c('年度指标值', 5), c('实际完成值', 6), c('分值', 7), c('得分', 8),
               c('偏差原因分析及改进措施', 9)]),
    ]
    spans = {0: 6, 6: 3, 9: 1}   # 一级指标 merged down its indicators
    for k, (l1, l2, l3, tv, av, w, s, note) in enumerate(ind):
        cells = []
        if k in spans:
            cells.append(c(l1, 2, spans[k]))
        cells += [c(l2, 3), c(l3, 4), c(tv, 5), c(av, 6), c(w, 7), c(s, 8), c(note, 9)]
        rows.append((1.0, cells))
    rows.append((0.8, [c('总分', 1, 1, 6), c('100', 7), c('98', 8), c('', 9)]))
    spec = table(W, rows, size=8, align={7: 'center', 8: 'center'})
    intro = [line(t) for t in (
        '一、项目基本情况',
        '医疗救助县级配套资金用于资助困难群众参加城乡居民基本医疗保险，',
        '并对其住院和门诊慢特病费用给予救助。',
        '二、绩效目标完成情况',
        '全年资助参保12356人，救助3125人次，各项指标基本完成，具体见下表。',
    )]
    # push the card down so the page breaks inside 产出指标
    pad = [line('') for _ in range(10)]
    return [title('平利县医疗保障局2023年度项目支出绩效自评报告')] + intro + pad + \
        [title('项目支出绩效自评表', 0.9, 12), line('（2023年度）'), ('table', spec)], \
        {'same_findings_as': 'card.xlsx'}


LAYOUTS = {
    'wrapped': wrapped,
    'three_pages': three_pages,
    'landscape': landscape,
    'two_tables': two_tables,
    'borderless': borderless,
    'card': card,
}
# (the layouts below, first written to show reader bugs, are added to it there)
# 'rotated' is landscape.pdf with its second page turned (see rotate()).


# ------------------------------------------------------------------ output

def anchors(cells):
    return [{'text': text, 'col': col, 'rowspan': rs, 'colspan': cs}
            for text, col, rs, cs in cells if text or rs > 1 or cs > 1]


def expected(name, blocks, extra, orientation='portrait'):
    pages = paginate(blocks, orientation)
    tables = [b[1] for b in blocks if b[0] == 'table']
    out = {'name': name, 'pdf': f'{name}.pdf',
           'tables': [{'rows': [{'page': pages[(t, r)], 'cells': anchors(cells)}
                                for r, (_, cells) in enumerate(spec['rows'])]}
                      for t, spec in enumerate(tables)],
           'prose': extra.get('prose', [])}
    if 'same_findings_as' in extra:
        out['same_findings_as'] = extra['same_findings_as']
    return out


ROTATE_JS = r"""
// mutool run rotate.js IN.pdf OUT.pdf PAGE — page PAGE (1-based) of IN, a
// landscape page, made the way a scanner or a printer driver makes one: a
// portrait MediaBox whose content is drawn turned a quarter, and /Rotate 90
// to show it upright.
var doc = new PDFDocument(scriptArgs[0]);
var page = doc.findPage(parseInt(scriptArgs[2], 10) - 1);
var box = page.get("MediaBox");
var w = box.get(2) - box.get(0), h = box.get(3) - box.get(1);
if (w <= h) throw new Error("page " + scriptArgs[2] + " is not landscape");
page.put("MediaBox", [0, 0, h, w]);
if (page.get("CropBox")) page.delete("CropBox");
var pre = doc.addStream("q 0 1 -1 0 " + h + " 0 cm\n", {});
var post = doc.addStream("\nQ\n", {});
var old = page.get("Contents"), contents = doc.newArray();
contents.push(pre);
if (old.isArray()) { for (var i = 0; i < old.length; i++) contents.push(old.get(i)); }
else contents.push(old);
contents.push(post);
page.put("Contents", contents);
page.put("Rotate", 90);
doc.save(scriptArgs[1], "garbage,compress");
"""


def rotate(src, dst, page, tmp):
    if not shutil.which('mutool'):
        sys.exit('pdf_layouts: the rotated page needs mutool (mupdf-tools)')
    js = os.path.join(tmp, 'rotate.js')
    with open(js, 'w') as f:
        f.write(ROTATE_JS)
    out = subprocess.run(['mutool', 'run', js, src, dst, str(page)], capture_output=True, text=True)
    if out.returncode != 0 or not os.path.exists(dst):
        sys.exit(f'pdf_layouts: mutool run rotate.js failed: {out.stderr.strip()}')


def to_pdf(paths, outdir):
    if not shutil.which('soffice'):
        sys.exit('pdf_layouts: needs LibreOffice (soffice)')
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run(['soffice', f'-env:UserInstallation=file://{profile}',
                              '--headless', '--convert-to', 'pdf', '--outdir', outdir] + paths,
                             capture_output=True, text=True)
    for p in paths:
        pdf = os.path.join(outdir, os.path.splitext(os.path.basename(p))[0] + '.pdf')
        if not os.path.exists(pdf):
            sys.exit(f'pdf_layouts: soffice wrote no {pdf}: {out.stderr.strip()}')


# ------------------------------------------------------------------ checks

def read_doc(pdf, jixiao):
    out = subprocess.run([jixiao, 'parse', pdf], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        return None
    return json.loads(out.stdout.splitlines()[0])


def read_pages(pdf, jixiao):
    """The page jixiao gives each row of each table (its cells' page)."""
    doc = read_doc(pdf, jixiao)
    if doc is None:
        return None
    return [[sorted({cell.get('page') for cell in row}) for row in t['rows']] for t in doc['tables']]


def read_back(pdf, jixiao):
    """jixiao's tables of the PDF: per table, per row, its anchors."""
    doc = read_doc(pdf, jixiao)
    if doc is None:
        return None
    return [[[{'text': cell['text'], 'col': cell['col'], 'rowspan': cell.get('rowspan') or 1,
               'colspan': cell.get('colspan') or 1}
              for cell in row if cell['text'] or (cell.get('rowspan') or 1) > 1
              or (cell.get('colspan') or 1) > 1]
             for row in t['rows']] for t in doc['tables']]


def show_row(cells):
    return ' | '.join(f"{x['text']}@{x['col']}" + (f"x{x['rowspan']}" if x['rowspan'] > 1 else '')
                      + (f"+{x['colspan']}" if x['colspan'] > 1 else '') for x in cells) \
        if cells is not None else '(no row)'


def compare(path, jixiao):
    """jixiao's reading of the layout's PDF against its expected grid: the
    same tables, each row's anchors (text, column, spans) exactly, and its
    page where the layout knows it; the prose lines in no table. Prints the
    first differences; returns how many."""
    exp = json.load(open(path, encoding='utf-8'))
    got = read_back(os.path.join(os.path.dirname(path), exp['pdf']), jixiao)
    if got is None:
        print(f"# {exp['name']}: jixiao parse {exp['pdf']} failed")
        return 1
    bad = []
    want = [[r['cells'] for r in t['rows']] for t in exp['tables']]
    if len(got) != len(want):
        bad.append(f"{len(got)} tables, want {len(want)}")
    for t, (g, w) in enumerate(zip(got, want), 1):
        for r in range(max(len(g), len(w))):
            a = g[r] if r < len(g) else None
            b = w[r] if r < len(w) else None
            if a != b:
                bad.append(f"table {t} row {r + 1}: got {show_row(a)}; want {show_row(b)}")
    # each row on the page the layout puts it (where the layout knows it)
    got_pages = read_pages(os.path.join(os.path.dirname(path), exp['pdf']), jixiao) or []
    for t, (g, w) in enumerate(zip(got_pages, exp['tables']), 1):
        for r, (gp, wr) in enumerate(zip(g, w['rows']), 1):
            if wr.get('page') is not None and gp != [wr['page']]:
                bad.append(f"table {t} row {r}: on page {gp}, want {wr['page']}")
    texts = [x['text'] for t in got for row in t for x in row]
    for line_text in exp.get('prose', []):
        if any(line_text in x for x in texts):
            bad.append(f"{line_text!r} read into a table")
    for b in bad[:6]:
        print(f"# {exp['name']}: {b}")
    return len(bad)


def pages(path):
    """The PDF against the pages its layout puts each row on (mutool's text of
    each page: every cell of the row is on its page) and the page boxes it
    asks for: so the reader is tested on the layout meant."""
    exp = json.load(open(path, encoding='utf-8'))
    pdf = os.path.join(os.path.dirname(path), exp['pdf'])
    out = subprocess.run(['mutool', 'draw', '-q', '-F', 'stext.json', '-o', '-', pdf],
                         capture_output=True, text=True)
    text = []
    try:
        for page in json.loads(out.stdout)['pages']:
            text.append(''.join(''.join(line['text'].split()) for block in page['blocks']
                                for line in block.get('lines', [])))
    except (ValueError, KeyError):
        print(f"# {exp['name']}: mutool draw -F stext.json {exp['pdf']} failed")
        return 1
    bad = []
    for t, table_ in enumerate(exp['tables'], 1):
        for r, row in enumerate(table_['rows'], 1):
            p = row['page']
            if p is None:
                continue
            for x in row['cells']:
                key = ''.join(x['text'].split())
                if p > len(text) or key not in text[p - 1]:
                    bad.append(f"table {t} row {r}: {x['text']!r} is not on page {p}")
    boxes = subprocess.run(['mutool', 'pages', pdf], capture_output=True, text=True).stdout
    for p, want in exp.get('page_boxes', {}).items():
        m = re.search(rf'<page pagenum="{p}">(.*?)</page>', boxes, re.S)
        if not m:
            bad.append(f"no page {p}")
            continue
        box = re.search(r'<MediaBox l="([-\d.]+)" b="([-\d.]+)" r="([-\d.]+)" t="([-\d.]+)"', m.group(1))
        rot = re.search(r'<Rotate v="(-?\d+)"', m.group(1))
        l, b, r, t = (float(v) for v in box.groups())
        got = {'portrait': (t - b) > (r - l), 'rotate': int(rot.group(1)) % 360 if rot else 0}
        if got != want:
            bad.append(f"page {p}: {got}, want {want}")
    for b in bad[:6]:
        print(f"# {exp['name']}: {b}")
    return len(bad)


# ------------------------------------------------------------------ layouts that showed reader bugs
#
# First written to show a bug of the reader, each now checked with the
# others (LAYOUTS). repro_boxed_notes (--repro) shows one left as it is.
# Those made with Calc (an .xlsx printed) carry no pages: Calc's page breaks
# are not modelled here.

def sentence_between_tables():
    """two_tables with a sentence between the tables instead of a heading: two
    tables and the sentence as prose (the reader says it is outside every
    table, so the segmenter does not take it for a wrapped cell's text)."""
    blocks, extra = two_tables()
    between = '本年支出按支出性质分为基本支出和项目支出，具体如下：'
    blocks = [(b if b[:2] != ('p', '（二）支出决算情况') else line(between)) for b in blocks]
    return blocks, {'prose': [between]}


def label_one_row_before_break():
    """A label merged down four rows (资本性支出) with one row at the foot of
    page 1 and three on page 2: one cell spanning the four rows."""
    groups = [EXPENSE_GROUPS[0], (EXPENSE_GROUPS[1][0], EXPENSE_GROUPS[1][1][:14]),
              EXPENSE_GROUPS[3]]
    spec = table([1.4, 3.6, 5.8, 3.0, 3.0], expense_rows(groups), align={1: 'center', 5: 'right'},
                 header_rows=1)
    return [title('2023年度一般公共预算财政拨款支出明细表'), line('单位：万元'), ('table', spec)], {}


def number_rows_across_break():
    """A table over two pages (rows that may not split) whose last row on page
    1 has right-aligned numbers and a name filling its cell: page 2's first
    row (39909 经常性赠与) is a row of its own, not the rest of a broken row
    (a number set right does not run on, and a number alone never wraps)."""
    items = [('30101', '基本工资'), ('30102', '津贴补贴'), ('30103', '奖金'), ('30106', '伙食补助费'),
             ('30107', '绩效工资'), ('30108', '机关事业单位基本养老保险缴费'), ('30109', '职业年金缴费'),
             ('30110', '职工基本医疗保险缴费'), ('30111', '公务员医疗补助缴费'), ('30112', '其他社会保障缴费'),
             ('30113', '住房公积金'), ('30199', '其他工资福利支出'), ('30201', '办公费'), ('30202', '印刷费'),
             ('30205', '水费'), ('30206', '电费'), ('30207', '邮电费'), ('30211', '差旅费'),
             ('30213', '维修（护）费'), ('30215', '会议费'), ('30216', '培训费'), ('30217', '公务接待费'),
             ('30228', '工会经费'), ('30229', '福利费'), ('30231', '公务用车运行维护费'),
             ('30239', '其他交通费用'), ('30299', '其他商品和服务支出'),
             ('39908', '对民间非营利组织和群众性自治组织补贴'),
             ('39909', '经常性赠与'), ('39910', '资本性赠与'), ('39999', '其他支出')]
    rows = [(1.0, [c('科目代码', 1), c('科目名称', 2), c('决算数', 3)])]
    for k, (code, name) in enumerate(items):
        rows.append((0.8, [c(code, 1), c(name, 2), c(f'{(k * 3571 % 997) / 10:.2f}', 3)]))
    # the long name (17 characters, 5.7 cm as Writer sets them) fills its 6.3 cm cell
    spec = table([2.4, 6.3, 3.0], rows, align={1: 'right', 3: 'right'}, header_rows=1)
    return [title('一般公共预算财政拨款基本支出决算明细表'), line('单位：万元'), ('table', spec)], {}


def clipped_overflow():
    """A cell whose text wraps in a row of exact height too low for it: what
    the row hides of it (款) stays with its own cell (其中：当年财政拨款), never
    the row below."""
    rows = [(0.9, [c('资金来源', 1), c('年初预算数', 2), c('全年执行数', 3)]),
            (0.8, [c('年度资金总额', 1), c('200', 2), c('180', 3)]),
            (0.8, [c('其中：当年财政拨款', 1), c('200', 2), c('180', 3)]),
            (0.8, [c('上年结转资金', 1), c('—', 2), c('—', 3)])]
    spec = table([1.6, 2.4, 2.4], rows, size=8, align={2: 'right', 3: 'right'})
    return [title('项目资金（万元）'), ('table', spec)], {}


def calc_sheet(path, rows, merges=(), widths=None, boxed=None, links=(), center=False,
               heights=None):
    """An .xlsx printed by Calc: rows of values from A1; boxed(r, c) says which
    cells get a border (all by default); links: (r, c) cells made hyperlinks."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'Sheet1'
    thin = Side(style='thin')
    for r, row in enumerate(rows, 1):
        for k, v in enumerate(row, 1):
            cell = ws.cell(r, k)
            if v != '':
                cell.value = number_or_text(v)
                if isinstance(cell.value, float):   # printed with its decimals
                    cell.number_format = '0.' + '0' * len(v.split('.')[1])
            if boxed is None or boxed(r, k):
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical='center' if center else 'top')
    for r, k in links:
        ws.cell(r, k).hyperlink = f'#Sheet1!A{r}'
        ws.cell(r, k).font = Font(underline='single', color='0000FF')
    for m in merges:
        ws.merge_cells(m)
    for k, w in enumerate(widths or [], 1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(k)].width = w
    for r, h in (heights or {}).items():
        ws.row_dimensions[r].height = h
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = 'portrait'
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.save(path)


def calc_expected(rows, merges=()):
    """The grid of calc_sheet's rows: every non-empty cell, merges as spans."""
    spans = {}
    for m in merges:
        lo, hi = m.split(':')
        (c0, r0), (c1, r1) = (openpyxl.utils.cell.coordinate_from_string(x) for x in (lo, hi))
        k0, k1 = (openpyxl.utils.column_index_from_string(x) for x in (c0, c1))
        spans[(r0, k0)] = (r1 - r0 + 1, k1 - k0 + 1)
    out = []
    for r, row in enumerate(rows, 1):
        cells = []
        for k, v in enumerate(row, 1):
            rs, cs = spans.get((r, k), (1, 1))
            if v != '' or rs > 1 or cs > 1:
                cells.append(c(str(v), k, rs, cs))
        out.append((None, cells))
    return out


def repro_boxed_notes():
    """A scorecard as jixiao's corrected workbook prints it: the table A:D,
    column E left blank without borders, and F (偏差原因分析) boxed on the
    indicator rows only. Each 无 belongs to its row; read, the boxes are
    tables of their own after the card (their text kept): tables side by
    side are not joined into one (seen in the score workbooks of 000 and
    003, whose layout issue 13 changes)."""
    reason = ('预算编制不够精准，导致本年度资金支出率为85.64%。改进措施：采取科学合理的预算编制方法，'
              '加强预算编制的准确性和科学性，提高资金使用效率。')
    rows = [['一级指标', '三级指标', '分值', '得分', '', '偏差原因分析及改进措施'],
            ['成本指标', '项目预算数', '10', '8.56', '', reason],
            ['成本指标 小计', '', '10', '8.56', '', ''],
            ['产出指标', '补助人数', '20', '20', '', '无'],
            ['', '补助发放准确性', '20', '20', '', '无'],
            ['', '补助发放及时性', '10', '10', '', '无'],
            ['产出指标 小计', '', '50', '50', '', ''],
            ['效益指标', '减轻医疗费用负担', '10', '10', '', '无'],
            ['', '补助政策延续性', '10', '10', '', '无'],
            ['效益指标 小计', '', '20', '20', '', ''],
            ['满意度指标', '干部职工满意度', '10', '10', '', '无'],
            ['满意度指标 小计', '', '10', '10', '', ''],
            ['总分', '', '100', '97.12', '', '']]
    merges = ['A3:B3', 'A4:A6', 'A7:B7', 'A8:A9', 'A10:B10', 'A12:B12', 'A13:B13']
    notes = {r for r, row in enumerate(rows, 1) if row[5]}

    def boxed(r, k):
        return k <= 4 or (k == 6 and r in notes)

    def write(base):
        calc_sheet(base + '.xlsx', rows, merges, widths=[12, 24, 8, 8, 4, 30], boxed=boxed,
                   heights={2: 80})
        return base + '.xlsx'
    return None, {'write': write, 'rows': calc_expected(rows, merges)}


def link_underline():
    """A 问题清单 whose 位置 cells are hyperlinks, underlined: an underline is
    no ruling (it stops short of its cell's sides), so no row is split in two."""
    rows = [['严重程度', '代码', '位置', '说明'],
            ['error', 'subrow_mismatch', '001.txt:267', '“任务2”的全年执行数·总额为6.27，而财政拨款与其他资金之和为6.25。'],
            ['error', 'task_sum', '001.txt:269', '“金额合计”的全年执行数·财政拨款为871.44，而各任务之和为526.03。'],
            ['error', 'weight_total', '001.txt:291', '总分的分值为100，而预算执行率与各指标分值之和为120。']]

    def write(base):
        calc_sheet(base + '.xlsx', rows, widths=[10, 16, 14, 80],
                   links=[(r, 3) for r in range(2, len(rows) + 1)])
        return base + '.xlsx'
    return None, {'write': write, 'rows': calc_expected(rows)}


def label_below_break():
    """A label merged down rows across a page break, centred: Calc prints it
    in the middle of the merged area, on page 2, and leaves the part on page
    1 blank: one cell spanning all its rows, its text from page 2."""
    rows = [['一级指标', '二级指标', '三级指标', '分值', '得分']]
    names = [n for _, items in EXPENSE_GROUPS for n in items] * 2
    for k, name in enumerate(names[:80], 2):
        rows.append(['投入管理指标' if k == 50 else '', '预算和财务管理', name, '1', '1'])
    merges = ['A50:A75']   # Calc breaks the page after row 53 or so: the middle is on page 2

    def write(base):
        calc_sheet(base + '.xlsx', rows, merges, widths=[14, 16, 36, 8, 8], center=True)
        return base + '.xlsx'
    return None, {'write': write, 'rows': calc_expected(rows, merges)}


LAYOUTS.update({
    'sentence_between_tables': sentence_between_tables,
    'label_one_row_before_break': label_one_row_before_break,
    'number_rows_across_break': number_rows_across_break,
    'clipped_overflow': clipped_overflow,
    'link_underline': link_underline,
    'label_below_break': label_below_break,
})

REPRO = {
    'repro_boxed_notes': repro_boxed_notes,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('-o', dest='outdir')
    ap.add_argument('--compare', metavar='NAME.expected.json',
                    help="check jixiao's reading of the PDF against it; exit 1 on a difference")
    ap.add_argument('--pages', metavar='NAME.expected.json',
                    help='check the PDF is laid out as expected (rows on their pages, page boxes)')
    ap.add_argument('--jixiao', default=os.path.join(ROOT, 'jixiao'))
    ap.add_argument('--also', nargs='*', default=[], metavar='FILE',
                    help='other office files to print to PDF in the same soffice run')
    ap.add_argument('--repro', action='store_true',
                    help='also the layouts that show reader bugs not yet fixed')
    args = ap.parse_args()
    if args.compare:
        return 1 if compare(args.compare, args.jixiao) else 0
    if args.pages:
        return 1 if pages(args.pages) else 0
    if not args.outdir:
        ap.error('need -o OUTDIR (or --compare / --pages)')
    os.makedirs(args.outdir, exist_ok=True)
    layouts = dict(LAYOUTS)
    if args.repro:
        layouts.update(REPRO)
    sources = []
    for name, make in layouts.items():
        blocks, extra = make()
        base = os.path.join(args.outdir, name)
        if 'write' in extra:               # a workbook Calc prints: no pages modelled
            sources.append(extra['write'](base))
            exp = {'name': name, 'pdf': f'{name}.pdf',
                   'tables': [{'rows': [{'page': None, 'cells': anchors(cells)}
                                        for _, cells in extra['rows']]}],
                   'prose': extra.get('prose', [])}
        else:
            write_docx(blocks, base + '.docx')
            sources.append(base + '.docx')
            exp = expected(name, blocks, extra)
        if 'same_findings_as' in extra:
            write_xlsx(blocks, base + '.xlsx')
            write_text(blocks, base + '.txt')
        exp['about'] = ' '.join((make.__doc__ or '').split())
        if name == 'landscape':
            exp['page_boxes'] = {'1': {'portrait': True, 'rotate': 0},
                                 '2': {'portrait': False, 'rotate': 0}}
        with open(base + '.expected.json', 'w', encoding='utf-8') as f:
            json.dump(exp, f, ensure_ascii=False, indent=1)
        if name == 'landscape':
            rot = dict(exp, name='rotated', pdf='rotated.pdf',
                       about='landscape.pdf with its landscape page (2) made a portrait '
                             'MediaBox drawn turned a quarter and /Rotate 90: read as the '
                             'landscape page',
                       page_boxes={'1': {'portrait': True, 'rotate': 0},
                                   '2': {'portrait': True, 'rotate': 90}})
            with open(os.path.join(args.outdir, 'rotated.expected.json'), 'w', encoding='utf-8') as f:
                json.dump(rot, f, ensure_ascii=False, indent=1)
    to_pdf(sources + list(args.also), args.outdir)
    with tempfile.TemporaryDirectory() as tmp:
        rotate(os.path.join(args.outdir, 'landscape.pdf'), os.path.join(args.outdir, 'rotated.pdf'), 2, tmp)
    names = list(layouts) + ['rotated']
    print(f"pdf_layouts: {len(names)} layouts in {args.outdir}: {', '.join(names)}")
    return 0


if __name__ == '__main__':
    sys.exit(main())
