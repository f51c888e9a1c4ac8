"""``manage.py stats_summary [--rebuild]``: check that the award summary (``stats.summary``) equals
a fresh count of the award rows and that its triggers are installed; ``--rebuild`` reinstalls the
triggers and recounts. Exit status 1 when the check finds a difference. The check only reads."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from stats import summary


class Command(BaseCommand):
    help = "Check (or rebuild) the statistics summary of award instances."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="reinstall the triggers and recount")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            with transaction.atomic():
                summary.install()
                rows = summary.rebuild()
            summary.vacuum()
            self.stdout.write(self.style.SUCCESS(f"✓ Đã đếm lại: {rows} dòng tổng hợp."))
            return
        missing = sorted({t.name for t in summary.triggers(connection.vendor)} - summary.installed())
        differences = summary.differences()
        for name in missing:
            self.stdout.write(self.style.ERROR(f"✗ Thiếu trigger {name}"))
        for key, (stored, fresh) in sorted(differences.items())[:50]:
            unit, year, kind, honour, individual, annulled, decision = key
            self.stdout.write(
                self.style.ERROR(
                    f"✗ đơn vị {unit}, năm {year}, {kind}{honour}, {'cá nhân' if individual else 'tập thể'}"
                    f"{', đã huỷ' if annulled else ''}, quyết định {decision}: tổng hợp {stored}, đếm lại {fresh}"
                )
            )
        if missing or differences:
            raise CommandError(
                f"{len(missing)} trigger thiếu, {len(differences)} dòng lệch: chạy manage.py stats_summary --rebuild."
            )
        self.stdout.write(self.style.SUCCESS("✓ Bảng tổng hợp khớp với số lượt khen thưởng; đủ trigger."))
