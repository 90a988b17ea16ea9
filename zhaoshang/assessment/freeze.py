"""A computation as plain JSON: what a published ranking keeps, and how it is compared later.

Decimals become strings (never floats), so a frozen ranking reads back to the same figures;
the digest is a SHA-256 over the canonical JSON of inputs and result together.
"""

import hashlib
import json
from decimal import Decimal

from zhaoshang.assessment.scoring import fmt


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        items = [_jsonable(v) for v in value]
        return sorted(items) if isinstance(value, set) else items
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def digest(header, inputs, result):
    """``header`` names what the row's own columns say: year, period and method version."""
    canonical = json.dumps(
        {"header": header, "inputs": inputs, "result": result},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def inputs_json(inputs):
    """The data the computation read, by unit and project code (stable across databases)."""
    codes = {m.unit_id: m.unit.code for m in inputs.members}
    projects = {
        f.code: {
            "owner": codes.get(f.owner_id, str(f.owner_id)),
            "shares": {codes.get(u, str(u)): p for u, p in f.shares.items()},
            "total_investment": f.total_investment,
            "funds_in_place": f.funds_in_place,
            "foreign_funds_usd": f.foreign_funds_usd,
            "sector": f.sector,
            "strategic": f.strategic,
            "major": f.major,
            "local_investor": f.local_investor,
            "government_funded": f.government_funded,
            "type": f.project_type,
            "industry": f.division,
            "section": f.section,
            "reached_positions": sorted(f.reached_positions),
            "deadline_at_end": f.deadline_at_end,
            "landed_on": f.landed_on,
            "verified_on": f.verified_on,
            "stage_at_end": f.stage_at_end.code if f.stage_at_end else None,
            "falsified": f.falsified,
        }
        for f in inputs.projects.values()
    }
    return _jsonable(
        {
            "method": inputs.document,
            "through_month": inputs.through_month,
            "as_of": inputs.as_of,
            "groups": {m.unit.code: m.group.code for m in inputs.members},
            "targets": {
                f"{codes[u]}:{metric}": {"value": value, "month": month}
                for (u, metric), (value, month) in inputs.targets.items()
                if u in codes
            },
            "reports": {codes.get(u, str(u)): t for u, t in inputs.reports.items()},
            "tours": {codes.get(u, str(u)): q for u, q in inputs.tours.items()},
            "items": {f"{codes.get(u, u)}:{c}": n for (u, c), n in inputs.items.items()},
            "adjustments": [
                {"unit": codes.get(a.unit_id), "points": a.points, "reason": a.reason}
                for adjustments in inputs.adjustments.values()
                for a in adjustments
            ],
            "counted_before": inputs.counted_before,
            "projects": projects,
        }
    )


def result_json(result):
    units = {}
    for row in result.units.values():
        units[row["unit"].code] = {
            "name": row["unit"].name,
            "group": row["group"].code,
            "total": row["total"],
            "rank": row["rank"],
            "tier": row["tier"],
            "indicators": [
                {
                    "code": i["code"],
                    "name": i["name"],
                    "value": fmt(i["value"]),
                    "target": i["target"],
                    "points": i["shown"],
                    "formula": i["formula"],
                    "projects": i["projects"],
                }
                for i in row["indicators"]
            ],
            "adjustments": [
                {
                    "points": a.points,
                    "reason": a.reason,
                    "requested_by": a.requested_by.get_full_name(),
                    "approved_by": a.decided_by.get_full_name() if a.decided_by else "",
                }
                for a in row["adjustments"]
            ],
            "projects": [
                {
                    "code": line["fact"].code,
                    "name": line["fact"].name,
                    "share": line["share"],
                    "counted": not line["reasons"],
                    "reasons": line["reasons"],
                    "earlier": line["earlier"],
                    "leader": line["fact"].leader,
                    "manager": line["fact"].manager,
                }
                for line in row["lines"]
            ],
        }
    return _jsonable(
        {
            "groups": [
                {"code": g.code, "name": g.name, "units": [r["unit"].code for r in rows]}
                for g, rows in result.ranked()
            ],
            "units": units,
            "counted_projects": result.counted_codes,
        }
    )


def differences(published, fresh):
    """Units whose total, rank or tier differ between a published result and a fresh one."""
    changes = []
    for code, before in published["units"].items():
        after = fresh["units"].get(code)
        if after is None:
            changes.append({"unit": code, "name": before["name"], "before": before, "after": None})
            continue
        if any(before[k] != after[k] for k in ("total", "rank", "tier")):
            changes.append({"unit": code, "name": before["name"], "before": before, "after": after})
    for code, after in fresh["units"].items():
        if code not in published["units"]:
            changes.append({"unit": code, "name": after["name"], "before": None, "after": after})
    return changes
