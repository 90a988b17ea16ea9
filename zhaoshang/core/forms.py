"""Form helpers shared by every app."""

from django import forms
from django.utils.translation import gettext_lazy as _

_CLASSES = {
    forms.CheckboxInput: "form-check-input",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.NullBooleanSelect: "form-select",
}


def style(form, *, compact=False):
    """Give each widget its Bootstrap class; templates then render fields as they are."""
    for field in form.fields.values():
        widget = field.widget
        css = next((c for kind, c in _CLASSES.items() if isinstance(widget, kind)), "form-control")
        if compact and css != "form-check-input":
            css += " form-select-sm" if css == "form-select" else " form-control-sm"
        if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
            field.empty_label = _("Please choose")
        existing = widget.attrs.get("class", "")
        widget.attrs["class"] = f"{existing} {css}".strip()
    return form


class StyledMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
