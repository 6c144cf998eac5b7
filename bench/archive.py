"""Archive scale on this machine: Ray against the plain path, and a 1,000-article run killed and resumed.

    python bench/archive.py scaling  [--articles 40] [--configs plain-1x2,ray-1x2,ray-2x1]
    python bench/archive.py thousand [--articles 1000] [--kill-after 200]

The model is opus-mt-nl-en's real architecture with random weights (the real tokenizer from
../shared/opus-mt-nl-en; see bench/speed.py), decoded with beam 4 and every output forced to its
source's length, so the work per sentence is a real model's. The articles are NTREX-128 documents
repeated, each copy made distinct by a closing line.

`scaling` runs each configuration in a fresh process, without the translation memory (so every
article is translated), and reports articles/s over the whole run, Ray's start included, and
over the pipeline alone. A configuration is ENGINE-WORKERSxTHREADS: `plain-1x2` is the plain path
(no Ray) with two threads, `ray-2x1` two Ray actors of one thread each.

`thousand` runs the Ray pipeline (2 workers) over 1,000 articles with a fresh memory, kills it
(SIGKILL, driver and Ray) once `--kill-after` articles are done, runs it again to the end, then
runs the plain path over the same articles with its own fresh memory, and compares the sentences.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DOCS = SHARED / "corpora" / "ntrex128-nld-eng" / "docs"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def make_corpus(folder: Path, n: int) -> Path:
    docs = sorted(DOCS.glob("*.nld.txt"))
    if not docs:
        raise SystemExit(f"no NTREX documents at {DOCS}")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        doc = docs[i % len(docs)]
        path = folder / f"{i:05d}-{doc.stem}.txt"
        if not path.exists():
            text = doc.read_text(encoding="utf-8").strip()
            path.write_text(f"date: 2018-{1 + i % 12:02d}-{1 + i % 28:02d}\n\n{text}\n\nArchiefkopie {i}.\n", encoding="utf-8")
    return folder


def run_spec(spec: dict) -> dict:
    """One archive run in this process (called in a fresh process per configuration)."""
    start = time.perf_counter()
    from briefing.archive.run import ArchiveConfig, archive
    from briefing.translate.engine import DecodeSettings
    from briefing.translate.translator import TranslationConfig

    translation = TranslationConfig(
        model=spec["model"], backend=spec["backend"], device="cpu", threads=spec["threads"],
        decode=DecodeSettings(beam_size=4, force_source_length=True),
        memory=Path(spec["memory"]) if spec["memory"] else None, use_memory=bool(spec["memory"]),
    )
    config = ArchiveConfig(
        inputs=[spec["input"]], out_dir=Path(spec["out"]), translation=translation, engine=spec["engine"],
        workers=spec["workers"], cpus_per_worker=spec["threads"], shard_articles=spec["shard"],
    )
    result = archive(config, progress=lambda done, total: print(f"  {done}/{total}", file=sys.stderr, flush=True))
    wall = time.perf_counter() - start
    return {"articles": result.articles, "sentences": result.sentences, "skipped": result.skipped,
            "pipeline_s": round(result.seconds, 1), "wall_s": round(wall, 1), "workers": result.workers,
            "articles_per_s": round(result.articles / wall, 3), "pipeline_articles_per_s": round(result.articles_per_s, 3)}


def spawn(spec: dict, work: Path, name: str, **popen) -> subprocess.Popen:
    path = work / f"{name}.spec.json"
    path.write_text(json.dumps(spec))
    return subprocess.Popen([sys.executable, __file__, "run", str(path), str(work / f"{name}.result.json")], **popen)


def result_of(work: Path, name: str) -> dict:
    return json.loads((work / f"{name}.result.json").read_text())


def sentence_rows(out: Path) -> list[tuple]:
    import pyarrow.parquet as pq

    rows = []
    for shard in sorted((out / "sentences").glob("*.parquet")):
        rows += pq.read_table(shard, columns=["article_id", "paragraph", "index", "nl", "en"]).to_pylist()
    return sorted((r["article_id"], r["paragraph"], r["index"], r["nl"], r["en"]) for r in rows)


def article_ids(out: Path) -> list[str]:
    import pyarrow.parquet as pq

    ids: list[str] = []
    for shard in sorted((out / "articles").glob("*.parquet")):
        ids += pq.read_table(shard, columns=["article_id"]).column("article_id").to_pylist()
    return ids


def prepare(args: argparse.Namespace) -> tuple[Path, str]:
    from speed import build_model

    from briefing.translate.ct2 import convert, ct2_available

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    model = str(build_model(SHARED / "opus-mt-nl-en", ROOT / "out" / "bench" / "opus-mt-nl-en-random"))
    if args.backend == "ct2" or (args.backend == "auto" and ct2_available()):
        convert(model, "int8")  # once, untimed
    return work, model


def scaling(args: argparse.Namespace) -> dict:
    work, model = prepare(args)
    corpus = make_corpus(work / f"ntrex-{args.articles}", args.articles)
    results = {}
    for config in args.configs.split(","):
        engine, shape = config.split("-")
        workers, threads = (int(x) for x in shape.split("x"))
        out = work / f"scaling-{config}"
        subprocess.run(["rm", "-rf", str(out)], check=True)
        spec = {"input": str(corpus), "out": str(out), "model": model, "backend": args.backend,
                "engine": "local" if engine == "plain" else engine,
                "workers": workers, "threads": threads, "shard": args.shard, "memory": None}
        print(f"running {config} …", file=sys.stderr, flush=True)
        if spawn(spec, work, f"scaling-{config}").wait() != 0:
            raise SystemExit(f"{config} failed")
        results[config] = result_of(work, f"scaling-{config}")
        print(json.dumps({config: results[config]}), file=sys.stderr, flush=True)
    rows = {c: sentence_rows(work / f"scaling-{c}") for c in results}
    first = next(iter(rows.values()))
    return {"bench": "archive-scaling", "articles": args.articles, "backend": args.backend, "beam": 4,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores", "results": results,
            "same_sentences_in_every_config": all(r == first for r in rows.values())}


def thousand(args: argparse.Namespace) -> dict:
    work, model = prepare(args)
    corpus = make_corpus(work / f"ntrex-{args.articles}", args.articles)
    out, plain_out = work / "thousand-ray", work / "thousand-plain"
    for p in (out, plain_out, work / "thousand-ray.sqlite3", work / "thousand-plain.sqlite3"):
        subprocess.run(["rm", "-rf", str(p), f"{p}-wal", f"{p}-shm"], check=True)
    spec = {"input": str(corpus), "out": str(out), "model": model, "backend": args.backend, "engine": "ray",
            "workers": 2, "threads": 1, "shard": args.shard, "memory": str(work / "thousand-ray.sqlite3")}
    report: dict = {"bench": "archive-thousand", "articles": args.articles, "backend": args.backend}

    start = time.perf_counter()
    first = spawn(spec, work, "thousand-ray-1", start_new_session=True, stderr=subprocess.DEVNULL)
    while len(article_ids(out) if (out / "articles").is_dir() else []) < args.kill_after and first.poll() is None:
        time.sleep(1)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    report["killed_after_s"] = round(time.perf_counter() - start, 1)
    report["done_when_killed"] = len(article_ids(out))
    time.sleep(10)  # Ray's workers outlive a killed driver by a few seconds
    report["done_after_workers_exited"] = len(article_ids(out))

    if spawn(spec, work, "thousand-ray-2").wait() != 0:
        raise SystemExit("the resumed run failed")
    report["resumed"] = result_of(work, "thousand-ray-2")
    ids = article_ids(out)
    report["article_rows"], report["distinct_articles"] = len(ids), len(set(ids))

    plain = dict(spec, out=str(plain_out), engine="local", workers=1, threads=os.cpu_count() or 1,
                 memory=str(work / "thousand-plain.sqlite3"))
    if spawn(plain, work, "thousand-plain").wait() != 0:
        raise SystemExit("the plain run failed")
    report["plain"] = result_of(work, "thousand-plain")
    ray_rows, plain_rows = sentence_rows(out), sentence_rows(plain_out)
    report["sentences"] = len(ray_rows)
    report["sentences_match_plain"] = ray_rows == plain_rows
    report["sentences_differing"] = sum(a != b for a, b in zip(ray_rows, plain_rows)) + abs(len(ray_rows) - len(plain_rows))
    return report


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "run":
        result = run_spec(json.loads(Path(sys.argv[2]).read_text()))
        Path(sys.argv[3]).write_text(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["scaling", "thousand"])
    parser.add_argument("--articles", type=int)
    parser.add_argument("--configs", default="plain-1x2,ray-1x2,ray-2x1,ray-1x1,plain-1x1")
    parser.add_argument("--kill-after", type=int, default=200)
    parser.add_argument("--shard", type=int, default=16)
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--work", default=str(ROOT / "out" / "bench-archive"))
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    args.articles = args.articles or (40 if args.what == "scaling" else 1000)
    report = scaling(args) if args.what == "scaling" else thousand(args)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
