"""Recompute the audit hash chain; exit 1 naming the first row that was edited or removed."""

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core import audit


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain."

    def handle(self, *args, **options):
        checked, problem = audit.verify()
        if problem:
            raise CommandError(f"Audit chain broken after {checked} good rows: {problem}")
        self.stdout.write(f"Audit chain intact: {checked} rows verified.")
