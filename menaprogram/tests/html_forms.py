"""What a browser would send from a page's form, read from the page's HTML (for tests)."""

from html.parser import HTMLParser

NOT_SENT = {"submit", "button", "image", "reset", "file"}


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # one [(name, value)] per form
        self.actions = []
        self._select = None  # [name, multiple, options [(value, selected)]]
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append([])
            self.actions.append(attrs.get("action") or "")
        if not self.forms or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in NOT_SENT:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.forms[-1].append((name, attrs.get("value", "on")))
                return
            self.forms[-1].append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = [name, "multiple" in attrs, []]
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
            self._select[2].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            chosen = [o for o in options if o[1]] or ([] if multiple else options[:1])
            for value, _selected, text in chosen:
                self.forms[-1].append((name, text.strip() if value is None else value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the newline that opens a textarea's content (Django writes one).
            self.forms[-1].append((name, text.removeprefix("\r\n").removeprefix("\n")))
            self._textarea = None


def form_data(response, action=None, **changes):
    """The fields of the page's form as a browser sends them, with `changes` applied.

    The form is the one posting to `action`, else the one with the most fields. The result,
    {name: [values]}, is what the test client's post takes.
    """
    parser = _Forms()
    parser.feed(response.content.decode())
    forms = list(zip(parser.actions, parser.forms, strict=True))
    if action is not None:
        forms = [form for form in forms if form[0] == action]
    fields = max(forms, key=lambda form: len(form[1]))[1]
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data
