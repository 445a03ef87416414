"""The certificate as a one-page A4 landscape PDF (fpdf2), with a QR code to its verification page.

Knows no Flask: the caller passes every text already translated. Arabic
needs shaping (joined letter forms) and right-to-left order, which fpdf2
does with HarfBuzz (uharfbuzz) when text shaping is on; the Noto fonts
shipped in fonts/ (SIL Open Font License, see fonts/OFL.txt) cover Latin
and Arabic, so the PDF never depends on the fonts of the server.
"""
from dataclasses import dataclass, field
from pathlib import Path

import segno
from fpdf import FPDF

FONTS_DIR = Path(__file__).parent / "fonts"
LATIN = "NotoSans"
ARABIC = "NotoSansArabic"
_FONT_FILES = {
    (LATIN, ""): "NotoSans-Regular.ttf",
    (LATIN, "B"): "NotoSans-Bold.ttf",
    (ARABIC, ""): "NotoSansArabic-Regular.ttf",
    (ARABIC, "B"): "NotoSansArabic-Bold.ttf",
}

PAGE_WIDTH, PAGE_HEIGHT = 297, 210  # A4 landscape, millimetres
MARGIN = 18
QR_SIZE = 36
INK = (34, 48, 66)
ACCENT = (0, 94, 138)


@dataclass
class CertificateText:
    """Every text printed on the certificate, already in the learner's language."""

    heading: str
    certifies: str
    name: str
    completed: str
    course_title: str
    code_label: str
    code: str
    verify_hint: str
    verify_url: str
    issuer: str
    details: list[str] = field(default_factory=list)
    right_to_left: bool = False


def certificate_pdf(text: CertificateText) -> bytes:
    """The certificate as PDF bytes (about 40 KB: only the glyphs used are embedded)."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_title(text.heading)
    pdf.set_creator(text.issuer)
    for (family, style), filename in _FONT_FILES.items():
        pdf.add_font(family, style, str(FONTS_DIR / filename))
    # The interface language picks the main font; the other one fills in
    # the glyphs it lacks (an Arabic name on a French certificate).
    main, fallback = (ARABIC, LATIN) if text.right_to_left else (LATIN, ARABIC)
    pdf.set_fallback_fonts([fallback])
    pdf.set_text_shaping(True)
    pdf.add_page()

    _frame(pdf)
    width = PAGE_WIDTH - 2 * MARGIN - 12
    left = MARGIN + 6
    pdf.set_text_color(*INK)

    pdf.set_xy(left, 36)
    pdf.set_font(main, "B", 30)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(width, 14, text.heading, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(4)
    pdf.set_font(main, "", 14)
    pdf.multi_cell(width, 8, text.certifies, align="C", new_x="LEFT", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(main, "B", 24)
    pdf.multi_cell(width, 12, text.name, align="C", new_x="LEFT", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(main, "", 14)
    pdf.multi_cell(width, 8, text.completed, align="C", new_x="LEFT", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(main, "B", 18)
    pdf.multi_cell(width, 9, text.course_title, align="C", new_x="LEFT", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(main, "", 12)
    for line in text.details:
        pdf.multi_cell(width, 7, line, align="C", new_x="LEFT", new_y="NEXT")

    _verification_corner(pdf, text, main)
    return bytes(pdf.output())


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, PAGE_WIDTH - 20, PAGE_HEIGHT - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, PAGE_WIDTH - 26, PAGE_HEIGHT - 26)


def _verification_corner(pdf: FPDF, text: CertificateText, main: str) -> None:
    """QR code in the lower corner where the reading ends, code and address beside it."""
    top = PAGE_HEIGHT - MARGIN - QR_SIZE
    block_width = 120
    if text.right_to_left:
        qr_x, text_x, align = MARGIN, MARGIN + QR_SIZE + 4, "L"
    else:
        qr_x, text_x, align = PAGE_WIDTH - MARGIN - QR_SIZE, PAGE_WIDTH - MARGIN - QR_SIZE - 4 - block_width, "R"
    draw_qr_code(pdf, text.verify_url, qr_x, top, QR_SIZE)
    # Clickable too, for the learner who opens the PDF on the phone it was sent to.
    pdf.link(qr_x, top, QR_SIZE, QR_SIZE, text.verify_url)

    pdf.set_xy(text_x, top + 6)
    pdf.set_font(main, "", 10)
    pdf.multi_cell(block_width, 5, text.code_label, align=align, new_x="LEFT", new_y="NEXT")
    pdf.set_font(LATIN, "B", 14)
    pdf.multi_cell(block_width, 7, text.code, align=align, new_x="LEFT", new_y="NEXT")
    pdf.set_font(main, "", 9)
    pdf.multi_cell(block_width, 5, text.verify_hint, align=align, new_x="LEFT", new_y="NEXT")
    pdf.set_font(LATIN, "", 9)
    pdf.multi_cell(block_width, 5, text.verify_url, align=align, new_x="LEFT", new_y="NEXT", link=text.verify_url)

    pdf.set_xy(MARGIN if not text.right_to_left else PAGE_WIDTH - MARGIN - 80, PAGE_HEIGHT - MARGIN - 8)
    pdf.set_font(LATIN, "B", 12)
    pdf.set_text_color(*ACCENT)
    pdf.cell(80, 8, text.issuer, align="R" if text.right_to_left else "L")
    pdf.set_text_color(*INK)


def draw_qr_code(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    """Draw `data` as a QR code (vector squares, error correction M) in a `size` mm square."""
    qr = segno.make(data, error="m", micro=False)
    matrix = qr.matrix
    quiet_zone = 2
    module = size / (len(matrix) + 2 * quiet_zone)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        top = y + (row_index + quiet_zone) * module
        column = 0
        # One rectangle per run of dark modules keeps the page small.
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            pdf.rect(x + (start + quiet_zone) * module, top, (column - start) * module, module, style="F")
