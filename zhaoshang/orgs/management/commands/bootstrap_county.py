"""Create the county and its three administrators on a new, empty installation."""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core.roles import AUDIT_ADMIN, SECURITY_ADMIN, SYSTEM_ADMIN
from zhaoshang.orgs import services


def _account(value):
    username, _sep, full_name = value.partition(":")
    if not username or not full_name:
        raise ValueError("use USERNAME:FULL NAME")
    return username, full_name


class Command(BaseCommand):
    help = (
        "Create the county (root unit) and its system, security and audit administrators. "
        "The initial password is read from BOOTSTRAP_PASSWORD or asked for; each "
        "administrator must change it at first log-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="County name, e.g. 沧澜县")
        parser.add_argument("--code", default="county", help="Code of the root unit")
        parser.add_argument("--sysadmin", type=_account, required=True, metavar="USER:NAME")
        parser.add_argument("--secadmin", type=_account, required=True, metavar="USER:NAME")
        parser.add_argument("--auditor", type=_account, required=True, metavar="USER:NAME")

    def handle(self, *args, name, code, sysadmin, secadmin, auditor, **options):
        password = os.environ.get("BOOTSTRAP_PASSWORD") or getpass.getpass("Initial password: ")
        try:
            county, users = services.bootstrap_county(
                name=name,
                code=code,
                admins={SYSTEM_ADMIN: sysadmin, SECURITY_ADMIN: secadmin, AUDIT_ADMIN: auditor},
                password=password,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        names = ", ".join(u.username for u in users)
        self.stdout.write(f"Created {county.name} with administrators {names}.")
