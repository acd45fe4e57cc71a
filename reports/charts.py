"""Charts drawn on the server as SVG, for the dashboard page and the PDF reports alike.

Each public function takes plain data and returns SVG markup (a SafeString) that can be put
into a template as it is. What makes one SVG serve both Chromium and WeasyPrint:
- presentation attributes only (no CSS variables, no <style>, no script, no foreignObject);
- coordinates written by Python with a dot, whatever the language (a comma breaks SVG);
- every bar carries its value as text beside it, and the two series of a plan-against-fact
  chart differ by shape (outlined against filled), so it reads in black and white;
- role="img" with a <title> and a <desc> that says in words what the bars show.

Bars are not links: the tables beside each chart carry the links to the rows behind a figure.
"""

import itertools
import textwrap
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from menaprogram import money
from menaprogram.dates import month_and_year
from menaprogram.sparkline import sparkline  # noqa: F401 (the pages read it here too)
from menaprogram.templatetags.money import percent, thousands
from menaprogram.text import shortened

WIDTH = 700  # fits an A4 page with 2 cm margins at 96 dpi without scaling
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
INK = "#212529"
MUTED = "#495057"
BAR = "#0b4f8a"
OVER = "#9a1c1c"
# Financed: a light fill under the plan's outline, between the plan and the spending.
FINANCED = "#9ec5e8"

_ids = itertools.count(1)


@dataclass(frozen=True)
class PlanFact:
    """One line of a plan-against-fact chart: a label, the planned and the spent amount, and
    (drawn between them when given) the amount financed."""

    label: str
    planned: Decimal
    spent: Decimal
    financed: Decimal | None = None


@dataclass(frozen=True)
class Bar:
    """One bar: a label and a value; `text` is how the value is written beside the bar."""

    label: str
    value: float
    text: str


def plan_against_fact(
    lines, *, title, planned_label=None, spent_label=None, financed_label=None, ident=None
):
    """Pairs of horizontal bars, planned (outlined) over spent (filled), amounts in тис. грн;
    lines with a financed amount get a third bar between them (lightly filled and outlined).

    `lines`: PlanFact items (or any objects with `label`, `planned` and `spent`).
    Each pair is labelled with its amounts and the share used. `ident`: the SVG's id, fixed
    where the page must be the same on every request (a PDF is cached by its HTML).
    """
    planned_label = planned_label or _("allotted")
    spent_label = spent_label or _("spent")
    financed_label = financed_label or _("financed")
    lines = list(lines)
    with_financed = any(getattr(line, "financed", None) is not None for line in lines)
    label_height, bar, gap, top = 16, 13, 12, 34
    bars = 3 if with_financed else 2
    # A label is wrapped onto as many lines as it needs, never cut: a category's name is
    # what the reader looks for.
    labels = [textwrap.wrap(line.label, 88) or [""] for line in lines]
    height = (
        top
        + sum(label_height * len(label) + bars * bar + (bars - 1) * 2 + gap for label in labels)
        + 4
    )
    area = WIDTH - 210
    amounts = [line.planned for line in lines] + [line.spent for line in lines]
    if with_financed:
        amounts += [line.financed or 0 for line in lines]
    biggest = max(amounts + [1])
    parts = [_legend(planned_label, spent_label, financed_label if with_financed else None)]
    summary = []
    y = top
    for line, label in zip(lines, labels, strict=True):
        used = money.percent(line.spent, line.planned)
        plan_width = _scale(line.planned, biggest, area)
        spent_width = _scale(line.spent, biggest, area)
        over = line.planned and line.spent > line.planned
        plan_text = f"{thousands(line.planned)}"
        spent_text = thousands(line.spent) + (f" ({percent(used)})" if used is not None else "")
        for text in label:
            parts.append(_text(0, y + 12, text, size=12, weight="bold"))
            y += label_height
        parts.append(
            f'<rect x="0" y="{y:.1f}" width="{max(plan_width, 1):.1f}" height="{bar}" '
            f'fill="#ffffff" stroke="{BAR}" stroke-width="1.5"/>'
        )
        parts.append(_text(plan_width + 6, y + 10.5, f"{planned_label}: {plan_text}", size=11))
        said = f"{line.label}: {planned_label} {plan_text}"
        if with_financed:
            financed = line.financed or 0
            financed_width = _scale(financed, biggest, area)
            financed_text = thousands(financed)
            y += bar + 2
            parts.append(
                f'<rect x="0" y="{y:.1f}" width="{max(financed_width, 1):.1f}" '
                f'height="{bar}" fill="{FINANCED}" stroke="{BAR}" stroke-width="0.75"/>'
            )
            parts.append(
                _text(financed_width + 6, y + 10.5, f"{financed_label}: {financed_text}", size=11)
            )
            said += f", {financed_label} {financed_text}"
        y += bar + 2
        parts.append(
            f'<rect x="0" y="{y:.1f}" width="{max(spent_width, 1):.1f}" height="{bar}" '
            f'fill="{OVER if over else BAR}"/>'
        )
        parts.append(_text(spent_width + 6, y + 10.5, f"{spent_label}: {spent_text}", size=11))
        y += bar + gap
        summary.append(f"{said}, {spent_label} {spent_text}")
    description = _("Amounts in thousand UAH. ") + "; ".join(summary)
    return _svg(title, description, height, parts, ident)


@dataclass(frozen=True)
class DrawnBar:
    """One bar of an HTML chart: its kind (a CSS class), its length in per cent of the line
    (written with a dot, for a style attribute) and the words beside it."""

    kind: str
    width: str
    text: str


@dataclass(frozen=True)
class BarGroup:
    label: str
    bars: tuple


@dataclass(frozen=True)
class HtmlChart:
    legend: tuple  # (kind, label) pairs
    groups: tuple  # BarGroup items


