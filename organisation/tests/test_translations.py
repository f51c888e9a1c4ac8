"""The translation catalogues under ``locale/``.

``locale/en`` translates the project's Vietnamese msgids into English (kept up to date with
``makemessages -l en``); ``locale/vi`` is hand-made and only overrides Django's own English
strings (admin, auth, form validation) where Django's bundled Vietnamese is missing or awkward.
Both must be complete, free of fuzzy entries, and compiled: Django reads only the ``.mo`` files,
so a ``.po`` edited without ``compilemessages`` would silently not reach the users.
"""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
VI_PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')
_PLACEHOLDER = re.compile(r"%\([A-Za-z_0-9]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sd]|\{[A-Za-z_0-9]*\}")
_TAG = re.compile(r"</?[A-Za-z][^>]*>|&[a-z]+;")


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """The key under which ``gettext`` files the message (context and msgid joined by EOT)."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str, where: str) -> str:
    assert text.startswith('"') and text.endswith('"'), where
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\":
            out.append(_ESCAPES[body[i + 1]])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """Every active entry of a PO file, the header (msgid "") first; obsolete ``#~`` entries are left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None
    pending_flags: set[str] = set()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.groups()
            value = _unquote(value, where)
            if keyword == "msgctxt" or (keyword == "msgid" and (current is None or current.msgstr)):
                if current is not None:
                    entries.append(current)
                current = Entry(line=number, flags=pending_flags)
                pending_flags = set()
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                current.msgstr[target[1]] = value
            else:
                target = (keyword, None)
                setattr(current, keyword, value)
            continue
        assert line.startswith('"') and current is not None and target is not None, f"unexpected line {where}"
        if target[0] == "msgstr":
            current.msgstr[target[1]] += _unquote(line, where)
        else:
            setattr(current, target[0], getattr(current, target[0]) + _unquote(line, where))
    if current is not None:
        entries.append(current)
    return entries


def _header(entries: list[Entry]) -> dict[str, str]:
    assert entries and entries[0].msgid == "", "the catalogue must start with its header"
    pairs = (row.split(":", 1) for row in entries[0].msgstr[0].splitlines() if ":" in row)
    return {name.strip(): value.strip() for name, value in pairs}


def _expected_mo_catalog(entries: list[Entry]) -> dict:
    """What ``gettext.GNUTranslations`` should read from the .mo compiled from these entries."""
    catalog = {}
    for entry in entries[1:]:
        if entry.msgid_plural is not None:
            for index, text in entry.msgstr.items():
                catalog[(entry.key, index)] = text
        else:
            catalog[entry.key] = entry.msgstr[0]
    return catalog


def _read_mo(po_path: Path) -> dict:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `manage.py compilemessages --ignore=.venv`"
    with mo_path.open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)  # the header
    return catalog


@pytest.fixture(scope="module")
def en_entries():
    return parse_po(EN_PO)


@pytest.fixture(scope="module")
def vi_entries():
    return parse_po(VI_PO)


def test_the_parser_reads_contexts_plurals_and_multiline_strings(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, python-format\nmsgctxt "month"\nmsgid "May"\nmsgstr "Tháng 5"\n\n'
        'msgid "%(n)s cán bộ"\nmsgid_plural "%(n)s cán bộ"\nmsgstr[0] "%(n)s officer"\nmsgstr[1] "%(n)s officers"\n\n'
        'msgid ""\n"Dòng \\"một\\"\\n"\n"dòng hai"\nmsgstr ""\n\n'
        '#~ msgid "cũ"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )
    header, month, people, multi = parse_po(po)
    assert _header([header]) == {"Language": "en"}
    assert (month.msgctxt, month.msgid, month.msgstr, month.flags) == (
        "month",
        "May",
        {0: "Tháng 5"},
        {"python-format"},
    )
    assert month.key == "month\x04May"
    assert people.msgstr == {0: "%(n)s officer", 1: "%(n)s officers"}
    assert (multi.msgid, multi.msgstr) == ('Dòng "một"\ndòng hai', {0: ""})


def test_english_catalogue_header(en_entries):
    header = _header(en_entries)
    assert header["Language"] == "en"
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_every_english_entry_is_translated_and_not_fuzzy(en_entries):
    assert len(en_entries) > 100
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in en_entries if "fuzzy" in e.flags]
    untranslated = [f"line {e.line}: {e.msgid!r}" for e in en_entries[1:] if not all(e.msgstr.values())]
    wrong_plurals = [
        f"line {e.line}: {e.msgid!r}"
        for e in en_entries[1:]
        if e.msgid_plural is not None and sorted(e.msgstr) != [0, 1]
    ]
    assert not fuzzy, "fuzzy entries (check them, then drop the flag):\n" + "\n".join(fuzzy)
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)
    assert not wrong_plurals, "plural entries need msgstr[0] and msgstr[1]:\n" + "\n".join(wrong_plurals)


