"""Publication blocks → Word (.docx) with python-docx: A4, 宋体/黑体 East Asian fonts."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.run import Run

from cbec.standards.interop.publish.layout import Block, Table

BODY_FONT, HEADING_FONT = "宋体", "黑体"


def docx_bytes(blocks: list[Block]) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    for block in blocks:
        _draw(doc, block)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _font(run: Run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), name)


def _draw(doc: DocumentType, block: Block) -> None:
    if block.kind == "pagebreak":
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        return
    if block.kind == "table" and block.table is not None:
        _table(doc, block.table)
        return
    sizes = {"title": (22, True), "subtitle": (16, True), "h1": (16, True), "h2": (13, True)}
    size, bold = sizes.get(block.kind, (10.5, False))
    paragraph = doc.add_paragraph()
    if block.kind in {"title", "subtitle"}:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(60 if block.kind == "title" else 12)
    _font(paragraph.add_run(block.text), HEADING_FONT if bold else BODY_FONT, size, bold)


def _table(doc: DocumentType, table: Table) -> None:
    if table.caption:
        _font(doc.add_paragraph().add_run(table.caption), HEADING_FONT, 11, True)
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    total = sum(table.widths)
    for index, width in enumerate(table.widths):
        for cell in grid.columns[index].cells:
            cell.width = Cm(17 * width / total)
    for index, text in enumerate(table.header):
        _cell_text(grid.cell(0, index), text, bold=True)
    for r, values in enumerate(table.rows, start=1):
        for c, text in enumerate(values):
            _cell_text(grid.cell(r, c), text)
    for first, column, span in table.spans:
        grid.cell(first + 1, column).merge(grid.cell(first + span, column))
    doc.add_paragraph()


def _cell_text(cell: object, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    if bold:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(text), HEADING_FONT if bold else BODY_FONT, 9, bold)
