"""Generate a county, city or province of deterministic data for benchmarks and drills."""

import datetime as dt
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.scale import verify
from zhaoshang.scale.generate import NotEmpty, generate
from zhaoshang.scale.org import ADMINS, COUNTY_PEOPLE
from zhaoshang.scale.sizes import DEFAULT_AS_OF, SCALES

DEFAULT_PASSWORD = "Scale@2026zs"


class Command(BaseCommand):
    help = (
        "Fill an empty, migrated database with a generated county (100 units, 5k projects), "
        "city (1k units, 50k) or province (10k units, 1M projects, ~10M events). The same seed "
        "gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="county")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=DEFAULT_AS_OF,
            help="The generated history ends the day before (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--no-publish", action="store_true", help="Do not publish the first year's ranking."
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Read the rows back through the application's rules afterwards.",
        )
        parser.add_argument("--force", action="store_true", help="Allow it in production.")

    def handle(self, *args, scale, seed, as_of, no_publish, verify, force, **options):
        if settings.PRODUCTION and not force:
            raise CommandError("Refusing to generate data in production; pass --force.")
        password = os.environ.get("SCALE_PASSWORD") or DEFAULT_PASSWORD
        self.stdout.write(f"Generating {scale} scale (seed {seed}, history to {as_of}):")
        try:
            counts = generate(
                scale=SCALES[scale],
                seed=seed,
                as_of=as_of,
                password=password,
                publish=not no_publish,
                log=self.stdout.write,
            )
        except NotEmpty as exc:
            raise CommandError(
                "The database already holds a county; generate into an empty, migrated one."
            ) from exc
        for name, count in counts.items():
            self.stdout.write(f"  {name:<14} {count:>12,}")
        if verify:
            self._verify()
        self.stdout.write(f"Logins (password for all: {password}):")
        for username, _name in ADMINS.values():
            self.stdout.write(f"  {username}")
        for username, *_rest in COUNTY_PEOPLE:
            self.stdout.write(f"  {username}")
        self.stdout.write("  u00001_head, u00001_staff … (each unit's head and staff)")

    def _verify(self):
        problems = verify.check()
        if problems:
            for problem in problems[:50]:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"{len(problems)} inconsistencies in the generated data.")
        self.stdout.write("Verified: histories, gates, snapshots, reports and the audit chain.")
        self.stdout.write(f"Fingerprint: {verify.fingerprint()}")
