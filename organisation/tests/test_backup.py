"""Backup and restore (issue 17): the demo backed up, wiped, restored — every table's rows, every closed election's
ballot chain and every uploaded file as they were; refusals for a non-empty folder, a missing confirmation, another
database kind and a newer schema."""

import json
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from organisation import backup
from voting.models import Election
from voting.services.results import verify_chain

pytestmark = pytest.mark.django_db(transaction=True)

FILES = {"decision-scans/qd-123.pdf": b"%PDF-1.4 scan", "history-imports/a/lich-su.xlsx": b"PK\x03\x04 bytes"}


def _chains() -> dict[int, tuple[int, str, list[str]]]:
    """Every closed electronic election: its ballots, the chain's head and what verify_chain finds wrong."""
    return {
        e.pk: (e.ballots.count(), e.chain_head, verify_chain(e))
        for e in Election.objects.filter(status=Election.Status.CLOSED, mode=Election.Mode.ELECTRONIC)
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_demo_backed_up_wiped_and_restored_is_whole(media, tmp_path):
    call_command("seed_demo", stdout=StringIO())
    for name, data in FILES.items():
        default_storage.save(name, ContentFile(data))
    rows, chains = backup.row_counts(), _chains()
    out = StringIO()
    call_command("backup", str(tmp_path / "bk"), stdout=out)
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text(encoding="utf-8"))

    call_command("flush", interactive=False, verbosity=0)
    for name in FILES:
        default_storage.delete(name)
    default_storage.save("stray.txt", ContentFile(b"written after the backup"))
    wiped = sum(backup.row_counts().values())
    call_command("restore", str(tmp_path / "bk"), "--yes", stdout=StringIO())

    assert chains and all(problems == [] and n > 0 for n, _head, problems in chains.values())
    assert manifest["rows"] == rows and manifest["database"] == connection.vendor
    assert {k: v["bytes"] for k, v in manifest["files"].items()} == {k: len(v) for k, v in FILES.items()}
    assert "Đã sao lưu" in out.getvalue()
    assert wiped < sum(rows.values()) / 10
    assert backup.row_counts() == rows
    assert _chains() == chains
    assert {name: default_storage.open(name).read() for name in backup.stored_files()} == FILES


def test_refusals_name_what_is_wrong(media, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("backup", str(tmp_path / "full"))
    call_command("backup", str(tmp_path / "bk"), stdout=StringIO())
    with pytest.raises(CommandError, match="chạy lại với --yes"):
        call_command("restore", str(tmp_path / "bk"))
    with pytest.raises(CommandError, match="không phải một bản sao lưu"):
        call_command("restore", str(tmp_path / "full"), "--yes")

    path = tmp_path / "bk" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    path.write_text(json.dumps({**manifest, "database": other}), encoding="utf-8")
    with pytest.raises(CommandError, match=f"Bản sao lưu là của {other}"):
        call_command("restore", str(tmp_path / "bk"), "--yes")
    path.write_text(
        json.dumps({**manifest, "migrations": {**manifest["migrations"], "voting": "9999_future"}}), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="voting.9999_future"):
        call_command("restore", str(tmp_path / "bk"), "--yes")
