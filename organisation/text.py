"""Plain-text helpers (no Django): Vietnamese names folded for search."""

import unicodedata


def fold(text: str) -> str:
    """'Nguyễn Văn Đức' -> 'nguyen van duc': lower case, no tone marks, đ -> d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
