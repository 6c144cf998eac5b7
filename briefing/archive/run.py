"""Archive scale: translate a whole archive into Parquet shards, on Ray Data or in this process.

The stages are the pipeline's own (`briefing.pipeline`: `analysed`, then `finish`, then
`assemble.article_record`); this module only moves the documents between processes and writes
them. On Ray:

    read → prepare (read, clean, segment, find quotes: `pipeline.analysed`, CPU tasks)
         → translate (`pipeline.finish`, translate and QA: `map_batches` on a pool of actors,
           each loading the model once)
         → write (one shard per batch: CPU tasks)

and with `engine="local"` the same three functions run one batch after another in this process.

The output folder (shards, manifest, the one-run-at-a-time lock, resuming) is `briefing.archive.shards`.
Articles that fail
(an empty or binary file, a record without text) get an article row with `error` set, so the
output accounts for every input; they are not retried by a rerun into the same folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from briefing import pipeline
from briefing.archive.shards import check_manifest, claim_output, tidy_output, write_shard
from briefing.document import sentence_id
from briefing.errors import BriefingError, InputError, UsageError
from briefing.ingest.articles import MAX_ARTICLE_BYTES, Article, parse_record
from briefing.ingest.inputs import ARTICLE, JSONL, PARQUET, Source, find_inputs, read_source, record_from_line
from briefing.ingest.readers import reader_named
from briefing.nlp import namebook
from briefing.output.records import ArticleRecord
from briefing.qa.words import WordCache
from briefing.translate.engine import Engine
from briefing.translate.translator import TranslationConfig, open_translator


@dataclass
class ArchiveConfig:
    """What to translate, how (the same translation settings as a build), where and how to run."""

    inputs: list[str]
    out_dir: Path
    translation: TranslationConfig = field(default_factory=TranslationConfig)
    max_article_bytes: int = MAX_ARTICLE_BYTES
    engine: str = "ray"  # "ray", or "local": the same stages in this process, no Ray
    ray_address: str | None = None  # join this cluster; None: start a local Ray on this machine
    workers: int | None = None  # translation actors; None: one per GPU, else one per cpus_per_worker CPUs
    cpus_per_worker: int = 1  # CPU threads of each translation actor
    gpus_per_worker: float | None = None  # None: 1 where the cluster has GPUs (and --device is not cpu)
    shard_articles: int = 32  # articles per shard (and per translation batch)


@dataclass
class ArchiveResult:
    out_dir: Path
    engine: str
    workers: int
    articles: int = 0  # done by this run, failed ones included
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id or file, reason)
    sentences: int = 0
    shards: int = 0
    skipped: int = 0  # already complete in the output folder
    seconds: float = 0.0

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def manifest_for(config: ArchiveConfig, backend: str) -> dict[str, Any]:
    """The output folder's account of how its translations are made: the configuration's
    `Signature`, as the memory's key has it; a folder made otherwise is refused."""
    from briefing.translate.model import model_identity
    from briefing.translate.signature import made_by

    t = config.translation
    asked = t.signature(backend)
    return {
        **made_by(),
        "translation": {
            "model": asked.model,
            "model_id": model_identity(t.model) or t.model,
            **asked.settings(),
            "glossary": str(t.glossary) if t.glossary else "default",
        },
    }


# --- inputs -------------------------------------------------------------------------------------


@dataclass
class Inputs:
    """The inputs by how they travel: article files as rows, record files by path (Ray Data
    reads those itself)."""

    files: list[dict[str, str]]  # {"id": the article's id, "path": its file, "kind": its reader's kind}
    jsonl: list[str]
    parquet: list[str]

    @classmethod
    def of(cls, sources: list[Source]) -> Inputs:
        return cls(
            # Every file that is one article (text, Markdown, a saved page, ...), each read by
            # its own reader, as build reads them; the reader was chosen once, here.
            [{"id": s.id, "path": s.path, "kind": s.kind} for s in sources if not _records(s)],
            [s.path for s in sources if s.kind == JSONL],
            [s.path for s in sources if s.kind == PARQUET],
        )


def _records(source: Source) -> bool:
    """Is the input a file of records (each with its own id), not one article?"""
    reader = reader_named(source.kind)
    return reader is not None and reader.records


# --- stage 1: prepare (CPU) ---------------------------------------------------------------------

