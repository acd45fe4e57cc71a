"""A sparkline: a small server-side SVG of counts per year, for the partners' pages and the
partnership health page alike (no app of its own: the partners app sits below the reports)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

LINE = "#0b4f8a"


def sparkline(values, *, title, width=120, height=28):
    """A small line of counts per year (events a partner took part in), with its figures said.

    The points are joined left to right and the last one is marked; `title` names what it shows
    for screen readers, and the counts themselves are in the <desc>.
    """
    values = list(values)
    top = max(values, default=0) or 1
    step = (width - 6) / max(len(values) - 1, 1)
    points = [
        (3 + index * step, height - 3 - (value / top) * (height - 6))
        for index, value in enumerate(values)
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    last_x, last_y = points[-1] if points else (3, height - 3)
    desc = ", ".join(str(value) for value in values)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title><desc>{escape(desc)}'
        f'</desc><polyline points="{line}" fill="none" stroke="{LINE}" stroke-width="2"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5" fill="{LINE}"/></svg>'
    )
