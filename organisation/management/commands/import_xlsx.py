"""manage.py import_xlsx units|people FILE --user USERNAME: the web import, from the command line."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organisation.imports import KINDS, run_import


class Command(BaseCommand):
    help = "Nhập đơn vị hoặc cán bộ từ tệp Excel .xlsx (kiểm tra cả tệp; có lỗi thì không ghi gì)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Tên đăng nhập của người thực hiện (ghi vào nhật ký).")

    def handle(self, *, kind, file, user, **options):
        by = get_user_model().objects.filter(username=user).first()
        if by is None:
            raise CommandError(_("Không có người dùng %(user)s.") % {"user": user})
        if not file.is_file():
            raise CommandError(_("Không tìm thấy tệp %(file)s.") % {"file": file})

        def progress(done, total):
            self.stdout.write(_("Đã kiểm tra %(done)s / %(total)s dòng") % {"done": done, "total": total})

        result = run_import(file, kind, by=by, progress=progress)
        for error in result.errors:
            self.stderr.write(
                _("Dòng %(row)s, cột %(column)s: %(message)s")
                % {"row": error.row or "—", "column": error.column or "—", "message": error.message}
            )
        if result.errors:
            raise CommandError(_("Có %(n)s lỗi; chưa ghi dữ liệu nào.") % {"n": len(result.errors)})
        self.stdout.write(
            self.style.SUCCESS(
                _("Xong: %(created)s tạo mới, %(updated)s cập nhật, %(unchanged)s không thay đổi.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            )
        )
