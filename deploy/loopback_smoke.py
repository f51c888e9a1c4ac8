"""Try the loopback layout through nginx (``deploy/loopback.sh smoke``, run with the layout's environment).

1. Requests through nginx are answered by both app servers (nginx's X-Upstream header on the loopback layout).
2. A demo login signs in on one server and is still signed in on the other (sessions in the database).
3. The statistics dashboard right after signing in reads the primary (the browser just wrote); without the
   cookie it reads the replica: the replica's pg_stat_activity shows the tally query.
4. A dossier file uploaded through nginx lands in the S3 bucket (moto) and is read back through the download page.
5. Two report jobs started through nginx are run by the job workers; their files (in the bucket) download.
"""

import argparse
import http.cookiejar
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import boto3  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django.urls import reverse  # noqa: E402

from commendation.models import DossierFile, Proposal  # noqa: E402
from demo.logins import DEMO_PASSWORD  # noqa: E402
from jobs.models import Job  # noqa: E402
from thidua import routers  # noqa: E402

PDF = b"%PDF-1.4\n% loopback smoke " + uuid.uuid4().hex.encode() + b"\n%%EOF\n"


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            response = self.opener.open(req, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, dict(response.headers), response.read()

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def drop_cookie(self, name: str) -> None:
        for c in list(self.jar):
            if c.name == name:
                self.jar.clear(c.domain, c.path, c.name)

    def csrf(self) -> str:
        return self.cookie("csrftoken") or ""

    def post(self, path: str, fields: dict, files: dict | None = None):
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in fields.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                )
            for name, (filename, content) in files.items():
                head = (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    "Content-Type: application/pdf\r\n\r\n"
                )
                parts.append(head.encode() + content + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(path, body, {"Content-Type": content_type, "X-CSRFToken": self.csrf()})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str, username: str) -> Browser:
    browser = Browser(base)
    browser.request("/login/")
    status, headers, _ = browser.post(
        "/login/", {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": browser.csrf()}
    )
    assert status == 302, (status, headers)
    return browser


def summary_scans(alias: str) -> int:
    """How many times the award summary has been scanned on ``alias``'s server (its own statistics)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = %s",
            ["stats_awardcount"],
        )
        return cursor.fetchone()[0]


def dashboard_scans(browser: Browser) -> tuple[int, dict, int, int]:
    """The dashboard through nginx, and how many summary scans it caused on the primary and on the replica. A
    backend reports its counters when idle for a moment (at most ten seconds in PostgreSQL 15): hence the wait."""
    before = summary_scans("default"), summary_scans("replica")
    status, headers, _ = browser.request("/thong-ke/")
    time.sleep(11)
    return status, headers, summary_scans("default") - before[0], summary_scans("replica") - before[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nginx", required=True)
    parser.add_argument("--state", required=True)
    args = parser.parse_args()
    state = Path(args.state)

    print("1. Through nginx, six requests:")
    answered = Counter(Browser(args.nginx).request("/login/")[1].get("X-Upstream") for _ in range(6))
    print("   answered by", dict(answered))
    assert len(answered) == 2, answered

    print("2. Sign in as thuongtruc through nginx; the session is good on both servers:")
    office = sign_in(args.nginx, "thuongtruc")
    seen = Counter()
    for _ in range(4):
        status, headers, _ = office.request("/")
        assert status == 200, status
        seen[headers.get("X-Upstream")] += 1
    print("   home page 200 from", dict(seen))

    print("3. The statistics dashboard:")
    if "replica" in settings.DATABASES:
        assert office.cookie(routers.COOKIE), "signing in wrote: the browser reads the primary for a while"
        status, headers, primary, replica = dashboard_scans(office)
        print(f"   just after signing in ({routers.COOKIE} set): {status} from {headers.get('X-Upstream')};")
        print(f"   award summary scans: primary {primary}, replica {replica}")
        assert status == 200 and primary > 0 and replica == 0
        office.drop_cookie(routers.COOKIE)
        status, headers, primary, replica = dashboard_scans(office)
        print(f"   without the cookie: {status} from {headers.get('X-Upstream')};")
        print(f"   award summary scans: primary {primary}, replica {replica}")
        assert status == 200 and primary == 0 and replica > 0
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")
            recovery, replayed = cursor.fetchone()
            print(f"   the replica: in recovery {recovery}, replayed up to {replayed}")
    else:
        print("   (no replica configured)")

    print("4. A dossier file uploaded through nginx, kept in the bucket, read back:")
    officer = sign_in(args.nginx, "tdkt.px03")
    for proposal in Proposal.objects.filter(unit__ref="CAQB-PX03").order_by("-pk"):
        before = DossierFile.objects.filter(proposal=proposal).count()
        officer.post(
            reverse("commendation:proposal_file_upload", args=[proposal.pk]),
            {"kind": "memo", "csrfmiddlewaretoken": officer.csrf()},
            {"file": ("loopback.pdf", PDF)},
        )
        if DossierFile.objects.filter(proposal=proposal).count() > before:
            break
    else:
        raise AssertionError("no proposal of PX03 took the file")
    stored = DossierFile.objects.filter(proposal=proposal).latest("pk")
    options = settings.STORAGES["default"]["OPTIONS"]
    s3 = boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
    )
    key = "/".join(p for p in (options["location"], stored.file.name) if p)
    in_bucket = s3.get_object(Bucket=options["bucket_name"], Key=key)["Body"].read()
    print(
        f"   proposal {proposal.pk}: s3://{options['bucket_name']}/{key}, {len(in_bucket)} bytes, same: {in_bucket == PDF}"
    )
    assert in_bucket == PDF
    for _ in range(2):
        status, headers, body = officer.request(reverse("commendation:proposal_file", args=[proposal.pk, stored.pk]))
        print(f"   download {status} from {headers.get('X-Upstream')}: same bytes {body == PDF}")
        assert status == 200 and body == PDF
    status, _, _ = sign_in(args.nginx, "ngoaitinh").request(
        reverse("commendation:proposal_file", args=[proposal.pk, stored.pk])
    )
    print(f"   the other province's office: {status}")
    assert status == 404

    print("5. Report jobs started through nginx, run by the workers:")
    workers = {
        (state / f"{n}.pid").read_text().strip(): n for n in ("worker1", "worker2") if (state / f"{n}.pid").exists()
    }
    started = []
    for fmt in ("xlsx", "docx"):
        status, headers, _ = office.post(
            reverse("stats:stats_report_job"),
            {"code": "TH-KT-01", "format": fmt, "year": "2024", "csrfmiddlewaretoken": office.csrf()},
        )
        assert status == 302, status
        started.append(int(headers["Location"].rstrip("/").rsplit("/", 1)[1]))
    deadline = time.monotonic() + 120
    while Job.objects.filter(pk__in=started, status__in=("queued", "running")).exists():
        assert time.monotonic() < deadline, "the jobs did not finish"
        time.sleep(0.5)
    for job in Job.objects.filter(pk__in=started).order_by("pk"):
        by = next((workers[part] for part in job.worker.split(":") if part in workers), job.worker)
        status, headers, body = office.request(job.link)
        print(
            f"   job {job.pk} {job.status} by {by} ({job.worker}); file {job.result.get('file')} "
            f"downloads {status}, {len(body)} bytes, from {headers.get('X-Upstream')}"
        )
        assert job.status == "succeeded" and status == 200 and body[:2] == b"PK"
    print("All good.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
