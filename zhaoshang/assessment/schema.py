"""The assessment method document (ASM-5): its schema, validation, and YAML/JSON files.

A method is plain data the bureau can read and edit — no formulas in user text, only the
scoring methods listed here, each with named parameters. ``docs/assessment-methods.md``
documents the schema with three complete examples; ``validate`` returns the normalised
document (numbers as decimal strings, defaults filled in) or raises one ValidationError listing
every problem with its place in the document.
"""

import json
from decimal import Decimal, InvalidOperation

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhaoshang.assessment.choices import TargetMetric

SCHEMA_VERSION = 1

PROJECT_MEASURES = ("count", "total_investment", "funds_in_place", "foreign_funds_usd")
# Per-occurrence sources: what a unit did wrong (or right) rather than what it landed.
EVENT_MEASURES = {
    "reports": ("late", "missing"),
    "projects": ("overdue_start", "falsified"),
}
SOURCES = ("projects", "reports", "tours", "items")
METHODS = ("ratio_to_target", "efficacy", "bands", "rank", "factor", "per_occurrence")
WHERE_KEYS = ("sector", "strategic", "major", "stage", "type", "carried_over")
BAND_KEYS = ("min", "max", "field", "type", "stage", "major", "strategic", "sector", "carried_over")
TIER_KEYS = ("top", "top_percent", "min_score")
PROJECT_TYPES = ("new", "expansion", "relocation")
EQUAL_CASES = ("full", "base", "zero")
NUMBER_LIMIT = Decimal("1000000000")
TEXT_LIMIT = 256 * 1024
NAME_LIMIT = 120


class _Errors:
    def __init__(self):
        self.messages = []

    def add(self, where, message):
        self.messages.append(f"{where}：{message}" if where else message)


def _decimal(value, where, errors, *, required=True, default=None):
    if value is None or value == "":
        if required and default is None:
            errors.add(where, _("a number is required"))
        return default
    if isinstance(value, bool):
        errors.add(where, _("must be a number"))
        return default
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors.add(where, _("must be a number"))
        return default
    if not number.is_finite():
        errors.add(where, _("must be a number"))
        return default
    # Scores, amounts in 万元 and ratios all fit; anything beyond is a typing slip.
    if abs(number) > NUMBER_LIMIT or (number and number.as_tuple().exponent < -6):
        errors.add(where, _("is out of range (at most 1,000,000,000 and 6 decimal places)"))
        return default
    return str(number)


def _bool(value, where, errors, default=False):
    if value is None:
        return default
    if not isinstance(value, bool):
        errors.add(where, _("must be true or false"))
        return default
    return value


def _int(value, where, errors, *, default=None, minimum=0, maximum=None):
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(where, _("must be a whole number"))
        return default
    if value < minimum or (maximum is not None and value > maximum):
        errors.add(where, _("is out of range"))
        return default
    return value


def _unknown(data, allowed, where, errors):
    for key in data:
        if key not in allowed:
            errors.add(where, _("unknown key “%(key)s”") % {"key": key})


def _mapping(value, where, errors):
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(where, _("must be a mapping of keys to values"))
        return {}
    return value


def _qualifying(data, errors, stages, groups):
    data = _mapping(data, "qualifying", errors)
    allowed = (
        "landed_stage",
        "exclude_local_investors",
        "exclude_government_funded",
        "excluded_industries",
        "min_investment",
        "min_investment_by_group",
        "exclude_relocations",
        "exclude_expansions",
        "count_once",
        "carry_over_months",
    )
    _unknown(data, allowed, "qualifying", errors)
    landed_stage = data.get("landed_stage", "landed")
    if not isinstance(landed_stage, str):
        errors.add("qualifying.landed_stage", _("must be a stage code"))
        landed_stage = "landed"
    elif stages is not None and landed_stage not in stages:
        errors.add(
            "qualifying.landed_stage", _("no such stage “%(code)s”") % {"code": landed_stage}
        )
    industries = data.get("excluded_industries") or []
    if not isinstance(industries, list) or not all(isinstance(i, str) for i in industries):
        errors.add("qualifying.excluded_industries", _("must be a list of industry codes"))
        industries = []
    by_group = {}
    for code, value in _mapping(
        data.get("min_investment_by_group"), "qualifying.min_investment_by_group", errors
    ).items():
        where = f"qualifying.min_investment_by_group.{code}"
        if groups is not None and code not in groups:
            errors.add(where, _("no such group “%(code)s” in this year") % {"code": code})
        by_group[code] = _decimal(value, where, errors)
    return {
        "landed_stage": landed_stage,
        "exclude_local_investors": _bool(
            data.get("exclude_local_investors"), "qualifying.exclude_local_investors", errors
        ),
        "exclude_government_funded": _bool(
            data.get("exclude_government_funded"), "qualifying.exclude_government_funded", errors
        ),
        "excluded_industries": [i.strip().upper() for i in industries],
        "min_investment": _decimal(
            data.get("min_investment"), "qualifying.min_investment", errors, default="0"
        ),
        "min_investment_by_group": by_group,
        "exclude_relocations": _bool(
            data.get("exclude_relocations"), "qualifying.exclude_relocations", errors
        ),
        "exclude_expansions": _bool(
            data.get("exclude_expansions"), "qualifying.exclude_expansions", errors
        ),
        "count_once": _bool(data.get("count_once"), "qualifying.count_once", errors, True),
        "carry_over_months": _int(
            data.get("carry_over_months"),
            "qualifying.carry_over_months",
            errors,
            default=0,
            maximum=12,
        ),
    }


