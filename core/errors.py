"""One error type for business refusals, and one shape for field errors. Plain Python (no Django).

``ApplicationError`` is a 400 (or the given status) in the API and a form error on pages
(``core.forms.apply_errors``). ``flatten_errors`` turns nested field errors into the API's one level
of dotted names.
"""


class ApplicationError(Exception):
    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None, status: int = 400,
                 errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.status = status
        self.errors = errors or ({field: [message]} if field else None)


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """Nested errors as flat, dotted field names: {"vehicle.engine_cc": [...], "route.1": [...]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = str(key) if not prefix else (prefix if key == "non_field_errors" else f"{prefix}.{key}")
            for field, messages in flatten_errors(value, name).items():
                flat.setdefault(field, []).extend(messages)
    elif isinstance(detail, list | tuple):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list | tuple):
                for field, messages in flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)).items():
                    flat.setdefault(field, []).extend(messages)
            else:
                flat.setdefault(prefix or "non_field_errors", []).append(str(item))
    else:
        flat.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return flat
