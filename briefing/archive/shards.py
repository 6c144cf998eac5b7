"""The archive's output folder: Parquet shards, the manifest, one run at a time.

    sentences/<shard>.parquet  one row per sentence: article_id, paragraph, index, kind, nl, en, ...
    articles/<shard>.parquet   one row per article: metadata, quotes, counts, QA counts, error
    manifest.json              how the translations were made (model, backend, settings)

A shard is written sentences first, articles last, each under a temporary name and renamed: a
shard counts as complete once its articles file exists. A rerun reads the article ids of the
complete shards and skips those articles; a sentences file left without its articles file (a run
killed between the two renames) is deleted and its articles are done again. One run writes to a
folder at a time (a lock), and each run writes a fresh token that a shard writer checks before it
commits: a worker that outlives a killed run cannot add a second copy of an article that the next
run is doing again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError, UsageError
from briefing.files import write_set

MANIFEST = "manifest.json"
RUN_FILE = ".run"
LOCK_FILE = ".lock"


def shard_name(article_ids: Iterable[str]) -> str:
    """A shard's name from its articles: the same articles give the same name."""
    return hashlib.sha256("\n".join(sorted(article_ids)).encode()).hexdigest()[:20]


def tidy_output(out_dir: Path) -> set[str]:
    """Remove what a killed run left half-written; return the ids of completed articles."""
    import pyarrow.parquet as pq

    articles, sentences = out_dir / "articles", out_dir / "sentences"
    for folder in (articles, sentences):
        folder.mkdir(parents=True, exist_ok=True)
        for tmp in folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
    complete = {p.stem for p in articles.glob("*.parquet")}
    for orphan in sentences.glob("*.parquet"):
        if orphan.stem not in complete:
            orphan.unlink()
    done: set[str] = set()
    for shard in sorted(articles.glob("*.parquet")):
        try:
            done.update(pq.read_table(shard, columns=["article_id"]).column("article_id").to_pylist())
        except Exception as exc:
            raise BriefingError(
                f"{shard} is not a readable shard ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); "
                "move it aside and rerun: its articles are done again"
            ) from None
    return done


def check_manifest(out_dir: Path, manifest: Mapping[str, Any]) -> None:
    """Write the manifest, or refuse to add to a folder made with other settings."""
    path = out_dir / MANIFEST
    if path.is_file():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(f"{path} cannot be read ({exc}); use another --out, or move the folder aside") from None
        if not isinstance(old, dict):
            raise UsageError(f"{path} is not an archive manifest; use another --out, or move the folder aside")
        if old.get("translation") != manifest["translation"]:
            raise UsageError(
                f"{out_dir} holds an archive made with other translation settings "
                f"({json.dumps(old.get('translation'), sort_keys=True)}); "
                "use another --out, or the same model and settings to resume"
            )
        return
    write_set({path: json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"})


def _schemas() -> tuple[Any, Any]:
    import pyarrow as pa

    from briefing.qa import checks as qa
    sentence = pa.schema(
        [
            ("article_id", pa.string()),
            ("paragraph", pa.int32()),  # 1-based, in the article
            ("index", pa.int32()),  # 1-based, in the paragraph
            ("kind", pa.string()),  # paragraph, heading or caption
            ("nl", pa.string()),
            ("en", pa.string()),
            ("key_quote", pa.bool_()),
            ("qa", pa.list_(pa.string())),
            ("score", pa.float64()),  # the model's length-normalised log-probability; null: none
            ("retried", pa.bool_()),  # the English is a second try (the first looped or lost length)
            ("origin", pa.string()),  # human, memory or model
        ]
    )
    quote = pa.struct(
        [
            ("id", pa.string()),
            ("nl", pa.string()),
            ("en", pa.string()),
            ("speaker", pa.string()),
            ("role", pa.string()),
            ("key", pa.bool_()),
            ("nested", pa.bool_()),
            ("sentences", pa.list_(pa.string())),  # "p2-s1": paragraph 2, sentence 1
        ]
    )
    article = pa.schema(
        [
            ("article_id", pa.string()),
            ("file", pa.string()),
            ("date", pa.string()),
            ("title_nl", pa.string()),
            ("title_en", pa.string()),
            ("title_from", pa.string()),  # headline or lead
            ("source", pa.string()),
            ("url", pa.string()),
            ("credits", pa.list_(pa.string())),
            ("published", pa.string()),
            ("updated", pa.bool_()),
            ("warnings", pa.list_(pa.string())),
            ("sentences_in", pa.int32()),
            ("rows_out", pa.int32()),
            ("key_quotes", pa.int32()),
            ("qa", pa.struct([(flag, pa.int32()) for flag in qa.FLAGS])),
            ("quotes", pa.list_(quote)),
            ("error", pa.string()),
        ]
    )
    return sentence, article


def shard_rows(rows: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Translated rows → (sentence rows, article rows); a failed article gets a row with its error."""
    from briefing.qa import checks as qa
    sentences: list[dict[str, Any]] = []
    articles: list[dict[str, Any]] = []
    for r in rows:
        if r["error"]:
            # A failed article has a row too: the output accounts for every input.
            articles.append({"article_id": r["article_id"], "file": r["where"], "error": r["error"], "qa": dict.fromkeys(qa.FLAGS, 0)})
            continue
        sentence_rows, article_row = pickle.loads(r["payload"])
        sentences.extend(sentence_rows)
        articles.append(article_row)
    return sentences, articles


def write_shard(out_dir: str | Path, rows: Sequence[Mapping[str, Any]], run: str | None = None) -> dict[str, Any]:
    """Write one shard (sentences, then articles: the commit); returns what it holds.

    With `run` given, the shard is committed only while that run still owns the folder: a
    worker left over from a killed run must not add a second copy of articles that the run
    after it is doing again.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    if not rows:
        return {"shard": "", "articles": 0, "sentences": 0, "errors": []}
    sentence_rows, article_rows = shard_rows(rows)
    name = shard_name(r["article_id"] for r in article_rows)
    sentence_schema, article_schema = _schemas()
    summary = {
        "shard": name,
        "articles": len(article_rows),
        "sentences": len(sentence_rows),
        "errors": [{"id": a["file"] or a["article_id"], "reason": a["error"]} for a in article_rows if a["error"]],
    }
    for folder, data, schema in (
        ("sentences", sentence_rows, sentence_schema),
        ("articles", article_rows, article_schema),
    ):
        final = out / folder / f"{name}.parquet"
        tmp = final.with_name(f".{name}.{os.getpid()}.tmp")
        pq.write_table(pa.Table.from_pylist(data, schema=schema), tmp)
        if run is not None and current_run(out) != run:
            tmp.unlink(missing_ok=True)
            return {**summary, "articles": 0, "sentences": 0, "errors": [], "shard": ""}
        os.replace(tmp, final)
    return summary



def current_run(out_dir: Path) -> str | None:
    try:
        return (out_dir / RUN_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def claim_output(out_dir: Path) -> tuple[str, Any]:
    """Take the output folder for this run: an exclusive lock (one run at a time) and a fresh
    run token that the shard writers check before they commit."""
    import fcntl
    import uuid

    out_dir.mkdir(parents=True, exist_ok=True)
    lock = open(out_dir / LOCK_FILE, "a+")  # noqa: SIM115 - held for the whole run
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        raise UsageError(f"another briefing archive run is writing to {out_dir}; wait for it, or use another --out") from None
    run = uuid.uuid4().hex
    write_set({out_dir / RUN_FILE: run})
    return run, lock
