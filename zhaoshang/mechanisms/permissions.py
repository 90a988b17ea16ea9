"""Who may close a follow-up task or a problem owned by a unit."""

from zhaoshang.core.permissions import has_action, unit_in_scope
from zhaoshang.core.roles import MECHANISM_MANAGE, PROCEDURE_HANDLE, PROJECT_EDIT


def may_close(user, owner_unit, owner_id=None):
    """The person responsible, the bureau, or the owner unit's own people: its investment team
    or, for a department, its approval officers."""
    if owner_id is not None and owner_id == user.pk:
        return True
    if has_action(user, MECHANISM_MANAGE):
        return True
    return unit_in_scope(user, PROJECT_EDIT, owner_unit) or unit_in_scope(
        user, PROCEDURE_HANDLE, owner_unit
    )
