"""Uploaded files on an S3-compatible bucket (django-storages), against moto's S3 server on loopback: a dossier file
uploaded through the proposal page lands in the bucket, not on this machine's disk, and comes back through the
access-checked download (an outsider gets 404)."""

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from commendation.services import proposals as wf
from conftest import client_for

pytestmark = pytest.mark.django_db
BUCKET = "thidua-test"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}
PDF = b"%PDF-1.4\n% to trinh\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, **KEYS).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(settings, s3_endpoint, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": KEYS["region_name"],
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "location": "media",
                "file_overwrite": False,
                "default_acl": None,
                "addressing_style": "path",
            },
        },
    }
    client = boto3.client("s3", endpoint_url=s3_endpoint, **KEYS)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def test_a_dossier_file_is_kept_in_the_bucket_and_downloaded_by_its_readers(client, org, personas, bucket, tmp_path):
    proposal = wf.create_proposal(unit=org.px03, to_unit=org.caqb, year=2024, title="Đề nghị", by=personas.unit_officer)
    officer = client_for(client, personas.unit_officer)
    upload = SimpleUploadedFile("to-trinh.pdf", PDF)
    sent = officer.post(
        reverse("commendation:proposal_file_upload", args=[proposal.pk]), {"kind": "memo", "file": upload}
    )
    assert sent.status_code == 302
    stored = proposal.files.get()
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"media/{stored.file.name}"]
    assert stored.file.name.startswith("dossiers/") and stored.file.name.endswith(".pdf")
    assert bucket.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read() == PDF
    assert list(tmp_path.iterdir()) == []  # nothing on this machine's disk

    got = officer.get(reverse("commendation:proposal_file", args=[proposal.pk, stored.pk]))
    assert got.status_code == 200
    assert got["Content-Disposition"] == 'attachment; filename="to-trinh.pdf"'
    assert b"".join(got.streaming_content) == PDF

    outsider = client_for(client, personas.outsider)
    assert outsider.get(reverse("commendation:proposal_file", args=[proposal.pk, stored.pk])).status_code == 404


def test_a_second_file_of_the_same_name_never_replaces_the_first(bucket):
    first = default_storage.save("dossiers/2024/a.pdf", SimpleUploadedFile("a.pdf", b"one"))
    second = default_storage.save("dossiers/2024/a.pdf", SimpleUploadedFile("a.pdf", b"two"))
    assert first == "dossiers/2024/a.pdf"
    assert second != first and second.startswith("dossiers/2024/a_") and second.endswith(".pdf")
    with default_storage.open(first, "rb") as handle:
        assert handle.read() == b"one"
