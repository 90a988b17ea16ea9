"""Load the demo county. Safe to run again: what exists is kept, what is missing is added."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhaoshang.assessment.demo import load_demo_assessment
from zhaoshang.core.roles import ROLES
from zhaoshang.mechanisms.demo import load_demo_mechanisms
from zhaoshang.orgs import demo, services
from zhaoshang.orgs.models import Membership, Unit, User
from zhaoshang.policies.demo import load_demo_policies
from zhaoshang.projects.demo import load_demo_projects
from zhaoshang.targeting.demo import load_demo_targeting


class Command(BaseCommand):
    help = "Load the demo county with its units and demo users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Allow running with ZHAOSHANG_ENV=production."
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins.")
        parser.add_argument(
            "--without-projects",
            action="store_true",
            help="Load only the organisation, not the demo projects and assessment.",
        )

    def handle(self, *args, force=False, quiet_logins=False, without_projects=False, **options):
        if settings.PRODUCTION and not force:
            raise CommandError(
                "Refusing to load demo data in production; pass --force if you really mean it."
            )
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            self._load(password)
            if not without_projects:
                load_demo_projects(stdout=self.stdout)
                load_demo_assessment(stdout=self.stdout)
                load_demo_mechanisms(stdout=self.stdout)
                load_demo_targeting(stdout=self.stdout)
                load_demo_policies(stdout=self.stdout)
        if not quiet_logins:
            self._print_logins(password)

    def _load(self, password):
        if not Unit.objects.filter(code=demo.COUNTY[1]).exists():
            services.bootstrap_county(
                name=demo.COUNTY[0],
                code=demo.COUNTY[1],
                admins=demo.ADMINS,
                password=password,
                must_change_password=False,
            )
        sysadmin = User.objects.get(username=demo.ADMINS["system_admin"][0])
        secadmin = User.objects.get(username=demo.ADMINS["security_admin"][0])
        units = {u.code: u for u in Unit.objects.all()}
        for position, (code, name, short, kind, parent) in enumerate(demo.UNITS, start=1):
            if code not in units:
                units[code] = services.unit_create(
                    actor=sysadmin,
                    code=code,
                    name=name,
                    short_name=short,
                    kind=kind,
                    parent=units[parent],
                    position=position,
                )
        for username, full_name, title, unit_code, roles in demo.USERS + demo.PROJECT_TEAM_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                # Demo accounts skip the first-log-in change so a visitor can look around.
                user = services.user_create(
                    actor=sysadmin,
                    password=password,
                    must_change_password=False,
                    username=username,
                    full_name=full_name,
                    title=title,
                    unit=units[unit_code],
                )
            for role, unit_code_for_role in roles:
                unit = units[unit_code_for_role]
                if not Membership.objects.filter(user=user, unit=unit, role=role).exists():
                    services.membership_grant(actor=secadmin, user=user, unit=unit, role=role)

    def _print_logins(self, password):
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {password})")
        rows = [(u, r) for r, (u, _n) in demo.ADMINS.items()]
        rows += [(u, roles[0][0]) for u, _n, _t, _unit, roles in demo.USERS]
        for username, role in rows:
            self.stdout.write(f"  {username:<16} {ROLES[role].label}")
        self.stdout.write("")
