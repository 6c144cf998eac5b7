"""Peak memory of a build as the corpus grows: N articles made of the NTREX documents repeated.

    python bench/memory.py --articles 250,500,1000 [--backend ct2]

Each copy of a document gets one sentence of its own ("Archiefkopie N."), so no copy is dropped
as a duplicate; the pipeline translates each distinct segment once, as it always does. Every
size runs `briefing build` in a fresh process with the memory off and reports its peak RSS
(VmHWM, read by a wrapper) and wall time. Outputs of the random-weights model are capped at
`--max-new-tokens` (default 8): the model's size, not the output's length, is what is measured.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT.parent / "shared" / "corpora" / "ntrex128-nld-eng" / "docs"

WRAPPER = """
import runpy, sys
sys.argv = ['briefing', *sys.argv[1:]]
try:
    runpy.run_module('briefing', run_name='__main__')
except SystemExit:
    pass
hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1]
print('PEAK_KB', hwm, file=sys.stderr)
"""


def make_corpus(folder: Path, n: int) -> None:
    docs = sorted(DOCS.glob("*.nld.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        doc = docs[i % len(docs)]
        text = doc.read_text(encoding="utf-8").strip()
        (folder / f"{i:05d}-{doc.stem}.txt").write_text(
            f"date: 2018-{1 + i % 12:02d}\n\n{text}\nArchiefkopie {i}.\n", encoding="utf-8"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", default="250,500,1000")
    parser.add_argument("--model", default=str(ROOT / "out" / "bench" / "opus-mt-nl-en-random"))
    parser.add_argument("--backend", default="ct2")
    parser.add_argument("--max-new-tokens", type=int, default=8)
    parser.add_argument("--work", default=str(ROOT / "out" / "bench" / "memory"))
    args = parser.parse_args()
    work = Path(args.work)
    rows = []
    for n in [int(x) for x in args.articles.split(",")]:
        corpus = work / f"corpus-{n}"
        shutil.rmtree(corpus, ignore_errors=True)
        make_corpus(corpus, n)
        start = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-c", WRAPPER, "build", str(corpus), "--model", args.model, "--backend", args.backend,
             "--no-memory", "--out", str(work / f"out-{n}"), "-q", "--max-new-tokens", str(args.max_new_tokens)],
            capture_output=True, text=True, check=True,
        )
        seconds = time.perf_counter() - start
        peak = int(next(line for line in run.stderr.splitlines() if line.startswith("PEAK_KB")).split()[1]) / 1024
        summary = [line for line in run.stdout.splitlines() if "segments:" in line or "articles," in line]
        rows.append({"articles": n, "peak_rss_mb": round(peak, 1), "seconds": round(seconds, 1), "summary": summary})
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
