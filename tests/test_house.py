"""The house's layout holds (docs/ARCHITECTURE.md): migrations point down the layers, and the house check
of ``scripts/check_house.py`` both passes on the code and catches what it is meant to catch."""

import importlib.util
import tomllib
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader

ROOT = Path(settings.BASE_DIR)


def _layers() -> dict[str, int]:
    """Each app's floor, from the import-linter layers contract (top first in the file)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "layers")["layers"]
    return {app.strip(): len(layers) - i for i, floor in enumerate(layers) for app in floor.split("|")}


def _check_house():
    spec = importlib.util.spec_from_file_location("check_house", ROOT / "scripts" / "check_house.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_migration_depends_only_on_lower_apps():
    floor = _layers()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    # audit's and jobs' user foreign keys go through the swappable AUTH_USER_MODEL setting (ARCHITECTURE.md)
    allowed = {("audit", "organisation"), ("jobs", "organisation")}
    upward = [
        f"{app}.{name} -> {dep_app}"
        for (app, name), migration in loader.disk_migrations.items()
        for dep_app, _dep in migration.dependencies
        if app in floor and dep_app in floor and floor[dep_app] > floor[app] and (app, dep_app) not in allowed
    ]
    assert upward == []
    assert floor["honours"] < floor["cycle"] < floor["scoring"] == floor["voting"] < floor["eligibility"]
    assert floor["eligibility"] < floor["commendation"] < floor["stats"] < floor["news"] < floor["api"]


def test_every_project_app_is_placed_in_a_layer():
    floor = _layers()
    ours = [app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()]
    assert [app for app in ours if app not in floor] == []


def test_the_house_check_passes_on_the_code():
    assert list(_check_house().problems()) == []


def test_the_house_check_catches_a_private_import_a_private_use_and_a_long_module(tmp_path, monkeypatch):
    module = _check_house()
    (tmp_path / "honours").mkdir()
    (tmp_path / "honours" / "bad.py").write_text(
        "from organisation.imports import _text\n"
        "from organisation import permissions as org_perms\n"
        "x = org_perms._grants(None)\n"
        "y = Unit._meta\n" + "z = 1\n" * 500
    )
    for app in module.APPS:
        (tmp_path / app).mkdir(exist_ok=True)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    assert list(module.problems()) == [
        "honours/bad.py: 504 lines (over 500: make it a package)",
        "honours/bad.py:1: imports organisation.imports._text — private to organisation",
        "honours/bad.py:3: uses organisation.permissions._grants — private to its app",
    ]


def test_page_urls_stay_where_they_were_before_the_apps_were_redrawn():
    from django.urls import reverse

    # Pages of every app that moved (awards, stats' news) and of the apps around them, at their old addresses.
    expected = {
        ("organisation:home", ()): "/",
        ("organisation:unit_detail", (7,)): "/units/7/",
        ("cycle:block_detail", (3,)): "/blocks/3/",
        ("eligibility:eligibility", ()): "/eligibility/",
        ("eligibility:ruleset_list", ()): "/rulesets/",
        ("eligibility:person_facts", (5,)): "/people/5/awards/",
        ("eligibility:fact_edit", ("initiative", 9)): "/awards/facts/initiative/9/edit/",
        ("eligibility:fact_delete", ("discipline", 9)): "/awards/facts/discipline/9/delete/",
        ("eligibility:block_standings", (3,)): "/blocks/3/standings/",
        ("commendation:quota_list", ()): "/quotas/",
        ("commendation:proposal_detail", (4,)): "/proposals/4/",
        ("commendation:meeting_detail", (4,)): "/council/meetings/4/",
        ("commendation:decision_docx", (4,)): "/decisions/4/decision.docx",
        ("commendation:certificate_pdf", (4,)): "/certificates/lines/4/certificate.pdf",
        ("stats:stats_dashboard", ()): "/thong-ke/",
        ("news:news_list", ()): "/news/",
        ("news:news_generate", (2,)): "/conferences/2/news/",
    }
    assert {key: reverse(key[0], args=key[1]) for key in expected} == expected
