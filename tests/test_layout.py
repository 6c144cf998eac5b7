"""The layout shows the architecture: each folder is a stage, and a stage imports only from the
stages before it (and from the foundations), so the pipeline can be read from the bottom up and
no import cycle can form. Read from the source, so it holds for every module, imported or not."""

from __future__ import annotations

import ast

import pytest
from conftest import ROOT

PACKAGE = ROOT / "briefing"

# Lowest first. `qa` sits below `translate`: the checks are pure functions of a Dutch and an
# English string (and the glossary), and translation asks two of them whether an output deserves
# a second try. `document` is the type the stages after `nlp` fill in.
LAYERS: list[set[str]] = [
    {"__init__", "errors", "extras", "cachefiles", "files", "stores"},
    {"ingest"},
    {"nlp"},
    {"document"},
    {"qa"},
    {"translate"},
    {"output"},
    {"pipeline"},
    {"build"},
    {"archive", "desk"},
    {"settings"},
    {"cli", "testing", "__main__"},
]
RANK = {name: n for n, names in enumerate(LAYERS) for name in names}


def _part(module: str) -> str:
    """`briefing.nlp.quotes.marks` → `nlp`; `briefing` → `__init__`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports() -> list[tuple[str, str, str]]:
    """(file, its part, the part it imports) for every `briefing` import in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        here = rel.parts[1]  # briefing/nlp/quotes/marks → nlp; briefing/build → build
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:  # relative: inside its own folder
                continue
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("briefing"):
                names = [f"{node.module}.{a.name}" if node.module == "briefing" else node.module for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.startswith("briefing")]
            else:
                continue
            found += [(str(rel), here, _part(name)) for name in names]
    return found


def test_every_module_belongs_to_a_layer():
    parts = {here for _, here, _ in _imports()} | {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
                                                   if p.suffix == ".py" or (p / "__init__.py").is_file()}
    assert parts <= RANK.keys(), f"not in a layer: {sorted(parts - RANK.keys())}"


def test_a_stage_imports_only_stages_below_it():
    upward = [f"{file}: {here} imports {there}" for file, here, there in _imports()
              if there in RANK and here in RANK and RANK[there] > RANK[here]]
    assert not upward, "\n".join(upward)


@pytest.mark.parametrize("folder", ["ingest", "nlp", "translate", "qa", "output", "archive", "cli", "desk"])
def test_each_stage_is_a_folder(folder):
    assert (PACKAGE / folder / "__init__.py").is_file()


def _module_graph() -> dict[str, set[str]]:
    """Module → the package modules it imports at run time (in a function or not; not the
    imports under `if TYPE_CHECKING:`, which never run)."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                       for n in ast.walk(node)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
                for alias in node.names:
                    target = f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    if target in modules and target != module:
                        graph[module].add(target)
            elif isinstance(node, ast.Import):
                graph[module] |= {a.name for a in node.names if a.name in modules and a.name != module}
    return graph


def test_no_module_imports_itself_back():
    """No import cycle between modules, inside a folder either (render and share had one)."""
    graph = _module_graph()

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(graph[node])
        return False

    cycles = sorted({" ⇄ ".join(sorted((a, b))) for a in graph for b in graph[a]
                     if reaches(b, a) and not b.startswith(a + ".") and not a.startswith(b + ".")})
    assert not cycles, cycles
