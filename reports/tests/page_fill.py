"""Pages left mostly blank while what follows could have started on them, read from
WeasyPrint's own page boxes (the layout the PDF is drawn from)."""

import logging

from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from reports.pdf import BASE_URL, LocalStaticFetcher


def _content_bottom(page_box):
    """The lowest bottom edge of what the page holds (margin boxes left out)."""
    bottom = None
    for box in _root(page_box).descendants():
        if isinstance(box, (boxes.LineBox, boxes.TableRowBox, boxes.ReplacedBox)):
            edge = box.position_y + box.margin_height()
            bottom = edge if bottom is None else max(bottom, edge)
    return bottom


def _root(page_box):
    """The page's share of the document (its other children are the margin boxes)."""
    return next(box for box in page_box.children if not isinstance(box, boxes.MarginBox))


def _page_content(page_box):
    """The page's content area: its top and its bottom in the page's coordinates."""
    return page_box.content_box_y(), page_box.content_box_y() + page_box.height


def _first_unit(page_box):
    """The height of the first thing the page starts with that cannot be split: a table row
    (with the table's repeated head above it) or a line of text."""
    for box in _root(page_box).descendants():
        if isinstance(box, boxes.TableRowBox):
            group = next(
                (g for g in _groups_holding(page_box, box)),
                None,
            )
            head = 0
            if group is not None and not group.is_header:
                table = group.table
                head = sum(
                    g.margin_height() for g in table.children if getattr(g, "is_header", False)
                )
            return box.margin_height() + head
        if isinstance(box, boxes.LineBox):
            return box.margin_height()
    return 0


def _groups_holding(page_box, row):
    for box in _root(page_box).descendants():
        if isinstance(box, boxes.TableRowGroupBox) and row in box.children:
            box.table = next(
                t
                for t in _root(page_box).descendants()
                if isinstance(t, boxes.TableBox) and box in t.children
            )
            yield box


def half_blank_pages(html, *, at_most=0.5):
    """Numbers (from 1) of the pages more than `at_most` blank although the next page, of the
    same size, begins with a row or a line that would have fitted in the blank."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalStaticFetcher()).render()
    found = []
    pages = document.pages
    for number, (page, following) in enumerate(zip(pages, pages[1:], strict=False), start=1):
        if (page.width, page.height) != (following.width, following.height):
            continue  # portrait to landscape: the next part cannot start here
        top, bottom = _page_content(page._page_box)
        used = _content_bottom(page._page_box)
        if used is None:
            continue
        blank = bottom - used
        if blank > at_most * (bottom - top) and _first_unit(following._page_box) < blank:
            found.append(number)
    return found
