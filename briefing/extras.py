"""The optional extras (`fast`, `pdf`, `scale`) and how to add one to *this* install.

`pip install 'briefing[scale]'` from PyPI would install an unrelated project that is also called
briefing, so the advice names this installation's own pip and, for a checkout, the checkout
itself (`.venv/bin/pip install -e '.[scale]'`); elsewhere the extra's packages by name.
"""

from __future__ import annotations

import os
import re
import sys
from importlib import metadata
from pathlib import Path

from briefing.errors import MissingExtra


def _short(path: Path) -> str:
    """A path as the user would type it here: relative to the working folder where below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def checkout_root() -> Path | None:
    """The source checkout this package is imported from, if it is one (an editable install)."""
    root = Path(__file__).resolve().parent.parent
    try:
        project = (root / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return None
    return root if re.search(r'(?m)^name\s*=\s*"briefing"', project) else None


def extra_packages(extra: str) -> list[str]:
    """The requirements the extra adds, from this install's metadata."""
    try:
        requires = metadata.requires("briefing") or []
    except metadata.PackageNotFoundError:
        return []
    marker = re.compile(rf"""extra\s*==\s*["']{re.escape(extra)}["']""")
    return [r.split(";")[0].strip() for r in requires if marker.search(r)]


def install_hint(extra: str) -> str:
    """The command that adds the extra to the Python running this briefing."""
    pip_beside = Path(sys.executable).parent / "pip"
    pip = _short(pip_beside) if pip_beside.exists() else f"{_short(Path(sys.executable))} -m pip"
    root = checkout_root()
    if root is not None:
        where = "." if Path.cwd().resolve() == root else _short(root)
        return f"{pip} install -e '{where}[{extra}]'"
    packages = extra_packages(extra)
    if packages:
        return f"{pip} install " + " ".join(f"'{p}'" for p in packages)
    return f"{pip} install -e 'CHECKOUT[{extra}]' (CHECKOUT: the folder of briefing's source)"


def missing_extra(what: str, extra: str) -> MissingExtra:
    """`briefing archive needs Ray and pyarrow (the scale extra): .venv/bin/pip install -e '.[scale]'`."""
    return MissingExtra(f"{what} (the {extra} extra), which this install lacks: {install_hint(extra)}")
