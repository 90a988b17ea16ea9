"""Corrections to the generated OpenAPI schema, so that it promises what the API accepts."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension


class DecimalFieldExtension(OpenApiSerializerFieldExtension):
    """Decimals travel as strings. drf-spectacular's pattern would also admit "", "-" and ".",
    which the API refuses; this one needs a digit, and no sign where the minimum is 0."""

    target_class = "rest_framework.fields.DecimalField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        sign = "" if field.min_value is not None and field.min_value >= 0 else "-?"
        whole = r"\d+" if field.max_whole_digits is None else rf"\d{{1,{field.max_whole_digits}}}"
        fraction = rf"(?:\.\d{{1,{field.decimal_places}}})?" if field.decimal_places else ""
        return {"type": "string", "format": "decimal", "pattern": f"^{sign}{whole}{fraction}$"}
