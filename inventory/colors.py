"""Common car colours, translated: a colour typed as one of these is shown in the reader's language; any other
text (a maker's paint name such as "Sparkling Black Pearl Crystal Shine") is shown as typed.

Keys are lower-case English as yards and auction sheets write them; "gray" and "grey" are one colour.
"""

from django.utils.translation import pgettext_lazy

COLORS = {
    "white": pgettext_lazy("colour", "White"),
    "pearl white": pgettext_lazy("colour", "Pearl white"),
    "white pearl": pgettext_lazy("colour", "Pearl white"),
    "black": pgettext_lazy("colour", "Black"),
    "silver": pgettext_lazy("colour", "Silver"),
    "grey": pgettext_lazy("colour", "Grey"),
    "dark grey": pgettext_lazy("colour", "Dark grey"),
    "gunmetal": pgettext_lazy("colour", "Gunmetal"),
    "red": pgettext_lazy("colour", "Red"),
    "wine red": pgettext_lazy("colour", "Wine red"),
    "blue": pgettext_lazy("colour", "Blue"),
    "dark blue": pgettext_lazy("colour", "Dark blue"),
    "navy": pgettext_lazy("colour", "Navy blue"),
    "light blue": pgettext_lazy("colour", "Light blue"),
    "green": pgettext_lazy("colour", "Green"),
    "dark green": pgettext_lazy("colour", "Dark green"),
    "yellow": pgettext_lazy("colour", "Yellow"),
    "orange": pgettext_lazy("colour", "Orange"),
    "brown": pgettext_lazy("colour", "Brown"),
    "beige": pgettext_lazy("colour", "Beige"),
    "gold": pgettext_lazy("colour", "Gold"),
    "champagne": pgettext_lazy("colour", "Champagne"),
    "bronze": pgettext_lazy("colour", "Bronze"),
    "purple": pgettext_lazy("colour", "Purple"),
    "pink": pgettext_lazy("colour", "Pink"),
    "two-tone": pgettext_lazy("colour", "Two-tone"),
}
_SPELLINGS = {"gray": "grey", "dark gray": "dark grey", "navy blue": "navy", "gun metallic": "gunmetal",
              "two tone": "two-tone", "pearl": "pearl white"}


def color_label(color: str) -> str:
    """The colour in the active language if it is a common one, else the text as typed."""
    key = " ".join((color or "").lower().replace("_", " ").split())
    key = _SPELLINGS.get(key, key)
    label = COLORS.get(key)
    return str(label) if label is not None else color
