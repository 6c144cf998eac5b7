"""Finding and reading inputs: one set of rules for `build` and `archive`.

A folder is searched recursively (hidden files and folders are not inputs); a file named on the
command line is taken as it is. Each input gets an id that is stable and unique in the run: its
path below the folder it was found in (`2024/juni/poetin.txt`), or its file name when it was
named directly; where two inputs would share an id (`s1/same.txt` and `s2/same.txt` given as two
folders), each keeps the path it was given by. Records in JSONL or Parquet files carry their own
ids.

One reader per kind: article files (plain text, the seed format, Markdown with front matter:
`articles.read_article`), JSONL records (one JSON object a line) and Parquet records
(`articles.parse_record` for each).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.ingest.articles import MAX_ARTICLE_BYTES, Article, parse_record, read_article, read_bytes

ARTICLE_SUFFIXES = (".txt", ".md")
PAGE_SUFFIXES = (".html", ".htm")
ARTICLE = "article"
JSONL = "jsonl"
PARQUET = "parquet"
PAGE = "page"  # a saved web page: its article is extracted (briefing.ingest.pages)


@dataclass(frozen=True)
class Source:
    path: str  # where it is read from, as messages name it
    id: str  # stable and unique in the run: the article's id (record files: their own path)
    kind: str  # ARTICLE, JSONL or PARQUET


def kind_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        return ARTICLE
    if suffix in PAGE_SUFFIXES:
        return PAGE
    return {".jsonl": JSONL, ".parquet": PARQUET}.get(suffix)


def find_inputs(inputs: Sequence[str | Path]) -> tuple[list[Source], list[InputError]]:
    """Every input file under the given files and folders, with its id; a path that does not
    exist, or a folder with nothing to read, becomes an error (the others are still found)."""
    sources: list[Source] = []
    errors: list[InputError] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = []
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                kind = kind_of(f)
                # Everything named like an input is read, so a broken link or a folder named
                # x.txt is reported, not skipped in silence. Hidden files (editor droppings) are not.
                if kind is None or any(part.startswith(".") for part in rel.parts):
                    continue
                if f.is_dir() and any(kind_of(g) for g in f.iterdir()):
                    continue  # a folder named like a file but holding inputs: searched, not read
                found.append(Source(str(f), rel.as_posix(), kind))
            if not found:
                errors.append(InputError(str(item), "folder holds no .txt or .md articles (nor .html pages, .jsonl or .parquet records)"))
            sources.extend(found)
        elif p.exists() or p.is_symlink():
            # A file named on the command line is read, whatever its name: as records if it is
            # named so, else as an article.
            sources.append(Source(str(item), p.name, kind_of(p) or ARTICLE))
        else:
            errors.append(InputError(str(item), "no such file or folder"))
    return _unique(sources), errors


def _unique(sources: list[Source]) -> list[Source]:
    """The same file given twice is one input; two files that would share an id keep the paths
    they were given by."""
    seen: set[str] = set()
    distinct = []
    for source in sources:
        real = str(Path(source.path).resolve()) if Path(source.path).exists() else source.path
        if real not in seen:
            seen.add(real)
            distinct.append(source)
    counts: dict[str, int] = {}
    for source in distinct:
        counts[source.id] = counts.get(source.id, 0) + 1
    return [replace(s, id=Path(s.path).as_posix()) if counts[s.id] > 1 else s for s in distinct]


def record_from_line(line: str, where: str) -> dict[str, Any] | None:
    """One JSONL line to a record; None for a blank line between records."""
    line = line.strip()
    if not line:
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"a line that is not JSON ({exc.msg}): {line[:60]!r}") from None
    if not isinstance(record, dict):
        raise InputError(where, f"a line that is not a JSON object: {line[:60]!r}")
    return record


def read_source(source: Source, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | InputError]:
    """The articles of one input, in order; what cannot be used comes as an InputError in its
    place (the rest of the input is still read)."""
    if source.kind in (ARTICLE, PAGE):
        try:
            article = read_article(source.path, max_bytes) if source.kind == ARTICLE else _read_page(source.path, max_bytes)
        except InputError as exc:
            yield exc
            return
        article.name = source.id
        yield article
        return
    try:
        records = _records(source)
        for record in records:
            if record is None:
                continue
            if isinstance(record, InputError):
                yield record
                continue
            try:
                yield parse_record(record, source.path, max_bytes)
            except InputError as exc:
                yield exc
    except OSError as exc:
        yield InputError(source.path, f"cannot be read ({exc.strerror or exc})")


def _read_page(path: str, max_bytes: int) -> Article:
    """A saved web page: its article, as `briefing fetch` would have written it."""
    from briefing.ingest.articles import parse_article
    from briefing.ingest.pages import decode_html, extract, page_article_text

    data = read_bytes(path, max_bytes)
    page = extract(decode_html(data, None), None, path)
    return parse_article(path, page_article_text(page), markdown=True)


def _records(source: Source) -> Iterator[dict[str, Any] | InputError | None]:
    if source.kind == JSONL:
        with open(source.path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    yield record_from_line(line, source.path)
                except InputError as exc:
                    yield exc
        return
    try:
        import pyarrow.parquet as pq
    except ImportError:
        from briefing.extras import install_hint

        yield InputError(source.path, f"Parquet records need pyarrow (the scale extra): {install_hint('scale')}")
        return
    for batch in pq.ParquetFile(source.path).iter_batches(batch_size=256):
        yield from batch.to_pylist()


def read_inputs(
    inputs: Sequence[str | Path], max_bytes: int = MAX_ARTICLE_BYTES
) -> tuple[list[Article], list[InputError]]:
    """Every article of every input; bad ones become errors, the others are still read.

    The same article twice (identical date and text) is kept once; the kept one gets a warning
    naming the copy that was skipped, so nothing is lost silently.
    """
    sources, errors = find_inputs(inputs)
    articles: list[Article] = []
    seen: dict[tuple[str, tuple[str, ...]], Article] = {}
    for source in sources:
        for found in read_source(source, max_bytes):
            if isinstance(found, InputError):
                errors.append(found)
                continue
            key = (str(found.date), tuple(b.text for b in found.blocks))
            if key in seen:
                seen[key].warnings.append(f"duplicate of {found.file}, which was skipped")
                continue
            seen[key] = found
            articles.append(found)
    return articles, errors
