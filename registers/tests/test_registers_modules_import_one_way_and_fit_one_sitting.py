"""The registers app reads in one sitting: no module imports another that imports it back, none is over 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    found = {}
    for path in APP.rglob("*.py"):
        parts = path.relative_to(APP).with_suffix("").parts
        if "migrations" in parts or "tests" in parts:
            continue
        name = ".".join(("registers", *parts)).removesuffix(".__init__")
        found[name] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Modules of this app that `name` imports, at the top or inside a function alike."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            candidates = [base] + [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        targets |= {c for c in candidates if c in known and c != name}
    return targets


def test_no_module_of_the_registers_app_imports_one_that_imports_it_back():
    modules = _modules()
    graph = {name: _imports(name, path, set(modules)) for name, path in modules.items()}
    cycles = []

    def walk(start, node, trail):
        for nxt in graph[node]:
            if nxt == start:
                cycles.append(" -> ".join([*trail, start]))
            elif nxt not in trail and nxt > start:
                walk(start, nxt, [*trail, nxt])

    for name in graph:
        walk(name, name, [name])
    assert cycles == []


def test_no_module_of_the_registers_app_is_over_600_lines():
    long = {
        str(path.relative_to(APP)): n
        for path in _modules().values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
