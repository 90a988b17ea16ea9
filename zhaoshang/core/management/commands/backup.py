"""Back up the database and the uploaded files into one checked archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core import backup


class Command(BaseCommand):
    help = "Write a backup archive (database, uploaded files, manifest with row counts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(Path(settings.DATA_DIR) / "backups"),
            help="Directory for the archive (default: DATA_DIR/backups).",
        )

    def handle(self, *args, output_dir, **options):
        try:
            path = backup.backup(output_dir)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.read_manifest(path)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backup written: {path} ({len(manifest['tables'])} tables, {rows} rows, "
            f"{manifest['audit']['rows']} audit rows, {len(manifest['members']) - 1} files)."
        )