def _where(data, where, errors, stages):
    data = _mapping(data, where, errors)
    _unknown(data, WHERE_KEYS, where, errors)
    out = {}
    if "sector" in data:
        if data["sector"] not in (1, 2, 3):
            errors.add(f"{where}.sector", _("must be 1, 2 or 3"))
        out["sector"] = data["sector"]
    for key in ("strategic", "major", "carried_over"):
        if key in data:
            out[key] = _bool(data[key], f"{where}.{key}", errors)
    if "stage" in data:
        if not isinstance(data["stage"], str):
            errors.add(f"{where}.stage", _("must be a stage code"))
        elif stages is not None and data["stage"] not in stages:
            errors.add(f"{where}.stage", _("no such stage “%(code)s”") % {"code": data["stage"]})
        out["stage"] = data["stage"]
    if "type" in data:
        types = data["type"] if isinstance(data["type"], list) else [data["type"]]
        if not all(t in PROJECT_TYPES for t in types):
            errors.add(f"{where}.type", _("must be among new, expansion, relocation"))
        out["type"] = types
    return out


def _metric(data, where, errors, stages):
    data = _mapping(data, where, errors)
    _unknown(data, ("source", "measure", "where", "code", "codes"), where, errors)
    source = data.get("source")
    if source not in SOURCES:
        errors.add(f"{where}.source", _("must be one of: %(list)s") % {"list": ", ".join(SOURCES)})
        return {"source": "projects", "measure": "count", "where": {}}
    metric = {"source": source}
    measure = data.get("measure")
    if source == "projects":
        measure = measure or "count"
        if measure not in PROJECT_MEASURES + EVENT_MEASURES["projects"]:
            errors.add(f"{where}.measure", _("unknown measure “%(m)s”") % {"m": measure})
        metric["where"] = _where(data.get("where"), f"{where}.where", errors, stages)
    elif source == "reports":
        if measure not in EVENT_MEASURES["reports"]:
            errors.add(f"{where}.measure", _("must be late or missing"))
    elif source == "tours":
        measure = measure or "average"
        if measure not in ("average", "sum"):
            errors.add(f"{where}.measure", _("must be average or sum"))
    elif source == "items":
        codes = data.get("codes") or ([data["code"]] if data.get("code") else [])
        if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
            errors.add(f"{where}.codes", _("name the item codes to count"))
        metric["codes"] = codes
        measure = "occurrences"
    metric["measure"] = measure
    return metric


def _bands(data, where, errors, stages):
    if not isinstance(data, list) or not data:
        errors.add(where, _("list at least one band"))
        return []
    bands = []
    for index, band in enumerate(data):
        here = f"{where}[{index + 1}]"
        band = _mapping(band, here, errors)
        _unknown(band, BAND_KEYS + ("points", "label"), here, errors)
        item = {
            "label": str(band.get("label", "")),
            "points": _decimal(band.get("points"), f"{here}.points", errors),
            "field": band.get("field", "total_investment"),
        }
        if item["field"] not in PROJECT_MEASURES[1:]:
            errors.add(f"{here}.field", _("must be an investment amount field"))
        for key in ("min", "max"):
            if key in band:
                item[key] = _decimal(band[key], f"{here}.{key}", errors)
        item.update(_where({k: band[k] for k in WHERE_KEYS if k in band}, here, errors, stages))
        bands.append(item)
    return bands


