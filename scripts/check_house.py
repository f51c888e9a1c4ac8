"""House rules the linters do not know (run by ``make lint``; docs/ARCHITECTURE.md):

- no module imports another app's private (``_name``) helper;
- no module outside migrations and tests is longer than 500 lines (a package of smaller modules instead).

Exits 1 and names each file and line that breaks a rule."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "audit",
    "documents",
    "organisation",
    "honours",
    "cycle",
    "scoring",
    "voting",
    "eligibility",
    "commendation",
    "stats",
    "news",
    "api",
    "demo",
    "thidua",
]
MAX_LINES = 500


def modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts:
                continue
            yield app, path


def problems():
    for app, path in modules():
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT)
        lines = text.count("\n")
        if lines > MAX_LINES:
            yield f"{rel}: {lines} lines (over {MAX_LINES}: make it a package)"
        tree = ast.parse(text)
        foreign = {}  # local name -> module of another app, bound by an import
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                if node.module.split(".")[0] in APPS and node.module.split(".")[0] != app:
                    foreign.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] in APPS and a.name.split(".")[0] != app:
                        foreign[a.asname or a.name.split(".")[0]] = a.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in foreign
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.attr != "_meta"  # Django's model API
            ):
                yield f"{rel}:{node.lineno}: uses {foreign[node.value.id]}.{node.attr} — private to its app"
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                other = node.module.split(".")[0]
                if other in APPS and other != app:
                    private = [a.name for a in node.names if a.name.startswith("_")]
                    if private or any(part.startswith("_") and part != "__init__" for part in node.module.split(".")):
                        yield f"{rel}:{node.lineno}: imports {node.module}.{', '.join(private) or ''} — private to {other}"


def main() -> int:
    found = list(problems())
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
