"""The example methods of docs/assessment-methods/, read as the bureau would import them."""

from pathlib import Path

from zhaoshang.assessment import schema

DOCS = Path(__file__).resolve().parents[2] / "docs" / "assessment-methods"


def method_text(name):
    return (DOCS / name).read_text(encoding="utf-8")


def load_method(name):
    return schema.validate(schema.parse(method_text(name)))
