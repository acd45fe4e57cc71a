"""What a browser sends back from a page's form, for tests that post it again."""

import datetime


def event_page_data(page, **changes):
    """What the browser would send back from the edit page, with `changes` typed in."""
    form = page.context["form"]
    participants = page.context["participants"]
    data = {}
    for bound in [*form, *participants.management_form]:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, list):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, datetime.date):
            data[bound.html_name] = f"{value:%d.%m.%Y}"
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = str(value)
    for row in participants:
        for bound in row:
            value = bound.value()
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif value is not None:
                data[bound.html_name] = str(value)
    data.update(changes)
    return data
