"""Server-rendered SVG bar charts (no JavaScript, no inline style: the page's CSP stays strict).

Pure: takes (label, value) pairs, returns the geometry the template draws."""

WIDTH, BAR_H, GAP, LABEL_W = 640, 22, 6, 260


def bars(rows: list[tuple[str, int]]) -> dict:
    """Horizontal bars scaled to the largest value; each bar keeps its label and its value."""
    top = max((v for _, v in rows), default=0) or 1
    span = WIDTH - LABEL_W - 70
    items = [
        {
            "label": label,
            "value": value,
            "y": i * (BAR_H + GAP),
            "text_y": i * (BAR_H + GAP) + BAR_H - 6,
            "x": LABEL_W,
            "w": max(1, round(span * value / top)) if value else 0,
            "value_x": LABEL_W + (round(span * value / top) if value else 0) + 6,
        }
        for i, (label, value) in enumerate(rows)
    ]
    return {
        "width": WIDTH,
        "height": max(1, len(rows)) * (BAR_H + GAP),
        "bar_h": BAR_H,
        "label_w": LABEL_W - 8,
        "items": items,
    }
