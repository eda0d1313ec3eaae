"""Pages: a refusal from a service becomes a form error, on the field it names when the form has one."""

from django.core.exceptions import ValidationError

from core.errors import ApplicationError


def apply_errors(form, exc: ValidationError | ApplicationError) -> None:
    """Attach ``exc`` to ``form``: field errors on their fields, the rest above the form."""
    if isinstance(exc, ApplicationError):
        if exc.errors:
            for field, messages in exc.errors.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, exc.message)
    elif hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def error_message(exc: ValidationError | ApplicationError) -> str:
    """One line for a flash message."""
    if isinstance(exc, ApplicationError):
        return exc.message
    return "; ".join(exc.messages)
