"""Server-rendered SVG bar charts (no JavaScript, no inline style: the page's CSP stays strict).

Pure: takes (label, value) pairs, returns the geometry the template draws. The label column is as
wide as the longest label needs (up to ``MAX_LABEL_W``; longer labels are shortened in the chart
and kept whole in its tooltip and in the table beside it)."""

WIDTH, BAR_H, GAP = 640, 22, 6
CHAR_W = 7.4  # an average character of DejaVu Sans at the chart's 13 px
MIN_LABEL_W, MAX_LABEL_W, VALUE_W = 60, 330, 64
MAX_CHARS = int((MAX_LABEL_W - 12) / CHAR_W)


def _short(label: str) -> str:
    return label if len(label) <= MAX_CHARS else label[: MAX_CHARS - 1].rstrip() + "…"


def _grouped(value: int) -> str:
    """1234567 → 1.234.567, as the table beside the chart writes it (Vietnamese grouping)."""
    return f"{value:,}".replace(",", ".")


def _label_width(labels) -> int:
    longest = max((len(_short(label)) for label in labels), default=0)
    return int(min(MAX_LABEL_W, max(MIN_LABEL_W, longest * CHAR_W + 12)))


def _row(i: int, label: str) -> dict:
    return {"label": label, "short": _short(label), "y": i * (BAR_H + GAP), "text_y": i * (BAR_H + GAP) + BAR_H - 6}


def _chart(items: list[dict], label_w: int) -> dict:
    return {
        "width": WIDTH,
        "height": max(1, len(items)) * (BAR_H + GAP),
        "bar_h": BAR_H,
        "label_w": label_w - 8,
        "items": items,
    }


def bars(rows: list[tuple[str, int]]) -> dict:
    """Horizontal bars scaled to the largest value; each bar keeps its label and its value."""
    top = max((v for _, v in rows), default=0) or 1
    label_w = _label_width(label for label, _ in rows)
    span = WIDTH - label_w - VALUE_W
    items = []
    for i, (label, value) in enumerate(rows):
        w = round(span * value / top) if value else 0
        items.append(
            _row(i, label)
            | {
                "value": value,
                "text": _grouped(value),
                "x": label_w,
                "w": max(1, w) if value else 0,
                "value_x": label_w + w + 6,
            }
        )
    return _chart(items, label_w)


def stacked(rows: list[tuple[str, list[int]]]) -> dict:
    """Horizontal bars of several parts each (e.g. collective then individual instances of a
    year), scaled to the largest total; each bar carries its parts and its total."""
    top = max((sum(parts) for _, parts in rows), default=0) or 1
    label_w = _label_width(label for label, _ in rows)
    span = WIDTH - label_w - VALUE_W
    items = []
    for i, (label, parts) in enumerate(rows):
        x, segments = label_w, []
        for k, value in enumerate(parts):
            w = round(span * value / top) if value else 0
            segments.append({"part": k, "value": value, "x": x, "w": w})
            x += w
        total = sum(parts)
        items.append(_row(i, label) | {"total": total, "text": _grouped(total), "segments": segments, "value_x": x + 6})
    return _chart(items, label_w)
