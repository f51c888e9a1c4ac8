"""``manage.py backup <folder>``: the database and every uploaded file into an empty folder (organisation.backup)."""

from django.core.management.base import BaseCommand, CommandError

from organisation import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã tải lên vào một thư mục trống."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="thư mục trống nhận bản sao lưu")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup.backup(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Đã sao lưu {manifest['database']}: {len(manifest['rows'])} bảng, {rows:,} dòng, "
            f"{len(manifest['files'])} tệp vào {folder}."
        )
