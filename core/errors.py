"""One error type for business refusals: a 400 (or the given status) in the API, a form error on pages."""


class ApplicationError(Exception):
    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None, status: int = 400,
                 errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.status = status
        self.errors = errors or ({field: [message]} if field else None)


class Conflict(ApplicationError):
    def __init__(self, message: str, *, code: str = "conflict", field: str | None = None):
        super().__init__(message, code=code, field=field, status=409)