def prepare(rows: Iterable[Mapping[str, Any]], kind: str, done: frozenset[str], max_bytes: int) -> list[dict[str, Any]]:
    """Read, clean, segment and find quotes; skip completed articles.

    `kind` is "file" ({id, path}), "jsonl" ({text: one line, path}) or "record" (a record's
    fields, with the path of its file); the readers are the build's own (`briefing.ingest`).
    Each result row carries the analysed document, pickled, or the reason it could not be used.
    """
    read = _file_article if kind == "file" else partial(_record_article, kind)
    out: list[dict[str, Any]] = []
    for row in rows:
        article_id, where = str(row.get("id") or ""), str(row.get("path") or "")
        article_id, article = read(row, article_id, where, done, max_bytes)
        if isinstance(article, InputError):
            out.append({"article_id": article_id or article.path, "payload": b"", "error": article.reason, "where": article.path})
        elif article is not None:
            out.append({"article_id": article_id, "payload": pickle.dumps(pipeline.analysed(article)), "error": None, "where": where})
    return out


def _file_article(row: Mapping[str, Any], article_id: str, where: str, done: frozenset[str],
                  max_bytes: int) -> tuple[str, Article | InputError | None]:
    """An article file's article, or why it cannot be read; None where it is complete."""
    if article_id in done:
        return article_id, None
    return article_id, next(read_source(Source(where, article_id, str(row.get("kind") or ARTICLE)), max_bytes))


def _record_article(kind: str, row: Mapping[str, Any], article_id: str, where: str, done: frozenset[str],
                    max_bytes: int) -> tuple[str, Article | InputError | None]:
    """A JSONL line's or a Parquet row's article, or why it cannot be read; None where it is
    complete or a blank line. A record that cannot be parsed, or has no id, is known by its file
    and a hash of its content: its error row is written once, and a rerun skips it like any other."""
    content = str(row.get("text") or "") if kind == "jsonl" else repr(sorted(row.items(), key=str))
    article_id = f"{where}#{hashlib.sha256(content.strip().encode('utf-8', 'replace')).hexdigest()[:12]}"
    if article_id in done:
        return article_id, None
    try:
        record = record_from_line(content, where) if kind == "jsonl" else dict(row)
        if record is None:
            return article_id, None  # a blank line between records
        if str(record.get("id") or "").strip():
            article_id = str(record.get("id")).strip()
            if article_id in done:
                return article_id, None
        return article_id, parse_record(record, where, max_bytes)
    except InputError as exc:
        return article_id, exc


# --- stage 2: translate (the model) -------------------------------------------------------------


