"""``make screenshots``: a full-page PNG of every key page, for every demo persona that may open it, on a
390×844 phone and a 1366×768 screen, in ``screenshots/<persona>/<page>-<width>.png`` (with an
``index.html`` beside them that shows them all on one page).

The demo is loaded into a throwaway SQLite database in a temporary folder (the database of ``make run``,
``db.sqlite3``, is never touched, whatever ``DATABASE_URL`` says), served as ``make run`` serves it
(``runserver`` with DEBUG off, static files collected and served by WhiteNoise) on a free port, and every
persona logs in through the login page in Chromium. The key pages and who may open them come from the
data (``tests/browser/keypages.py``, shared with the layout checks of the browser tests).

A script and not a management command of the demo app: it needs Playwright and Chromium, which only the
test requirements install, and the test helpers; a command would ship with the product and fail there.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", default=str(ROOT / "screenshots"), help="where the pictures go (default: screenshots/)"
    )
    parser.add_argument("--persona", action="append", help="only these logins (repeatable)")
    args = parser.parse_args()
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        print(
            f"Chromium not found at {CHROMIUM}: bash scripts/ensure_chromium.sh (or CHROMIUM_PATH=…)", file=sys.stderr
        )
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="thidua-screenshots-"))
    try:
        return run(Path(args.out), args.persona, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(out: Path, only: list[str] | None, workdir: Path) -> int:
    env = {
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    from demo.logins import DEMO_PASSWORD
    from tests.browser import keypages

    started = time.monotonic()
    print(f"Loading the demo into a throwaway database in {workdir} …", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    # The hashed names and the manifest WhiteNoise serves from, without its gzip and brotli copies of every
    # file (minutes of CPU that change no pixel).
    with override_settings(STORAGES=settings.STORAGES | {"staticfiles": {"BACKEND": MANIFEST}}):
        call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0)
    # asking who may open what meets refusals on purpose: they are answers, not warnings
    logging.getLogger("django.request").setLevel(logging.ERROR)
    personas = [p for p in keypages.personas() if not only or p in only]
    if only and set(only) - set(personas):
        print(f"unknown personas: {sorted(set(only) - set(personas))}", file=sys.stderr)
        return 1
    demo = keypages.survey(keypages.key_pages(), personas)
    print(f"Demo loaded, pages and personas surveyed ({time.monotonic() - started:.0f} s); photographing …", flush=True)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with open(workdir / "server.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(base, server, workdir / "server.log")
            shots, problems = _photograph(base, demo, personas, out, DEMO_PASSWORD)
        finally:
            server.terminate()
            server.wait(timeout=10)
    _index(out, demo, personas)
    print(f"{shots} screenshots in {out}/ ({time.monotonic() - started:.0f} s); open {out / 'index.html'}")
    if problems:
        print("Pages that did not answer 200 (photographed as they are):\n  " + "\n  ".join(problems))
    return 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/login/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer within 60 s:\n{log.read_text()}")


def _photograph(base: str, demo, personas: list[str], out: Path, password: str) -> tuple[int, list[str]]:
    from playwright.sync_api import sync_playwright

    from tests.browser import keypages

    shots, problems = 0, []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for persona in personas:
            folder = out / persona
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("*.png"):
                old.unlink()
            for size in keypages.SIZES:
                context = browser.new_context(**keypages.context_options(size))
                context.set_default_timeout(30_000)
                page = context.new_page()
                keypages.log_in(page, base, persona, password)
                for key_page in demo.pages:
                    if not demo.opens(persona, key_page):
                        continue
                    if key_page.replay:
                        keypages.serve_replay(page, demo, persona, key_page, base)
                    response = page.goto(base + key_page.path)
                    if page.url.split("?")[0] == f"{base}/login/":
                        raise SystemExit(f"{persona} was sent to the login page by {key_page.path}")
                    if response is None or response.status != 200:
                        problems.append(f"{key_page.path} as {persona}: {response.status if response else 'no answer'}")
                    page.evaluate("document.fonts.ready.then(() => true)")
                    page.screenshot(path=folder / f"{key_page.name}-{size['width']}.png", full_page=True)
                    shots += 1
                context.close()
            print(f"  {persona}: done", flush=True)
        browser.close()
    return shots, problems


def _index(out: Path, demo, personas: list[str]) -> None:
    """One page with every picture: a row per key page, a column per persona, phone beside desktop."""
    head = "".join(f"<th>{html.escape(p)}</th>" for p in personas)
    rows = []
    for page in demo.pages:
        cells = []
        for persona in personas:
            pictures = [
                f'<a href="{persona}/{page.name}-{w}.png"><img src="{persona}/{page.name}-{w}.png" '
                f'alt="{html.escape(page.journey)} – {persona} – {w}px" loading="lazy" width="{w // 8}"></a>'
                for w in (390, 1366)
                if (out / persona / f"{page.name}-{w}.png").exists()
            ]
            cells.append(f"<td>{''.join(pictures) or '–'}</td>")
        rows.append(
            f"<tr><th>{html.escape(page.journey)}<br><code>{html.escape(page.path)}</code></th>{''.join(cells)}</tr>"
        )
    (out / "index.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>Thi Đua – screenshots</title>"
        "<style>body{font:14px sans-serif}td,th{vertical-align:top;border:1px solid #ccc;padding:4px}"
        "img{margin:2px;border:1px solid #eee}</style>"
        f"<h1>Thi Đua – key pages per persona (390 px and 1366 px)</h1><table><tr><th></th>{head}</tr>"
        + "".join(rows)
        + "</table>",
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
