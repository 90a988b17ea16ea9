"""Writing and verifying the hash-chained audit trail.

Services call ``record`` inside their own transaction, so an event exists exactly when the
change it describes was committed. Nothing here is driven by signals.
"""

import hashlib
import json
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from zhaoshang.core import context
from zhaoshang.core.choices import AuditCategory
from zhaoshang.core.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
HASHED_FIELDS = (
    "created_at",
    "category",
    "action",
    "success",
    "actor_id",
    "actor_name",
    "ip",
    "request_id",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "message",
)


def _jsonable(value):
    """Round-trip through JSON so the hash is computed on what the database will return."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _canonical(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def compute_hash(event, prev_hash):
    payload = {name: _canonical(getattr(event, name)) for name in HASHED_FIELDS}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


def snapshot(obj, fields):
    """A JSON-safe picture of ``fields`` of ``obj`` for before/after columns."""
    data = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "pk"):
            value = str(value)
        data[name] = value
    return _jsonable(data)


@transaction.atomic
def record(
    *,
    action,
    actor=None,
    category=AuditCategory.OBJECT,
    obj=None,
    before=None,
    after=None,
    success=True,
    message="",
    actor_name="",
):
    ctx = context.current()
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS}
    )
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent(
        created_at=timezone.now(),
        category=category,
        action=action,
        success=success,
        actor=actor,
        actor_name=(actor.get_username() if actor else actor_name)[:150],
        ip=ctx.ip,
        request_id=ctx.request_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "public_id", None) or getattr(obj, "code", None) or obj.pk)
        if obj is not None
        else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=_jsonable(before),
        after=_jsonable(after),
        message=message[:500],
        prev_hash=head.last_hash,
    )
    event.hash = compute_hash(event, head.last_hash)
    event.save()
    head.last_event_id = event.pk
    head.last_hash = event.hash
    head.save(update_fields=["last_event_id", "last_hash"])
    return event


def verify(batch_size=2000):
    """Walk the chain in order. Returns ``(checked, problem)``; ``problem`` is None when the
    chain is intact, else a short description naming the first bad row."""
    prev = GENESIS
    checked = 0
    last_id = 0
    qs = AuditEvent.objects.order_by("pk")
    while True:
        rows = list(qs.filter(pk__gt=last_id)[:batch_size])
        if not rows:
            break
        for event in rows:
            if event.prev_hash != prev:
                return checked, f"row {event.pk}: the row before it was removed or altered"
            if compute_hash(event, prev) != event.hash:
                return checked, f"row {event.pk}: its content does not match its hash"
            prev = event.hash
            last_id = event.pk
            checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.last_event_id != last_id):
        return checked, f"row {head.last_event_id}: the newest rows were removed"
    return checked, None
