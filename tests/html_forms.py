"""Submit a page's form the way a browser does: every field of the real form, empty ones included."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._option, self._textarea = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "fields": []}
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type", "text") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self._form["fields"].append((attrs["name"], attrs.get("value", "on" if "checked" in attrs else "")))
        elif tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = next((o for o in options if o["selected"]), options[0] if options else None)
            value = "" if chosen is None else (chosen["value"] if chosen["value"] is not None else chosen["text"].strip())
            self._form["fields"].append((self._select["name"], value))
            self._select = self._option = None
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            self._form["fields"].append((name, value[1:] if value.startswith("\n") else value))  # as browsers do
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._form)
            self._form = None


def form_data(html: str, *, having: str, method: str = "post") -> dict:
    """The fields the first ``method`` form with a field named ``having`` sends (a list for a repeated name)."""
    parser = _FormParser()
    parser.feed(html)
    form = next(form for form in parser.forms
                if form["method"] == method and any(name == having for name, _value in form["fields"]))
    data: dict = {}
    for name, value in form["fields"]:
        if name in data:
            data[name] = (data[name] if isinstance(data[name], list) else [data[name]]) + [value]
        else:
            data[name] = value
    return data
