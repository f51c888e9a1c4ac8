from django.core.management.base import BaseCommand

from organisation.models import User


class Command(BaseCommand):
    help = "Print the demo logins and the address to open (used by `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port, **options):
        from demo.logins import DEMO_LOGINS, DEMO_PASSWORD

        existing = set(
            User.objects.filter(username__in=[u for u, _, _ in DEMO_LOGINS]).values_list("username", flat=True)
        )
        self.stdout.write("")
        self.stdout.write(f"  Thi Đua: http://127.0.0.1:{port}/   (API: /api/v1/docs, admin: /admin/)")
        self.stdout.write(f"  Demo logins, password “{DEMO_PASSWORD}” for every one:")
        for username, role, scope in DEMO_LOGINS:
            if username in existing:
                self.stdout.write(f"    {username:<14} {role:<34} {scope}")
        self.stdout.write("")
