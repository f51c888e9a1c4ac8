"""The layout checker itself (``layout_checks.js``) on small hand-made pages: it finds what it must, names
the element and the numbers, and stays quiet on layouts that are fine (scroll containers, nowrap words,
visually-hidden labels, controls reachable by scrolling a table)."""

from pathlib import Path

import pytest

CHECKS = (Path(__file__).resolve().parent / "layout_checks.js").read_text(encoding="utf-8")

STYLE = """<style>
body { margin: 0; font: 16px/1.4 sans-serif; }
.table-responsive { overflow-x: auto; }
.visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important;
  padding: 0 !important; margin: -1px !important; overflow: hidden !important; clip: rect(0,0,0,0) !important;
  white-space: nowrap !important; border: 0 !important; }
td, th { padding: 4px 8px; }
</style>"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def check(page, body: str) -> list[dict]:
    page.set_content(
        f'<!doctype html><html><head><meta name="viewport" content="width=device-width, '
        f'initial-scale=1">{STYLE}</head><body>{body}</body></html>'
    )
    return page.evaluate(CHECKS, {"tolerance": 2})


def kinds(problems):
    return sorted(p["check"] for p in problems)


def test_a_fitting_page_passes(phone):
    assert check(phone, "<main><h1>Khối thi đua</h1><p>Một đoạn văn bản ngắn.</p><input id='q'></main>") == []


def test_a_wide_table_in_a_scroller_is_fine_but_without_one_the_page_overflows(phone):
    wide = "<table><tr>" + "<td style='white-space:nowrap'>PX03 – Phòng Công tác đảng</td>" * 4 + "</tr></table>"
    assert check(phone, f"<div class='table-responsive'>{wide}</div>") == []
    [problem] = check(phone, wide)
    assert problem["check"] == "overflow"
    assert "in a 390px viewport" in problem["detail"] and problem["element"].startswith("table")


def test_a_visually_hidden_label_escaping_its_scroller_is_named(phone):
    """An absolutely positioned label inside an unpositioned scroller is not clipped by it: it widens the page."""
    row = "<td><label class='visually-hidden' for='f'>Tệp</label><input id='f' type='file'></td>"
    problems = check(
        phone,
        f"<div class='table-responsive'><table><tr>{'<td>x</td>' * 3}"
        f"<td style='min-width:500px'>y</td>{row}</tr></table></div>",
    )
    assert kinds(problems) == ["overflow"]
    assert "label.visually-hidden" in problems[0]["detail"]
    positioned = check(
        phone,
        f"<div class='table-responsive' style='position:relative'><table><tr>"
        f"<td style='min-width:500px'>y</td>{row}</tr></table></div>",
    )
    assert positioned == []


def test_a_column_narrower_than_its_longest_word(phone):
    problems = check(
        phone,
        "<table style='width:200px'><thead><tr><th>Mã biên nhận</th><th>Đơn vị</th></tr></thead>"
        "<tr><td style='word-break:break-all'>5X7Q-2CYW-ABCD</td><td>PX03</td></tr></table>",
    )
    assert kinds(problems) == ["column"]
    assert "Mã biên nhận" in problems[0]["element"] and "“5X7Q-2CYW-ABCD”" in problems[0]["detail"]
    assert "broken over" in problems[0]["detail"]


def test_words_joined_by_no_break_spaces_or_nowrap_fit_when_the_column_holds_them(phone):
    assert (
        check(
            phone,
            "<table><tr><td>2.340.000&nbsp;đ</td><td><span style='white-space:nowrap'>20/12/2026 "
            "08:00</span></td><td>Một câu dài có nhiều từ bình thường sẽ xuống dòng</td></tr></table>",
        )
        == []
    )


def test_a_word_the_browser_breaks_at_a_dash_counts_as_one_word(phone):
    """Words are what white space separates: a code or a name glued with no-break spaces that the browser
    still breaks after its dash ("PX03 –" / "Phòng") is a column too narrow for it."""
    glued = "<td>PX03&nbsp;–&nbsp;Phòng&nbsp;Công&nbsp;tác&nbsp;đảng</td>"
    problems = check(phone, f"<div class='table-responsive'><table><tr>{glued * 4}</tr></table></div>")
    assert kinds(problems) == ["column"] * 4 and all("broken over 2 lines" in p["detail"] for p in problems)


def test_a_control_outside_the_viewport_or_cut_off(phone):
    problems = check(phone, "<div style='width:600px'><input id='far' style='margin-left:450px;width:100px'></div>")
    assert "control" in kinds(problems)
    [control] = [p for p in problems if p["check"] == "control"]
    assert control["element"].startswith("input#far") and "outside the 390px viewport" in control["detail"]
    cut = check(
        phone,
        "<div id='box' style='overflow:hidden;width:300px'><div style='width:600px'>"
        "<button id='b' style='margin-left:280px'>Lưu</button></div></div>",
    )
    assert kinds(cut) == ["control"] and "cut off by div#box" in cut[0]["detail"]


def test_controls_reachable_by_scrolling_a_table_are_fine(phone):
    cells = "".join(f"<td><input id='i{n}' style='width:150px'></td>" for n in range(5))
    assert check(phone, f"<div class='table-responsive'><table><tr>{cells}</tr></table></div>") == []