class TranslateWorker:
    """Holds one translator (the model loaded on first use, once; the memory; the glossary) and
    turns a batch of prepared articles into shard rows."""

    def __init__(self, translation: TranslationConfig, stand_in: Engine | None = None) -> None:
        self._open = ExitStack()
        self.translation = self._open.enter_context(open_translator(translation, stand_in))
        # The QA word cache, read once for the worker's life and saved when it closes.
        self.words = WordCache.open()
        self._open.callback(self.words.save)
        self._open.callback(namebook.save_learnt)  # what the prepare tasks of this process looked up

    def __call__(self, rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        from briefing.output.assemble import article_record

        documents = [pickle.loads(r["payload"]) for r in rows if not r["error"]]
        if documents:
            pipeline.finish(documents, self.translation, self.words)
        finished = iter(documents)
        out = []
        for r in rows:
            if r["error"]:
                out.append(dict(r))
                continue
            flat = flatten(r["article_id"], article_record(next(finished)))
            out.append({**r, "payload": pickle.dumps(flat)})
        return out

    def close(self) -> None:
        self._open.close()


# --- stage 3: write a shard ---------------------------------------------------------------------


def flatten(article_id: str, record: ArticleRecord) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One article record → (its sentence rows, its article row), ids local to the article:
    a sentence is `p2-s1` (paragraph 2, sentence 1), a quote keeps the quote stage's own id."""
    sentences: list[dict[str, Any]] = []
    local: dict[str, str] = {}
    for p_index, paragraph in enumerate(record["paragraphs"], start=1):
        for s_index, s in enumerate(paragraph["sentences"], start=1):
            local[s["id"]] = sentence_id(p_index, s_index)
            sentences.append(
                {
                    "article_id": article_id, "paragraph": p_index, "index": s_index,
                    "kind": paragraph["kind"], "nl": s["nl"], "en": s["en"],
                    "key_quote": s["key_quote"], "qa": s["qa"],
                    "score": s["score"], "retried": s["retried"], "origin": s["origin"],
                }
            )
    quotes = [
        {
            "id": q["id"].removeprefix(record["id"] + "-"), "nl": q["nl"], "en": q["en"], "speaker": q["speaker"], "role": q["role"],
            "key": q["key"], "nested": q["nested"], "sentences": [local[sid] for sid in q["sentences"]],
        }
        for q in record["quotes"]
    ]
    article = {
        "article_id": article_id, "file": record["file"], "date": record["date"],
        "title_nl": record["title"]["nl"], "title_en": record["title"]["en"], "title_from": record["title"]["from"],
        "source": record["source"], "url": record["url"], "credits": record["credits"],
        "published": record["published"], "updated": record["updated"], "warnings": record["warnings"],
        "sentences_in": record["counts"]["sentences_in"], "rows_out": record["counts"]["rows_out"],
        "key_quotes": sum(1 for q in record["quotes"] if q["key"]), "qa": record["qa"],
        "quotes": quotes, "error": None,
    }
    return sentences, article


# --- running ------------------------------------------------------------------------------------


def archive(
    config: ArchiveConfig,
    progress: Callable[[int, int | None], None] | None = None,
    translator: Engine | None = None,
) -> ArchiveResult:
    """Translate every input article into shards under `config.out_dir`, skipping complete ones.

    `translator` (local engine only) replaces the model, as in `build.build`.
    """
    inputs, missing = _checked_inputs(config, translator)
    backend = "stand-in" if translator is not None else _backend(config)
    check_manifest(config.out_dir, manifest_for(config, backend))
    # The memory's path is resolved here: workers may not share this environment.
    config = dataclasses.replace(
        config, translation=dataclasses.replace(config.translation, memory=config.translation.memory_path())
    )
    run, lock = claim_output(config.out_dir)
    try:
        done = frozenset(tidy_output(config.out_dir))
        todo_files = [f for f in inputs.files if f["id"] not in done]
        total = len(todo_files) if not (inputs.jsonl or inputs.parquet) else None
        start = time.perf_counter()
        if config.engine == "local":
            result = _run_local(config, inputs, todo_files, done, progress, total, translator, run)
        else:
            result = _run_ray(config, inputs, todo_files, done, progress, total, run)
    finally:
        lock.close()
    result.skipped = len(done)
    result.seconds = time.perf_counter() - start
    result.failed = [(e.path, e.reason) for e in missing] + result.failed  # named, never dropped
    return result


def _checked_inputs(config: ArchiveConfig, translator: Engine | None) -> tuple[Inputs, list[InputError]]:
    """The inputs, once the options are known to fit together and pyarrow is there."""
    if config.shard_articles < 1:
        raise UsageError("--shard-articles must be 1 or more")
    if config.engine not in ("ray", "local"):
        raise UsageError(f"--engine {config.engine!r}: choose ray or local")
    if config.engine == "local" and (config.workers or 1) != 1:
        raise UsageError("--engine local runs one worker; use --engine ray for more")
    if config.engine == "ray" and translator is not None:
        raise UsageError("a stand-in translator runs with the local engine only")
    try:
        import pyarrow  # noqa: F401 - the shards are Parquet
    except ImportError:
        from briefing.extras import missing_extra

        raise missing_extra("briefing archive needs pyarrow for its Parquet shards (and Ray)", "scale") from None
    sources, missing = find_inputs(config.inputs)
    if not sources:
        raise UsageError("; ".join(str(e) for e in missing) or "no input given")
    return Inputs.of(sources), missing


def _backend(config: ArchiveConfig) -> str:
    """The backend the workers will use, once its model is known to be there."""
    from briefing.translate.ct2 import choose_backend

    backend = choose_backend(config.translation.backend)
    _model_available(config, backend)
    return backend


def _model_available(config: ArchiveConfig, backend: str) -> None:
    """Fail here, in one clear line, rather than in every worker."""
    from briefing.translate.ct2 import convert, default_quantization
    from briefing.translate.model import model_folder

    t = config.translation
    model_folder(t.model)  # raises ModelUnavailable with the actionable message
    if backend == "ct2" and config.ray_address is None and t.device in ("auto", "cpu"):
        # Convert once, before the workers start (each would otherwise convert on its own).
        convert(t.model, t.quantization or default_quantization("cpu"))


def _tally(result: ArchiveResult, summary: Mapping[str, Any]) -> None:
    if not summary["shard"]:
        return  # not committed (the folder was claimed by a newer run)
    result.articles += summary["articles"]
    result.sentences += summary["sentences"]
    result.shards += 1
    result.failed.extend((failure["id"], failure["reason"]) for failure in summary["errors"])


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _local_rows(config: ArchiveConfig, inputs: Inputs, todo_files: list[dict[str, str]], done: frozenset[str]) -> Iterator[dict[str, Any]]:
    """Prepared rows, read in this process (the Ray path reads with Ray Data instead)."""
    for batch in _batches(todo_files, config.shard_articles):
        yield from prepare(batch, "file", done, config.max_article_bytes)
    for path in inputs.jsonl:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = ({"text": line, "path": path} for line in handle)
            for batch in _batches(lines, config.shard_articles):
                yield from prepare(batch, "jsonl", done, config.max_article_bytes)
    for path in inputs.parquet:
        import pyarrow.parquet as pq

        for record_batch in pq.ParquetFile(path).iter_batches(batch_size=config.shard_articles):
            rows = [{**r, "path": path} for r in record_batch.to_pylist()]
            yield from prepare(rows, "record", done, config.max_article_bytes)


def _run_local(
    config: ArchiveConfig, inputs: Inputs, todo_files: list[dict[str, str]], done: frozenset[str],
    progress: Callable[[int, int | None], None] | None, total: int | None, translator: Engine | None, run: str,
) -> ArchiveResult:
    result = ArchiveResult(config.out_dir, "local", 1)
    worker = TranslateWorker(config.translation, translator)
    try:
        for batch in _batches(_local_rows(config, inputs, todo_files, done), config.shard_articles):
            _tally(result, write_shard(config.out_dir, worker(batch), run))
            if progress:
                progress(result.articles, total)
    finally:
        worker.close()
    return result


# Ray's side. Row batches travel as pyarrow tables; these turn them into the plain rows above.


def _ray_prepare(table: Any, kind: str, done: frozenset[str], max_bytes: int) -> Any:
    import pyarrow as pa

    rows = prepare(table.to_pylist(), kind, done, max_bytes)
    return pa.Table.from_pylist(rows, schema=_prepared_schema())


def _prepared_schema() -> Any:
    import pyarrow as pa

    return pa.schema([("article_id", pa.string()), ("payload", pa.binary()), ("error", pa.string()), ("where", pa.string())])


class _RayTranslateWorker:
    """The actor: one per GPU or per CPU slot; the model loads once, in the actor."""

    def __init__(self, translation: TranslationConfig) -> None:
        self.worker = TranslateWorker(translation)

    def __call__(self, table: Any) -> Any:
        import pyarrow as pa

        return pa.Table.from_pylist(self.worker(table.to_pylist()), schema=_prepared_schema())


def _ray_write(table: Any, out_dir: str, run: str) -> Any:
    import pyarrow as pa

    summary = write_shard(out_dir, table.to_pylist(), run)
    schema = pa.schema([
        ("shard", pa.string()), ("articles", pa.int64()), ("sentences", pa.int64()),
        ("errors", pa.list_(pa.struct([("id", pa.string()), ("reason", pa.string())]))),
    ])
    return pa.Table.from_pylist([summary], schema=schema)


def _run_ray(
    config: ArchiveConfig, inputs: Inputs, todo_files: list[dict[str, str]], done: frozenset[str],
    progress: Callable[[int, int | None], None] | None, total: int | None, run: str,
) -> ArchiveResult:
    try:
        import ray
    except ImportError:
        from briefing.errors import MissingExtra
        from briefing.extras import install_hint

        raise MissingExtra(
            f"--engine ray needs Ray (the scale extra), which this install lacks: {install_hint('scale')}; "
            "or run without Ray: --engine local"
        ) from None
    started_here = _start_ray(config.ray_address)
    try:
        with warnings.catch_warnings():
            # Ray Data's advice on tuning a small pipeline (the write stage may run fewer tasks
            # than its pool allows): noise on a good run. Its other warnings still show.
            warnings.filterwarnings("ignore", message="The maximum number of concurrent tasks", category=UserWarning)
            return _ray_run(config, inputs, todo_files, done, progress, total, run)
    finally:
        if started_here:
            ray.shutdown()


def _ray_run(
    config: ArchiveConfig, inputs: Inputs, todo_files: list[dict[str, str]], done: frozenset[str],
    progress: Callable[[int, int | None], None] | None, total: int | None, run: str,
) -> ArchiveResult:
    import ray

    gpus, workers = _pool_size(config, ray.cluster_resources())
    result = ArchiveResult(config.out_dir, "ray", workers)
    dataset = _ray_pipeline(config, inputs, todo_files, done, run, gpus, workers)
    if dataset is None:
        return result
    try:
        for summary in dataset.iter_rows():
            _tally(result, summary)
            if progress:
                progress(result.articles, total)
    except Exception as exc:
        cause = _briefing_cause(exc)
        if cause is not None:
            raise cause from None
        raise
    return result


def _start_ray(address: str | None) -> bool:
    """Join the cluster at `address`, or start a local Ray; True if this call started it."""
    import logging

    import ray
    import ray.data

    # Ray's own chatter (start-up notices, per-stage INFO lines) would bury the summary; its
    # errors still reach us as exceptions.
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if ray.is_initialized():
        return False
    try:
        if address:
            ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False)
        else:
            ray.init(num_cpus=os.cpu_count(), include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise BriefingError(f"cannot start or join {address or 'a local Ray'}: {str(exc).splitlines()[0]}") from None
    ray.data.DataContext.get_current().enable_progress_bars = False
    return True


def _pool_size(config: ArchiveConfig, resources: Mapping[str, float]) -> tuple[float, int]:
    """GPUs per translation actor and how many actors: one per GPU, else one per CPU slot."""
    gpus = config.gpus_per_worker
    if gpus is None:
        gpus = 1.0 if resources.get("GPU", 0) >= 1 and config.translation.device != "cpu" else 0.0
    workers = config.workers or (
        int(resources.get("GPU", 0) // gpus) if gpus else max(1, int(resources.get("CPU", 1) // config.cpus_per_worker))
    )
    return gpus, workers


def _ray_pipeline(
    config: ArchiveConfig, inputs: Inputs, todo_files: list[dict[str, str]], done: frozenset[str],
    run: str, gpus: float, workers: int,
) -> Any:
    """read → prepare → translate (actors) → write, as one Ray dataset; None with nothing to do."""
    import ray.data

    # The light CPU stages (prepare, write) ask for no CPU of their own: the translation
    # actors hold the cores, and a stage that waited for a free one would never run. Their
    # pool is capped, or Ray would start a process for every block at once.
    light = ray.data.TaskPoolStrategy(size=max(1, workers))

    def prepared(dataset: Any, kind: str) -> Any:
        return dataset.map_batches(
            partial(_ray_prepare, kind=kind, done=done, max_bytes=config.max_article_bytes),
            batch_format="pyarrow", num_cpus=0, compute=light,
        )

    parts = []
    if todo_files:
        parts.append(prepared(ray.data.from_items(todo_files), "file"))
    if inputs.jsonl:
        parts.append(prepared(ray.data.read_text(inputs.jsonl, include_paths=True), "jsonl"))
    if inputs.parquet:
        parts.append(prepared(ray.data.read_parquet(inputs.parquet, include_paths=True), "record"))
    if not parts:
        return None
    dataset = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    with warnings.catch_warnings():
        # max_restarts goes through Ray's remote args, which Ray marks deprecated without a
        # named replacement yet: the warning is Ray's plan, not the user's problem.
        warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
        translated = _translate_stage(dataset, config, gpus, workers)
    return translated.map_batches(
        partial(_ray_write, out_dir=str(config.out_dir.resolve()), run=run),
        batch_format="pyarrow", batch_size=None, num_cpus=0, compute=light,
    )


def _translate_stage(dataset: Any, config: ArchiveConfig, gpus: float, workers: int) -> Any:
    """The translation actors, one model each."""
    import inspect

    import ray.data

    # No restarts: Ray cannot promise a restart of an actor whose constructor arguments sit in
    # the object store, and logs an error line saying so on every good run (ray#53727). A worker
    # that dies ends the run with its error instead; the rerun goes on where it stopped. (A Ray
    # without remote args in map_batches keeps its default.)
    takes_remote_args = any(p.kind is p.VAR_KEYWORD for p in inspect.signature(ray.data.Dataset.map_batches).parameters.values())
    return dataset.map_batches(
        _RayTranslateWorker, batch_format="pyarrow", batch_size=config.shard_articles,
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=0 if gpus else config.cpus_per_worker, num_gpus=gpus or None,
        fn_constructor_kwargs={"translation": _worker_translation(config, gpus)},
        **({"max_restarts": 0} if takes_remote_args else {}),
    )


def _worker_translation(config: ArchiveConfig, gpus: float) -> TranslationConfig:
    """Each actor's translation settings: its device and its share of the CPU."""
    t = config.translation
    device = t.device if t.device != "auto" else ("cuda" if gpus else "cpu")
    return dataclasses.replace(t, device=device, threads=0 if gpus else config.cpus_per_worker)


def _briefing_cause(exc: BaseException) -> BriefingError | None:
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 10:
        if isinstance(current, BriefingError):
            return current
        current = getattr(current, "cause", None) or current.__cause__ or current.__context__
        seen += 1
    return None