def _scoring(data, where, errors, stages):
    data = _mapping(data, where, errors)
    method = data.get("method")
    if method not in METHODS:
        errors.add(f"{where}.method", _("must be one of: %(list)s") % {"list": ", ".join(METHODS)})
        return {"method": "factor", "factor": "0"}
    out = {"method": method}
    allowed = {"method"}
    if method == "ratio_to_target":
        allowed |= {"target", "points", "cap_ratio", "cap_points", "no_target"}
        if data.get("target") not in TargetMetric.values:
            errors.add(f"{where}.target", _("must name a target indicator"))
        out["target"] = data.get("target")
        out["points"] = _decimal(data.get("points"), f"{where}.points", errors)
        for key in ("cap_ratio", "cap_points"):
            if data.get(key) is not None:
                out[key] = _decimal(data[key], f"{where}.{key}", errors)
        out["no_target"] = data.get("no_target", "zero")
        if out["no_target"] not in ("zero", "full"):
            errors.add(f"{where}.no_target", _("must be zero or full"))
    elif method == "efficacy":
        allowed |= {"points", "base", "span", "equal"}
        out["points"] = _decimal(data.get("points"), f"{where}.points", errors)
        out["base"] = _decimal(data.get("base"), f"{where}.base", errors, default="60")
        out["span"] = _decimal(data.get("span"), f"{where}.span", errors, default="40")
        out["equal"] = data.get("equal", "full")
        if out["equal"] not in EQUAL_CASES:
            errors.add(f"{where}.equal", _("must be full, base or zero"))
    elif method == "bands":
        allowed |= {"bands", "cap"}
        out["bands"] = _bands(data.get("bands"), f"{where}.bands", errors, stages)
        if data.get("cap") is not None:
            out["cap"] = _decimal(data["cap"], f"{where}.cap", errors)
    elif method == "rank":
        allowed |= {"points", "others"}
        points = data.get("points")
        if not isinstance(points, list) or not points:
            errors.add(f"{where}.points", _("list the points for 1st, 2nd, 3rd… place"))
            points = []
        out["points"] = [_decimal(p, f"{where}.points", errors) for p in points]
        out["others"] = _decimal(data.get("others"), f"{where}.others", errors, default="0")
    elif method == "factor":
        allowed |= {"factor", "cap"}
        out["factor"] = _decimal(data.get("factor"), f"{where}.factor", errors)
        if data.get("cap") is not None:
            out["cap"] = _decimal(data["cap"], f"{where}.cap", errors)
    elif method == "per_occurrence":
        allowed |= {"points", "cap"}
        out["points"] = _decimal(data.get("points"), f"{where}.points", errors)
        if data.get("cap") is not None:
            out["cap"] = _decimal(data["cap"], f"{where}.cap", errors)
    _unknown(data, allowed, where, errors)
    return out


def _indicators(data, errors, stages):
    if not isinstance(data, list) or not data:
        errors.add("indicators", _("list at least one indicator"))
        return []
    seen = set()
    indicators = []
    for index, item in enumerate(data):
        where = f"indicators[{index + 1}]"
        item = _mapping(item, where, errors)
        _unknown(item, ("code", "name", "metric", "scoring", "weight", "places"), where, errors)
        code = item.get("code")
        if not isinstance(code, str) or not code:
            errors.add(f"{where}.code", _("a short code is required"))
        elif code in seen:
            errors.add(f"{where}.code", _("code “%(code)s” is used twice") % {"code": code})
        else:
            seen.add(code)
        indicator = {
            "code": code,
            "name": str(item.get("name") or code),
            "metric": _metric(item.get("metric"), f"{where}.metric", errors, stages),
            "scoring": _scoring(item.get("scoring"), f"{where}.scoring", errors, stages),
            "weight": _decimal(item.get("weight"), f"{where}.weight", errors, default="1"),
            "places": _int(item.get("places"), f"{where}.places", errors, maximum=6),
        }
        if (
            indicator["scoring"]["method"] == "bands"
            and indicator["metric"]["source"] != "projects"
        ):
            errors.add(f"{where}.scoring", _("bands score projects; the metric must be projects"))
        if (
            indicator["scoring"]["method"] == "ratio_to_target"
            and indicator["metric"]["measure"] in EVENT_MEASURES["projects"]
        ):
            errors.add(f"{where}.scoring", _("a ratio to target needs a project count or amount"))
        indicators.append(indicator)
    return indicators