# The longest bar's share of the line: what is left takes «використано: 1 234,56 (100,0 %)».
HTML_AREA = 60


def plan_against_fact_bars(lines, *, planned_label=None, spent_label=None, financed_label=None):
    """`plan_against_fact` as data for bars drawn in HTML, for the council's documents.

    WeasyPrint lays out an SVG's text letter by letter (a Pango layout per letter): that one
    chart took a tenth of a large annual report's PDF. As HTML its words are laid out a line at
    a time. The same figures, the same outlined, lightly filled and filled bars, and the same
    colour for spending beyond the allotment.
    """
    planned_label = planned_label or _("allotted")
    spent_label = spent_label or _("spent")
    financed_label = financed_label or _("financed")
    lines = list(lines)
    with_financed = any(getattr(line, "financed", None) is not None for line in lines)
    amounts = [line.planned for line in lines] + [line.spent for line in lines]
    if with_financed:
        amounts += [line.financed or 0 for line in lines]
    biggest = max(amounts + [1])

    def bar(kind, value, text):
        # At least a sliver, as the SVG's 1-pixel bar: a zero still shows where it starts.
        return DrawnBar(kind, f"{max(_scale(value, biggest, HTML_AREA), 0.3):.2f}", text)

    groups = []
    for line in lines:
        used = money.percent(line.spent, line.planned)
        over = line.planned and line.spent > line.planned
        bars = [bar("planned", line.planned, f"{planned_label}: {thousands(line.planned)}")]
        if with_financed:
            financed = line.financed or 0
            bars.append(bar("financed", financed, f"{financed_label}: {thousands(financed)}"))
        spent_text = thousands(line.spent) + (f" ({percent(used)})" if used is not None else "")
        bars.append(bar("over" if over else "spent", line.spent, f"{spent_label}: {spent_text}"))
        groups.append(BarGroup(line.label, tuple(bars)))
    legend = [("planned", planned_label)]
    if with_financed:
        legend.append(("financed", financed_label))
    legend += [("spent", spent_label), ("over", _("spent over the allotment"))]
    return HtmlChart(tuple(legend), tuple(groups))


def spending_by_month(months, *, title):
    """Horizontal bars of money spent per month, amounts in тис. грн.

    `months`: (first day of the month as a date, amount) pairs, in the order to draw them.
    """
    bars = [
        Bar(label=_month_label(day), value=float(amount), text=thousands(amount))
        for day, amount in months
    ]
    return bars_chart(bars, title=title, description=_("Amounts in thousand UAH."), label_width=130)


def events_by_direction(directions, *, title):
    """Horizontal bars of events held under each direction.

    `directions`: (number, text, count) triples; the text is shortened to fit.
    """
    bars = [
        Bar(label=f"{number}. {_truncate(text, 40)}", value=count, text=str(count))
        for number, text, count in directions
    ]
    return bars_chart(bars, title=title, description="", label_width=330)


def bars_chart(bars, *, title, description="", label_width=200):
    """Horizontal bars with their labels on the left and their values on the right."""
    bars = list(bars)
    row, bar, top = 20, 13, 6
    height = top + row * len(bars) + 4
    area = WIDTH - label_width - 70
    biggest = max([item.value for item in bars] + [1])
    parts = [
        f'<line x1="{label_width:.1f}" y1="0" x2="{label_width:.1f}" y2="{height:.1f}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    ]
    for index, item in enumerate(bars):
        y = top + index * row
        width = _scale(item.value, biggest, area)
        parts.append(_text(label_width - 6, y + 11, item.label, size=11, anchor="end", colour=INK))
        if width:
            parts.append(
                f'<rect x="{label_width:.1f}" y="{y:.1f}" width="{width:.1f}" height="{bar}" '
                f'fill="{BAR}"/>'
            )
        parts.append(_text(label_width + width + 5, y + 11, item.text, size=11))
    summary = "; ".join(f"{item.label}: {item.text}" for item in bars)
    return _svg(title, f"{description} {summary}".strip(), height, parts)


def _svg(title, description, height, parts, ident=None):
    ident = ident or f"chart-{next(_ids)}"
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart w-100 h-auto" role="img" '
        f'width="{WIDTH}" height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )


def _legend(planned_label, spent_label, financed_label=None):
    planned = f'<rect x="0" y="6" width="22" height="12" fill="#ffffff" stroke="{BAR}" '
    planned += 'stroke-width="1.5"/>' + _text(28, 16, planned_label, size=11)
    if financed_label is None:
        return (
            planned
            + f'<rect x="170" y="6" width="22" height="12" fill="{BAR}"/>'
            + _text(198, 16, spent_label, size=11)
            + f'<rect x="340" y="6" width="22" height="12" fill="{OVER}"/>'
            + _text(368, 16, _("spent over the allotment"), size=11)
        )
    return (
        planned + f'<rect x="130" y="6" width="22" height="12" fill="{FINANCED}" stroke="{BAR}" '
        f'stroke-width="0.75"/>'
        + _text(158, 16, financed_label, size=11)
        + f'<rect x="285" y="6" width="22" height="12" fill="{BAR}"/>'
        + _text(313, 16, spent_label, size=11)
        + f'<rect x="430" y="6" width="22" height="12" fill="{OVER}"/>'
        + _text(458, 16, _("spent over the allotment"), size=11)
    )


def _text(x, y, content, *, size, anchor="start", weight="normal", colour=INK):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{colour}">{escape(content)}</text>'
    )


def _scale(value, biggest, area):
    return float(value) * area / float(biggest) if biggest else 0.0


def _truncate(text, length):
    return shortened(text, length)


def _month_label(day):
    return month_and_year(day)
