"""The leaderboard's chart "Điểm chốt theo từng phần" as server-rendered SVG: one bar per ranked unit, in rank
order, made of its sections, its bonus and its deductions (``scoring.core.bar``), so that each bar ends at the
final total the table shows. No script and no inline style (presentation attributes only, for the CSP); a
text title and one ``<title>`` per piece for screen readers and hover."""

from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from scoring.services import results
from scoring.templatetags.scoring_tags import points as fmt  # the table's number format

PALETTE = ("#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#546e7a")
BONUS = "#f9a825"
DEDUCTION = "#ffffff"  # the part taken off: white, outlined in red and dashed
DEDUCTION_LINE = "#c62828"

BAR_H, GAP, LEFT, WIDTH, LEGEND_H, RIGHT = 22, 8, 60, 560, 48, 70


def _legend(labels: tuple[str, ...]) -> list[str]:
    items = [(PALETTE[i % len(PALETTE)], _("Phần %(label)s") % {"label": label}, "") for i, label in enumerate(labels)]
    items.append((BONUS, _("Điểm thưởng"), ""))
    items.append((DEDUCTION, _("Điểm trừ"), f' stroke="{DEDUCTION_LINE}" stroke-dasharray="3 2"'))
    parts, x, y = [], LEFT, 4
    for colour, label, extra in items:
        width = 26 + 7 * len(label)
        if x + width > LEFT + WIDTH + RIGHT:  # next line
            x, y = LEFT, y + 20
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}"{extra}/>')
        parts.append(f'<text x="{x + 18}" y="{y + 12}" font-size="12">{escape(label)}</text>')
        x += width
    return parts


def sections_svg(facts: results.Facts, rows: list[results.Row], *, title: str) -> str:
    """Stacked horizontal bars of the ranked units (see the module). Empty string when no unit is ranked."""
    bars = results.chart_bars(rows)
    if not bars:
        return ""
    labels = facts.core.section_labels
    top = max(facts.core.max_points + facts.core.max_bonus, 1.0)
    scale = WIDTH / top
    height = LEGEND_H + len(bars) * (BAR_H + GAP) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LEFT + WIDTH + RIGHT} {height}" '
        f'role="img" aria-labelledby="chart-title" class="chart" id="section-chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        *_legend(labels),
    ]
    names = {"bonus": _("Điểm thưởng"), "deduction": _("Điểm trừ")}
    for r, (unit, total, segments) in enumerate(bars):
        y = LEGEND_H + r * (BAR_H + GAP)
        code = escape(unit.code)
        parts.append(f'<text x="{LEFT - 8}" y="{y + 16}" font-size="12" text-anchor="end">{code}</text>')
        for s in segments:
            x, w = LEFT + s.start * scale, (s.end - s.start) * scale
            if s.kind == "section":
                fill, extra, name = (
                    PALETTE[s.index % len(PALETTE)],
                    "",
                    _("Phần %(label)s") % {"label": labels[s.index]},
                )
            elif s.kind == "bonus":
                fill, extra, name = BONUS, "", names["bonus"]
            else:
                fill, extra, name = DEDUCTION, f' stroke="{DEDUCTION_LINE}" stroke-dasharray="3 2"', names["deduction"]
            value = f"−{fmt(s.value)}" if s.kind == "deduction" else fmt(s.value)
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_H}" fill="{fill}"{extra}>'
                f"<title>{code} – {escape(name)}: {value}</title></rect>"
            )
        end = LEFT + max((s.end for s in segments), default=0.0) * scale
        parts.append(
            f'<text x="{end + 6:.1f}" y="{y + 16}" font-size="12" font-weight="700" class="chart-total">'
            f"{fmt(total.total)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
