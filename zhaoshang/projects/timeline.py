"""The project's history as one list: stage transitions and evidence, newest first."""


def timeline(project):
    items = [
        {
            "at": t.at,
            "kind": "transition",
            "actor": t.actor,
            "from_stage": t.from_stage,
            "to_stage": t.to_stage,
            "days": t.days_in_previous,
            "note": t.note,
            "reason": t.reason,
        }
        for t in project.transitions.select_related("from_stage", "to_stage", "actor")
    ]
    items += [
        {"at": e.uploaded_at, "kind": "evidence", "actor": e.uploaded_by, "evidence": e}
        for e in project.evidence.select_related("uploaded_by")
    ]
    return sorted(items, key=lambda item: item["at"], reverse=True)
