"""The engine is a pure core: it imports nothing from Django."""

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "engine"


def test_no_engine_module_imports_django():
    imported = set()
    for path in sorted(ENGINE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    assert sorted(imported - set(sys.stdlib_module_names)) == ["eligibility", "yaml"]


def test_the_engine_evaluates_a_rule_set_with_django_absent():
    code = (
        "import sys, eligibility.engine as e;"
        "from eligibility.tests.builders import judge, officer;"
        "assert judge([officer()]).status('CSTT', 1).value == 'eligible';"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    root = ENGINE.parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
