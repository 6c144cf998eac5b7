"""Cached rebuild: how long `briefing build` takes when every segment is in the memory.

    python bench/rebuild.py [--runs 10] [--inputs seeds]

Builds the tiny test model, fills a fresh memory with one build, then times `--runs` rebuilds as
separate processes (wall clock, process start included) and reports the median and the range;
it also checks that those rebuilds imported neither torch nor transformers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--inputs", default=str(ROOT / "seeds"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-rebuild-"))
    from briefing.testing import build_tiny_model

    model = build_tiny_model(work / "model", ROOT / "seeds")
    base = [sys.executable, "-m", "briefing", "build", args.inputs, "--model", str(model),
            "--memory", str(work / "tm.sqlite3"), "-q", "--max-new-tokens", "16"]
    first = subprocess.run([*base, "--out", str(work / "first")], capture_output=True, text=True, check=True)
    probe = (
        "import sys, runpy; sys.argv = ['briefing', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('briefing', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print('HEAVY', sorted(m for m in ('torch', 'transformers') if m in sys.modules), file=sys.stderr)\n"
    )
    times = []
    heavy = set()
    for i in range(args.runs):
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", probe, *base[3:], "--out", str(work / f"r{i}")],
                             capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
        heavy.add(run.stderr.strip().splitlines()[-1])
    summary = first.stdout.splitlines()[1]
    result = {
        "first_build": summary,
        "rebuild": run.stdout.splitlines()[1],
        "runs": args.runs,
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
        "heavy_imports": sorted(heavy),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
