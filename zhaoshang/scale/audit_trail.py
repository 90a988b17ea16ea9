"""The generated history's audit events, in time order and hash-chained onto the events the
services wrote while the county was set up, so that ``manage.py audit_verify`` passes."""

from types import SimpleNamespace

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditCategory
from zhaoshang.core.models import AuditChainHead, AuditEvent
from zhaoshang.orgs.models import User
from zhaoshang.scale.bulk import Table, next_id


def write(events):
    """``events``: (at, action, actor pk, object type, object id, object repr, before, after)."""
    usernames = dict(User.objects.values_list("pk", "username"))
    head, _created = AuditChainHead.objects.get_or_create(
        pk=1, defaults={"last_hash": audit.GENESIS}
    )
    table = Table(AuditEvent)
    pk = next_id(AuditEvent)
    prev = head.last_hash
    # Stable sort: events at the same moment keep the order they were made in.
    events.sort(key=lambda e: e[0])
    for at, action, actor, object_type, object_id, object_repr, before, after in events:
        event = SimpleNamespace(
            created_at=at,
            category=AuditCategory.OBJECT.value,
            action=str(action),
            success=True,
            actor_id=actor,
            actor_name=usernames.get(actor, ""),
            ip=None,
            request_id="",
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:200],
            before=before,
            after=after,
            message="",
        )
        digest = audit.compute_hash(event, prev)
        # The hashed fields are the row's own columns, with the actor under its field name.
        row = {name: getattr(event, name) for name in audit.HASHED_FIELDS}
        row.update(id=pk, actor=row.pop("actor_id"), prev_hash=prev, hash=digest)
        table.add(row)
        prev = digest
        pk += 1
    table.flush()
    if table.written:
        head.last_event_id = pk - 1
        head.last_hash = prev
        head.save(update_fields=["last_event_id", "last_hash"])
    events.clear()
    return table.written
