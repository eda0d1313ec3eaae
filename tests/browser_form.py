"""Submit a page's form the way a browser does: every successful control of the rendered HTML form.

``form_data(html, "bulk-form")`` reads the form with that id and returns ``{name: [values]}`` as the
browser would send it (text inputs and hidden ones, checked boxes and radios, the selected option of
each select or its first, textareas; disabled controls and buttons left out). Change what a person
would change with ``check``/``uncheck``/``choose``/``fill``, then post ``as_post(data)``.
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.depth = 0
        self.controls: list[dict] = []
        self.select: dict | None = None
        self.textarea: dict | None = None
        self.option: dict | None = None
        self.found = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            if self.inside:
                self.depth += 1
            elif attributes.get("id") == self.form_id:
                self.inside, self.found = True, True
            return
        if not self.inside:
            return
        if tag == "input":
            self.controls.append({"tag": "input", **attributes})
        elif tag == "select":
            self.select = {"tag": "select", "options": [], **attributes}
            self.controls.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = {"value": attributes.get("value"), "selected": "selected" in attributes, "text": ""}
            self.select["options"].append(self.option)
        elif tag == "textarea":
            self.textarea = {"tag": "textarea", "text": "", **attributes}
            self.controls.append(self.textarea)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            if self.depth:
                self.depth -= 1
            else:
                self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "option":
            self.option = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"] += data
        elif self.option is not None:
            self.option["text"] += data


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    parser = _FormParser(form_id)
    parser.feed(html)
    if not parser.found:
        raise AssertionError(f"no form with id {form_id!r} on the page")
    data: dict[str, list[str]] = {}
    for control in parser.controls:
        name = control.get("name")
        if not name or "disabled" in control:
            continue
        if control["tag"] == "input":
            kind = control.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and "checked" not in control:
                data.setdefault(name, [])
                continue
            value = control.get("value", "on" if kind in ("checkbox", "radio") else "")
            data.setdefault(name, []).append(unescape(value))
        elif control["tag"] == "select":
            options = control["options"]
            chosen = [option for option in options if option["selected"]] or options[:1]
            if "multiple" in control:
                chosen = [option for option in options if option["selected"]]
            data.setdefault(name, [])
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                data[name].append(value)
        else:
            text = control["text"]
            data.setdefault(name, []).append(text[1:] if text.startswith("\n") else text)
    return data


def fill(data: dict, name: str, value: str) -> dict:
    assert name in data, f"the form has no field {name!r}"
    data[name] = [value]
    return data


def choose(data: dict, name: str, value: str) -> dict:
    """Pick a radio button."""
    assert name in data, f"the form has no field {name!r}"
    data[name] = [value]
    return data


def check(data: dict, name: str, values) -> dict:
    assert name in data, f"the form has no field {name!r}"
    data[name] = list(values)
    return data


def as_post(data: dict, *, submitter: tuple[str, str] | None = None) -> dict:
    """The dict Django's test client posts (lists for repeated names, empty lists left out as browsers do)."""
    post = {name: values for name, values in data.items() if values}
    if submitter:
        post[submitter[0]] = [submitter[1]]
    return post


def offered(html: str, form_id: str, name: str) -> list[str]:
    """The values the form's checkboxes or radios named ``name`` offer, in page order."""
    parser = _FormParser(form_id)
    parser.feed(html)
    return [unescape(control.get("value", "on")) for control in parser.controls
            if control["tag"] == "input" and control.get("name") == name
            and control.get("type", "").lower() in ("checkbox", "radio")]
