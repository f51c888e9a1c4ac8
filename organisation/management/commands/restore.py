"""``manage.py restore <folder> --yes``: replace the database and the uploaded files with a backup, check every table
and file against its manifest, then bring the schema up to the code (``migrate``) (organisation.backup)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from organisation import backup


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và các tệp từ một bản sao lưu (xoá dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="thư mục của bản sao lưu (manage.py backup)")
        parser.add_argument("--yes", action="store_true", help="xác nhận xoá dữ liệu hiện có để khôi phục")

    def handle(self, *args, folder, yes, **options):
        if not yes:
            raise CommandError("Khôi phục xoá toàn bộ dữ liệu và tệp hiện có: chạy lại với --yes để xác nhận.")
        try:
            manifest = backup.read_manifest(folder)
            problems = backup.restore(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"Khôi phục xong nhưng {len(problems)} chỗ khác bản sao lưu.")
        call_command("migrate", verbosity=0)
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {manifest['created_at']}: {len(manifest['rows'])} bảng và "
            f"{len(manifest['files'])} tệp khớp bản sao lưu."
        )
