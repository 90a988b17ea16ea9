"""Replace the database and the uploaded files with a backup archive's, then verify them."""

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core import backup


class Command(BaseCommand):
    help = "Restore an archive written by `manage.py backup`, replacing what is stored now."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the current database and files are to be replaced.",
        )

    def handle(self, *args, archive, yes=False, **options):
        if not yes:
            raise CommandError(
                "Restoring replaces the current database and uploaded files; pass --yes to confirm."
            )
        try:
            manifest = backup.restore(archive)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['taken_at']}: row counts match in "
            f"{len(manifest['tables'])} tables and the audit chain is intact "
            f"({manifest['audit']['rows']} rows)."
        )
