"""Publication blocks → PDF with fpdf2 and the Noto CJK fonts Debian ships (fonts-noto-cjk).

Pure Python and offline: no office suite, no network. Body text in Noto Serif CJK (宋体-like),
headings in Noto Sans CJK (黑体-like), as national standards set them.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TableCellFillMode

from cbec.standards.interop.publish.layout import Block, Table

FONT_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk")]
# Index of the Simplified Chinese face inside the Noto CJK collections.
SC_INDEX = 2


class FontMissing(RuntimeError):
    """The CJK fonts are not installed (Debian: apt-get install fonts-noto-cjk)."""


def _font_file(name: str) -> Path:
    for folder in FONT_DIRS:
        path = folder / name
        if path.exists():
            return path
    raise FontMissing(f"{name} not found in {[str(d) for d in FONT_DIRS]}: install fonts-noto-cjk")


class _Pdf(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.doc_title = title
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=18)
        self.add_font(
            "serif",
            fname=str(_font_file("NotoSerifCJK-Regular.ttc")),
            collection_font_number=SC_INDEX,
        )
        self.add_font(
            "sans",
            fname=str(_font_file("NotoSansCJK-Regular.ttc")),
            collection_font_number=SC_INDEX,
        )
        self.add_font(
            "sans",
            style="B",
            fname=str(_font_file("NotoSansCJK-Bold.ttc")),
            collection_font_number=SC_INDEX,
        )
        self.set_title(title)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font("serif", size=8)
        self.cell(0, 6, f"{self.doc_title} · {self.page_no()}", align="C")


def pdf_bytes(blocks: list[Block]) -> bytes:
    title = next((b.text for b in blocks if b.kind == "title"), "").split("\n")[0]
    pdf = _Pdf(title)
    pdf.add_page()
    for block in blocks:
        _draw(pdf, block)
    return bytes(pdf.output())


def _draw(pdf: _Pdf, block: Block) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if block.kind == "pagebreak":
        pdf.add_page()
    elif block.kind == "title":
        pdf.set_y(80)
        pdf.set_font("sans", "B", 22)
        pdf.multi_cell(width, 12, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
    elif block.kind == "subtitle":
        pdf.ln(6)
        pdf.set_font("sans", "B", 16)
        pdf.multi_cell(width, 10, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(30)
    elif block.kind in {"h1", "h2"}:
        pdf.ln(4 if block.kind == "h1" else 2)
        pdf.set_font("sans", "B", 15 if block.kind == "h1" else 12)
        pdf.multi_cell(width, 8, block.text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    elif block.kind == "table" and block.table is not None:
        _table(pdf, block.table, width)
    else:
        pdf.set_font("serif", size=10.5)
        pdf.multi_cell(width, 6.5, block.text, new_x="LMARGIN", new_y="NEXT")


def _table(pdf: _Pdf, table: Table, width: float) -> None:
    if table.caption:
        pdf.set_font("sans", "B", 10.5)
        pdf.multi_cell(width, 7, table.caption, new_x="LMARGIN", new_y="NEXT")
    total = sum(table.widths)
    spans = {(r, c): n for r, c, n in table.spans}
    covered = {(r + k, c) for (r, c), n in spans.items() for k in range(1, n)}
    pdf.set_font("serif", size=8.5)
    with pdf.table(
        col_widths=[width * w / total for w in table.widths],
        line_height=4.6,
        headings_style=_heading_style(),
        cell_fill_mode=TableCellFillMode.NONE,
        first_row_as_headings=True,
        text_align="LEFT",
    ) as grid:
        head = grid.row()
        for text in table.header:
            head.cell(text, align="C")
        for r, values in enumerate(table.rows):
            row = grid.row()
            for c, text in enumerate(values):
                if (r, c) in covered:
                    continue
                row.cell(text, rowspan=spans.get((r, c), 1))
    pdf.ln(3)


def _heading_style() -> object:
    from fpdf.fonts import FontFace

    return FontFace(family="sans", emphasis="BOLD", size_pt=9, fill_color=(230, 236, 242))