def _tiers(data, errors):
    data = _mapping(data, "tiers", errors)
    if not data:
        return {"levels": [], "otherwise": ""}
    _unknown(data, ("levels", "otherwise"), "tiers", errors)
    levels = []
    given_levels = data.get("levels") or []
    if not isinstance(given_levels, list):
        errors.add("tiers.levels", _("must be a list of levels"))
        given_levels = []
    for index, level in enumerate(given_levels):
        where = f"tiers.levels[{index + 1}]"
        level = _mapping(level, where, errors)
        _unknown(level, ("name",) + TIER_KEYS, where, errors)
        rules = [k for k in TIER_KEYS if k in level]
        if not level.get("name") or len(rules) != 1:
            errors.add(where, _("give a name and exactly one of top, top_percent, min_score"))
            continue
        rule = rules[0]
        value = (
            _decimal(level[rule], f"{where}.{rule}", errors)
            if rule == "min_score"
            else _int(level[rule], f"{where}.{rule}", errors, minimum=1, maximum=10000)
        )
        levels.append({"name": str(level["name"]), rule: value})
    return {"levels": levels, "otherwise": str(data.get("otherwise") or "")}


def validate(document, *, stages=None, groups=None):
    """Check a method document and return it normalised; ``stages``/``groups`` are the codes
    that exist (None skips those checks, e.g. for a file read before a year exists)."""
    errors = _Errors()
    document = _mapping(document, "", errors)
    if errors.messages:
        raise ValidationError(errors.messages)
    _unknown(
        document, ("schema", "name", "qualifying", "indicators", "rounding", "tiers"), "", errors
    )
    if document.get("schema", SCHEMA_VERSION) != SCHEMA_VERSION:
        errors.add("schema", _("this system reads schema version 1"))
    rounding = _mapping(document.get("rounding"), "rounding", errors)
    _unknown(rounding, ("places", "each_indicator"), "rounding", errors)
    normalised = {
        "schema": SCHEMA_VERSION,
        "name": str(document.get("name") or ""),
        "qualifying": _qualifying(document.get("qualifying"), errors, stages, groups),
        "indicators": _indicators(document.get("indicators"), errors, stages),
        "rounding": {
            "places": _int(rounding.get("places"), "rounding.places", errors, default=2, maximum=6),
            "each_indicator": _bool(
                rounding.get("each_indicator"), "rounding.each_indicator", errors, True
            ),
        },
        "tiers": _tiers(document.get("tiers"), errors),
    }
    if not normalised["name"]:
        errors.add("name", _("the method needs a name"))
    if len(normalised["name"]) > NAME_LIMIT:
        errors.add("name", _("is longer than %(n)s characters") % {"n": NAME_LIMIT})
    for index, indicator in enumerate(normalised["indicators"], start=1):
        if len(indicator["name"]) > NAME_LIMIT or len(str(indicator["code"])) > 40:
            errors.add(f"indicators[{index}]", _("the code or name is too long"))
    if errors.messages:
        raise ValidationError(errors.messages)
    return normalised


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without anchors and aliases: a method never needs them, and a few nested aliases
    can expand a small file into gigabytes."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


def parse(text):
    """Read a method file, YAML or JSON (JSON is YAML too); never executes anything."""
    if len(text) > TEXT_LIMIT:
        raise ValidationError(_("The method is longer than 256 KB."))
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a safe loader, see above
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else "?"
        raise ValidationError(
            _("The file is not valid YAML or JSON (line %(line)s).") % {"line": line}
        ) from None
    except RecursionError:
        raise ValidationError(_("The method is nested too deeply.")) from None
    except Exception:  # noqa: BLE001 - YAML's constructors fail on bad values in their own ways
        # "2025-02-30", "!!int abc", a number of thousands of digits: well-formed YAML, but a
        # value that cannot be built.
        raise ValidationError(
            _("The file holds a value that cannot be read, such as a date that does not exist.")
        ) from None


NUMERIC_KEYS = {
    "points",
    "cap",
    "cap_ratio",
    "cap_points",
    "base",
    "span",
    "factor",
    "min",
    "max",
    "min_investment",
    "min_score",
    "weight",
    "others",
    "min_investment_by_group",
}


def _plain_number(text):
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(text)


def _numbers_unquoted(value, key=None):
    """Decimal strings back to plain YAML numbers, so a clerk reads ``points: 30``, not
    ``points: '30'``; codes such as industry ``'70'`` stay strings."""
    if isinstance(value, dict):
        return {
            k: _numbers_unquoted(v, k if key != "min_investment_by_group" else key)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_numbers_unquoted(v, key) for v in value]
    if key in NUMERIC_KEYS and isinstance(value, str):
        return _plain_number(value)
    return value


def dump_yaml(document):
    return yaml.safe_dump(
        _numbers_unquoted(document), allow_unicode=True, sort_keys=False, width=100
    )


def dump_json(document):
    return json.dumps(document, ensure_ascii=False, indent=2)
