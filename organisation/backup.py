"""Backing up and restoring a whole Thi Đua: the database and the uploaded files, in one folder.

``backup(folder)`` writes ``database.dump`` (PostgreSQL: ``pg_dump`` in its custom format) or ``database.sqlite3``
(SQLite: the online backup API, consistent while the server runs), ``files.tar`` (every file of the default storage
— local disk or S3 alike — read through Django's storage API) and ``manifest.json`` (when, which database, the
latest migration of every app, the number of rows of every table, the size and SHA-256 of every file).

``restore(folder)`` refuses a backup of another database kind or of a newer schema, replaces the database
(``pg_restore --clean --single-transaction``; SQLite: the backup API the other way), replaces the stored files,
and then checks what it restored against the manifest: every table's rows and every file's hash. A table or file
that differs is an error naming it.

Commands: ``manage.py backup <folder>`` and ``manage.py restore <folder> --yes`` (docs/BACKUP.md).
"""

import datetime
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST, FILES = "manifest.json", "files.tar"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why (Vietnamese, for the operator)."""


# What there is ---------------------------------------------------------------------------------------------------


def tables() -> list[str]:
    """Every table of the project's models (Django's own included), sorted."""
    return sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed})


def row_counts() -> dict[str, int]:
    existing = set(connection.introspection.table_names())
    out = {}
    with connection.cursor() as cursor:
        for table in tables():
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                out[table] = cursor.fetchone()[0]
    return out


def stored_files(storage=default_storage, folder: str = "") -> list[str]:
    """Every file name in the storage, below ``folder``, sorted."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{f}" if folder else f for f in files]
    for d in dirs:
        names += stored_files(storage, f"{folder}/{d}" if folder else d)
    return sorted(names)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def migrations() -> dict[str, str]:
    """The latest migration applied of every app."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return latest


# Backup ----------------------------------------------------------------------------------------------------------


def backup(folder: Path) -> dict:
    """Write the database, the files and the manifest into ``folder`` (created; must be empty). The manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"Thư mục {folder} đã có dữ liệu: hãy chọn một thư mục trống.")
    folder.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in DUMP:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    counts = row_counts()  # before the dump: a write in between shows as a difference at restore, never silently
    _dump_database(folder / DUMP[vendor])
    files = {}
    with tarfile.open(folder / FILES, "w") as archive:
        for name in stored_files():
            with default_storage.open(name, "rb") as handle:
                data = handle.read()
            files[name] = {"bytes": len(data), "sha256": _sha256(data)}
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "migrations": migrations(),
        "rows": counts,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _pg_env() -> tuple[list[str], dict]:
    settings = connection.settings_dict
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [flag, str(settings[key])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} thất bại: {done.stderr.strip()[-2000:]}")


def _dump_database(target: Path) -> None:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return
    args, env = _pg_env()
    _run(
        [
            "pg_dump",
            *args,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
            connection.settings_dict["NAME"],
        ],
        env,
    )


# Restore ---------------------------------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise BackupError(f"Không thấy {MANIFEST} trong {folder}: đây không phải một bản sao lưu.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu định dạng {manifest.get('format')!r}, phiên bản này đọc định dạng {FORMAT}.")
    return manifest


def restore(folder: Path) -> list[str]:
    """Replace the database and the stored files with the backup in ``folder``; the differences found after (empty:
    every table and every file as backed up)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest["database"] != connection.vendor:
        raise BackupError(f"Bản sao lưu là của {manifest['database']}, cơ sở dữ liệu đang dùng là {connection.vendor}.")
    on_disk = _code_migrations()
    newer = sorted(f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in on_disk)
    if newer:
        raise BackupError("Bản sao lưu mới hơn mã nguồn đang chạy (migration chưa có: " + ", ".join(newer) + ").")
    _restore_database(folder / DUMP[connection.vendor])
    _restore_files(folder / FILES)
    return differences(manifest)


def _code_migrations() -> set[tuple[str, str]]:
    """(app, migration) of every migration in the code."""
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _restore_database(source: Path) -> None:
    if not source.exists():
        raise BackupError(f"Thiếu tệp cơ sở dữ liệu {source.name} trong bản sao lưu.")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
        return
    connection.close()  # no open transaction or lock of ours in the way of the DROPs
    args, env = _pg_env()
    _run(
        [
            "pg_restore",
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        env,
    )


def _restore_files(source: Path) -> None:
    for name in stored_files():
        default_storage.delete(name)
    with tarfile.open(source, "r") as archive:
        for member in archive.getmembers():
            if not member.isfile() or member.name.startswith("/") or ".." in Path(member.name).parts:
                raise BackupError(f"Tệp {member.name!r} trong bản sao lưu không hợp lệ.")
            data = archive.extractfile(member).read()
            saved = default_storage.save(member.name, ContentFile(data))
            if saved != member.name:
                raise BackupError(f"Không khôi phục được tệp {member.name} đúng tên (lưu thành {saved}).")


def differences(manifest: dict) -> list[str]:
    """What differs from the manifest: tables whose rows differ, files missing, changed or extra."""
    problems = []
    counts = row_counts()
    for table, expected in sorted(manifest["rows"].items()):
        if counts.get(table) != expected:
            problems.append(f"Bảng {table}: {counts.get(table)} dòng, bản sao lưu có {expected}.")
    files = manifest["files"]
    present = set(stored_files())
    for name, meta in sorted(files.items()):
        if name not in present:
            problems.append(f"Thiếu tệp {name}.")
            continue
        with default_storage.open(name, "rb") as handle:
            if _sha256(handle.read()) != meta["sha256"]:
                problems.append(f"Tệp {name} khác bản sao lưu.")
    problems += [f"Tệp {name} không có trong bản sao lưu." for name in sorted(present - set(files))]
    return problems
