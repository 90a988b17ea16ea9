"""Scopes that follow two paths to a unit.

A procedure belongs both to the project's unit (its team follows it) and to the approving
department (whose officers handle it); an opinion likewise to the department and the project.
``restrict`` with a viewing action accepts either path; a department's own actions (giving an
opinion, handling a procedure) follow the department path only, so a department that also
claims projects does not handle other departments' procedures on them.
"""

from django.apps import apps
from django.db.models import Q

from zhaoshang.core.permissions import RestrictedQuerySet, scope_paths
from zhaoshang.core.roles import PROCEDURE_HANDLE, REVIEW_OPINE

DEPARTMENT_ACTIONS = frozenset({REVIEW_OPINE, PROCEDURE_HANDLE})


def _units(paths):
    Unit = apps.get_model("orgs", "Unit")
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return Unit.objects.filter(q).values("pk")


class TwoPathQuerySet(RestrictedQuerySet):
    """``unit_scope`` is the project's path, ``department_scope`` the handling department's."""

    def restrict(self, user, action):
        paths = scope_paths(user, action)
        if not paths:
            return self.none()
        units = _units(paths)
        by_department = Q(**{f"{self.model.department_scope}__in": units})
        if action in DEPARTMENT_ACTIONS:
            return self.filter(by_department)
        return self.filter(Q(**{f"{self.model.unit_scope}__in": units}) | by_department)
