"""Word documents made from the very HTML the PDFs are printed from, so the two never differ.

Clerks adjust the wording of a document in Word or LibreOffice before a session; what they
get is the PDF's content as real Word paragraphs and tables, formatted by named styles
(«Document Title», «Annex», «Table Heading»…) that they can change once for the whole file.
The HTML of the documents is our own and small (headings, paragraphs, tables, lists), so a
walk over it is enough; charts (SVG) are left to the PDF.
"""

import re
from io import BytesIO

import lxml.html
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

FONT = "Times New Roman"
# What only screen readers need, and the drawings, stay out of Word.
SKIPPED_CLASSES = {"visually-hidden", "doc-chart", "d-print-none"}
SKIPPED_TAGS = {"svg", "img", "script", "style", "caption", "figure"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "div", "section", "article", "table", "ul", "ol"}
_SPACES = re.compile(r"\s+")
HEADING_STYLES = {"h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3", "h4": "Heading 3"}


def html_to_docx(html, *, page_label="Page", of_label="of"):
    """The DOCX bytes of a document's printable HTML (the PDF template's output)."""
    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    document = Document()
    _define_styles(document)
    section = document.sections[0]
    _set_page(section, landscape=False)
    writer = _Writer(document)
    writer.draft = body.get("data-draft", "")
    writer.page_label, writer.of_label = page_label, of_label
    _decorate(section, writer)
    writer.block(body)
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def _define_styles(document):
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(13 if name == "Heading 1" else 12)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = None
        style.paragraph_format.space_before = Pt(10)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True

    def paragraph_style(name, *, size=12, bold=False, align=None, left=None, before=0, after=2):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        if align is not None:
            style.paragraph_format.alignment = align
        if left is not None:
            style.paragraph_format.left_indent = left
        return style

    paragraph_style("Document Title", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_style("Centered", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_style("Annex", left=Cm(9.5), after=0)
    paragraph_style("Table Text", size=10, after=0)
    paragraph_style("Table Heading", size=10, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    paragraph_style("Table Amount", size=10, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)
    paragraph_style("Note", size=9, after=4)
    paragraph_style("Draft Mark", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph_style("Page Number", size=9, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph_style("Signature", before=24)
    justified = paragraph_style("Body Text Indented", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    justified.paragraph_format.first_line_indent = Cm(1.25)


def _set_page(section, *, landscape):
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Mm(297), Mm(210)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = section.bottom_margin = Mm(18)
    section.left_margin = Mm(15 if landscape else 25)
    section.right_margin = Mm(15 if landscape else 12)


def _decorate(section, writer):
    """«ПРОЄКТ» at the top of every page of a draft; «Сторінка N з M» at the bottom."""
    header = section.header.paragraphs[0]
    header.style = "Draft Mark"
    if writer.draft:
        header.add_run(writer.draft)
    footer = section.footer.paragraphs[0]
    footer.style = "Page Number"
    footer.add_run(f"{writer.page_label} ")
    _field(footer, "PAGE")
    footer.add_run(f" {writer.of_label} ")
    _field(footer, "NUMPAGES")


def _field(paragraph, code):
    """A Word field (PAGE, NUMPAGES) that the word processor fills in."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)
        if kind == "separate":
            placeholder = OxmlElement("w:t")
            placeholder.text = "1"
            run._r.append(placeholder)


def _classes(element):
    return set((element.get("class") or "").split())


def _skipped(element):
    return (
        not isinstance(element.tag, str)
        or element.tag in SKIPPED_TAGS
        or bool(_classes(element) & SKIPPED_CLASSES)
    )


class _Writer:
    def __init__(self, document):
        self.document = document
        self.sections_seen = 0
        # Setting a style by name or object makes python-docx walk every style each time;
        # the paragraphs get the style's id directly (a fifth of the time of a long report).
        self.style_ids = {style.name: style.style_id for style in document.styles}

    def add(self, container, style):
        """A new paragraph of `container` (the document or a cell) in the named style."""
        paragraph = container.add_paragraph()
        self.restyle(paragraph, style)
        return paragraph

    def restyle(self, paragraph, style):
        paragraph._p.get_or_add_pPr().style = self.style_ids[style]

    # --- blocks -----------------------------------------------------------------------------

    def block(self, element, style=None):
        """Write the children of `element`: block children in turn, loose text as paragraphs."""
        pending = []  # inline content between blocks
        if element.text and element.text.strip():
            pending.append(element.text)
        for child in element:
            if _skipped(child):
                if child.tail and child.tail.strip():
                    pending.append(child.tail)
                continue
            if child.tag in BLOCKS:
                self._inline_paragraph(pending, style)
                pending = []
                self._block_element(child, style)
                if child.tail and child.tail.strip():
                    pending.append(child.tail)
            else:
                pending.append(child)
        self._inline_paragraph(pending, style)

    def _block_element(self, element, style):
        classes = _classes(element)
        tag = element.tag
        if tag == "section":
            self._section(element)
        elif tag == "table":
            if "doc-signature" in classes:
                self._signature(element)
            else:
                self._table(element)
        elif tag in ("ul", "ol"):
            list_style = "List Bullet" if tag == "ul" else "List Number"
            for item in element.iterfind("li"):
                self._paragraph(item, list_style)
        elif tag in HEADING_STYLES:
            self._paragraph(element, HEADING_STYLES[tag])
        elif tag == "div" and "doc-annex" in classes:
            self.block(element, "Annex")
        elif tag == "div" and "doc-title" in classes:
            self.block(element, "Document Title")
        elif tag == "div":
            self.block(element, style)
        elif tag == "p":
            self._paragraph(element, self._paragraph_style(element, style))
        else:
            self.block(element, style)

    def _paragraph_style(self, element, inherited):
        classes = _classes(element)
        if inherited:
            return inherited
        if classes & {"doc-footnote", "small", "doc-note"}:
            return "Note"
        if "text-center" in classes:
            return "Centered"
        if element.getparent() is not None and "doc-narrative" in _classes(element.getparent()):
            return "Body Text Indented"
        return "Normal"

    def _section(self, element):
        """A `<section>` of the PDF starts a new page; a `landscape` one turns the page."""
        landscape = "landscape" in _classes(element)
        if self.sections_seen:
            new = self.document.add_section()
            _set_page(new, landscape=landscape)
        else:
            _set_page(self.document.sections[0], landscape=landscape)
        self.sections_seen += 1
        self.block(element)

    def _inline_paragraph(self, parts, style):
        if not parts or not any(
            (part.strip() if isinstance(part, str) else True) for part in parts
        ):
            return
        paragraph = self.add(self.document, style or "Normal")
        for part in parts:
            if isinstance(part, str):
                self._text(paragraph, part)
            else:
                self._inline(paragraph, part)
        _trim(paragraph)

    def _paragraph(self, element, style, container=None):
        paragraph = self.add(container or self.document, style)
        self._inline_children(paragraph, element)
        _trim(paragraph)
        return paragraph

    # --- inline content ---------------------------------------------------------------------

    def _inline_children(self, paragraph, element, bold=False, italic=False):
        if element.text:
            self._text(paragraph, element.text, bold, italic)
        for child in element:
            if not _skipped(child):
                self._inline(paragraph, child, bold, italic)
            if child.tail:
                self._text(paragraph, child.tail, bold, italic)

    def _inline(self, paragraph, element, bold=False, italic=False):
        tag = element.tag
        if tag == "br":
            paragraph.add_run().add_break()
            return
        if tag in BLOCKS and paragraph.runs:
            # A block inside a table cell's paragraph (a list, a nested paragraph): its
            # text goes on a line of its own.
            paragraph.add_run().add_break()
        bold = bold or tag in ("strong", "b", "th") or "fw-bold" in _classes(element)
        italic = italic or tag in ("em", "i")
        if tag == "sup" or "doc-note-mark" in _classes(element):
            run = paragraph.add_run(element.text_content())
            run.font.superscript = True
            return
        self._inline_children(paragraph, element, bold, italic)

    def _text(self, paragraph, text, bold=False, italic=False):
        # HTML's white space: any run of it is one space, none at the start of a paragraph.
        text = _SPACES.sub(" ", text)
        if not paragraph.runs or paragraph.runs[-1].text.endswith((" ", "\n")):
            text = text.lstrip(" ")
        if not text:
            return
        run = paragraph.add_run(text)
        # Emphasis is the HTML's own (<strong>, a header cell); Word's character formatting is
        # the only way to carry it inside a styled paragraph.
        if bold:
            run.bold = True
        if italic:
            run.italic = True

    # --- tables -----------------------------------------------------------------------------

    def _rows(self, table_element):
        """(row element, is header) for the rows of a table, head first, in order."""
        rows = []
        for part in table_element:
            if part.tag == "thead":
                rows += [(row, True) for row in part.iterfind("tr")]
            elif part.tag in ("tbody", "tfoot"):
                rows += [(row, False) for row in part.iterfind("tr")]
            elif part.tag == "tr":
                rows.append((part, False))
        return rows

    def _table(self, element):
        rows = self._rows(element)
        if not rows:
            return
        width = max(
            sum(int(cell.get("colspan", 1)) for cell in row if cell.tag in ("td", "th"))
            for row, _head in rows
        )
        table = self.document.add_table(rows=len(rows), cols=width)
        table_rows = list(table.rows)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = self._column_widths(rows, width)
        # LibreOffice lays a table out by its grid; Word by its cells: both are set.
        for column, column_width in zip(table.columns, widths, strict=True):
            column.width = column_width
        for index, (row_element, is_head) in enumerate(rows):
            row = table_rows[index]
            # python-docx works a row's cells out anew on every access: once per row here.
            cells = row.cells
            if is_head:
                _repeat_as_header(row)
            _keep_together(row)
            column = 0
            for cell_element in row_element:
                if cell_element.tag not in ("td", "th") or column >= width:
                    continue
                span = int(cell_element.get("colspan", 1))
                cell = cells[column]
                if span > 1:
                    cell = cell.merge(cells[min(column + span, width) - 1])
                self._cell(cell, cell_element, is_head)
                cell.width = sum(widths[column : column + span])
                column += span
        self.add(self.document, "Table Text")

    def _column_widths(self, rows, width):
        """Widths in proportion to what the columns hold, never narrower than their longest
        word (so that no header breaks mid-word), over the page's usable width."""
        longest_word = [3] * width
        longest_text = [3] * width
        for row, _head in rows:
            column = 0
            for cell in row:
                if cell.tag not in ("td", "th"):
                    continue
                span = int(cell.get("colspan", 1))
                if span == 1 and column < width:
                    words = cell.text_content().split()
                    longest_word[column] = max(
                        longest_word[column], *(len(word) for word in words), 3
                    )
                    longest_text[column] = max(longest_text[column], len(" ".join(words)))
                column += span
        section = self.document.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        # A column is at least as wide as its longest word in 10 pt bold type (about 6.3 pt a
        # letter) and the cell's padding; what is left goes to the columns with more text.
        least = [Pt(6.3 * word) + Cm(0.3) for word in longest_word]
        if sum(least) >= usable:
            return [Emu(int(usable * width / sum(least))) for width in least]
        extra = [
            max(text - word, 1) ** 0.8
            for word, text in zip(longest_word, longest_text, strict=True)
        ]
        spare = usable - sum(least)
        return [
            Emu(int(width + spare * weight / sum(extra)))
            for width, weight in zip(least, extra, strict=True)
        ]

    def _cell(self, cell, element, is_head):
        classes = _classes(element)
        if is_head:
            style = "Table Heading"
        elif "amount" in classes:
            style = "Table Amount"
        else:
            style = "Table Text"
        paragraph = cell.paragraphs[0]
        self.restyle(paragraph, style)
        # Row headers are bold as in the PDF, but for the passport's form labels.
        in_passport = "doc-passport" in _classes(next(element.iterancestors("table")))
        bold = element.tag == "th" and not is_head and not in_passport
        row_classes = _classes(element.getparent())
        bold = bold or bool(row_classes & {"total", "subtotal"})
        blocks = [child for child in element if child.tag == "p"]
        if blocks and not (element.text or "").strip():
            # Paragraphs in a cell (the passport's funding by year) stay paragraphs.
            for number, child in enumerate(blocks):
                target = paragraph if number == 0 else self.add(cell, style)
                self._inline_children(target, child, bold or "fw-bold" in _classes(child))
                _trim(target)
            return
        self._inline_children(paragraph, element, bold)
        _trim(paragraph)

    def _signature(self, element):
        """The signature block: position and name at the two ends of one line."""
        texts = [" ".join(cell.text_content().split()) for cell in element.iter("td")]
        paragraph = self.add(self.document, "Signature")
        section = self.document.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        paragraph.paragraph_format.tab_stops.add_tab_stop(usable, WD_TAB_ALIGNMENT.RIGHT)
        position, *_line, name = texts if len(texts) >= 2 else (*texts, "")
        paragraph.add_run(f"{position}\t{name}")


def _trim(paragraph):
    """No trailing space from the template's line breaks at the end of a paragraph."""
    if paragraph.runs:
        paragraph.runs[-1].text = paragraph.runs[-1].text.rstrip(" ")


def _repeat_as_header(row):
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _keep_together(row):
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    properties.append(element)
