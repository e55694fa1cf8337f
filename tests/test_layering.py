"""DESIGN.md layering: who may import whom, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bkkdesk"

# layer -> bkkdesk layers it must not import
FORBIDDEN = {
    "core": {"db", "sync", "excel", "ui", "server", "cli"},
    "db": {"sync", "excel", "ui", "server", "cli"},
    "excel": {"db", "sync", "ui", "server", "cli"},
    "sync": {"excel", "ui", "cli"},
    "server": {"ui", "db", "cli"},
    "services": {"ui", "cli", "server", "sync"},
}
NO_QT = {"core", "db", "sync", "excel", "server", "services"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer: str) -> None:
    problems = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in _imports(path):
            parts = name.split(".")
            if layer in NO_QT and parts[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6"):
                problems.append(f"{path.relative_to(PACKAGE)} imports Qt ({name})")
            if parts[0] == "bkkdesk" and len(parts) > 1 and parts[1] in FORBIDDEN[layer]:
                problems.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert problems == []