@pytest.mark.parametrize("po_path", [EN_PO, VI_PO], ids=["en", "vi"])
def test_translations_keep_placeholders_and_markup(po_path):
    broken = []
    for entry in parse_po(po_path)[1:]:
        for index, text in entry.msgstr.items():
            source = entry.msgid_plural if index and entry.msgid_plural is not None else entry.msgid
            for pattern in (_PLACEHOLDER, _TAG):
                # A singular form may leave out the count (e.g. "one item"); all other names must stay.
                expected = set(pattern.findall(source)) | set(pattern.findall(entry.msgid))
                if set(pattern.findall(text)) - expected or set(pattern.findall(source)) - set(pattern.findall(text)):
                    broken.append(f"line {entry.line}: {entry.msgid!r} -> {text!r}")
    assert not broken, "placeholders or HTML changed:\n" + "\n".join(sorted(set(broken)))


@pytest.mark.parametrize("po_path", [EN_PO, VI_PO], ids=["en", "vi"])
def test_compiled_catalogue_matches_the_po_file(po_path):
    """The .mo holds exactly the .po's messages: a stale .mo (po edited, not recompiled) fails."""
    expected = _expected_mo_catalog(parse_po(po_path))
    compiled = _read_mo(po_path)
    missing = sorted(str(k) for k in expected.keys() - compiled.keys())
    extra = sorted(str(k) for k in compiled.keys() - expected.keys())
    changed = sorted(str(k) for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    assert not (missing or extra or changed), (
        f"{po_path.with_suffix('.mo')} is out of date – run `manage.py compilemessages --ignore=.venv`.\n"
        f"missing: {missing[:10]}\nextra: {extra[:10]}\nchanged: {changed[:10]}"
    )


def test_vietnamese_overrides_are_hand_made_and_complete(vi_entries):
    text = VI_PO.read_text(encoding="utf-8")
    assert "makemessages" in text.split('msgid ""', 1)[0], "the header comment must warn against makemessages -l vi"
    header = _header(vi_entries)
    assert header["Language"] == "vi"
    assert header["Plural-Forms"] == "nplurals=1; plural=0;"
    assert not [e.msgid for e in vi_entries if "fuzzy" in e.flags]
    assert not [e.msgid for e in vi_entries[1:] if not all(e.msgstr.values())]
    # The msgids are Django's English strings, never the project's own (Vietnamese) ones.
    own = {e.msgid for e in parse_po(EN_PO)[1:]}
    assert not own & {e.msgid for e in vi_entries[1:]}


def test_english_ui_strings():
    with translation.override("en"):
        assert translation.gettext("Cây đơn vị") == "Unit tree"
        assert translation.gettext("Thường trực Hội đồng TĐKT") == (
            "Standing office of the Emulation & Commendation Council"
        )
        assert translation.ngettext("%(shown)s cán bộ", "%(shown)s cán bộ", 1) % {"shown": "1"} == "1 officer"
        assert translation.ngettext("%(shown)s cán bộ", "%(shown)s cán bộ", 5) % {"shown": "1.234"} == "1.234 officers"
        # Django's own strings stay English.
        assert translation.gettext("Site administration") == "Site administration"


def test_vietnamese_is_the_source_language_and_django_strings_are_vietnamese():
    with translation.override("vi"):
        assert translation.gettext("Cây đơn vị") == "Cây đơn vị"
        assert translation.gettext("Site administration") == "Quản trị hệ thống"
        assert translation.gettext("Log out") == "Đăng xuất"
        assert translation.gettext("This field is required.") == "Trường này là bắt buộc."
        assert translation.ngettext("Please correct the error below.", "Please correct the errors below.", 2) == (
            "Hãy sửa các lỗi dưới đây."
        )
