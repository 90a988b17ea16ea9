"""Form helpers shared by every app."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
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


class QuickSelect(forms.Select):
    """A select whose options are written out in Python rather than through one template per
    option: a city's or a province's list of units (thousands) then costs milliseconds.

    Options carry their value, label and selection only (no per-option attributes)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            inner = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        "" if o["value"] is None else str(o["value"]),
                        _SELECTED[o["selected"]],
                        o["label"],
                    )
                    for o in options
                ),
            )
            if group_name:
                inner = format_html('<optgroup label="{}">{}</optgroup>', group_name, inner)
            parts.append(inner)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),  # noqa: S308 - every part was escaped by format_html
        )


_SELECTED = {True: mark_safe(" selected"), False: ""}
