"""Finding and reading inputs: one set of rules for `build` and `archive`.

A folder is searched recursively (hidden files and folders are not inputs); a file named on the
command line is taken as it is. Each input gets an id that is stable and unique in the run: its
path below the folder it was found in (`2024/juni/poetin.txt`), or its file name when it was
named directly; where two inputs would share an id (`s1/same.txt` and `s2/same.txt` given as two
folders), each keeps the path it was given by. Records in JSONL or Parquet files carry their own
ids.

Each file is read by its kind's reader (`briefing.ingest.readers`: plain text, the seed format,
Markdown, saved HTML pages, JSONL and Parquet records), chosen by its suffix and its content;
in a folder, only files with a reader's suffix are inputs; a file named on the command line
that no reader claims is rejected with a message naming the kinds that are read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from briefing.errors import InputError
from briefing.ingest import readers
from briefing.ingest.articles import MAX_ARTICLE_BYTES, Article
from briefing.ingest.readers import reader_for, reader_named, reader_of_suffix, record_from_line, unreadable

__all__ = ["ARTICLE", "JSONL", "PAGE", "PARQUET", "Source", "find_inputs", "read_inputs", "read_source", "record_from_line"]

#: A Source of this kind is an article file whose reader is chosen when it is read.
ARTICLE = "article"
PAGE = readers.PAGE.kind  # a saved web page: its article is extracted (briefing.ingest.pages)
JSONL = readers.JSONL.kind
PARQUET = readers.PARQUET.kind


@dataclass(frozen=True)
class Source:
    path: str  # where it is read from, as messages name it
    id: str  # stable and unique in the run: the article's id (record files: their own path)
    kind: str  # its reader's kind (briefing.ingest.readers), or ARTICLE


def find_inputs(inputs: Sequence[str | Path]) -> tuple[list[Source], list[InputError]]:
    """Every input file under the given files and folders, with its id; a path that does not
    exist, or a folder with nothing to read, becomes an error (the others are still found)."""
    sources: list[Source] = []
    errors: list[InputError] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = _in_folder(p)
            if not found:
                errors.append(InputError(str(item), "folder holds no .txt or .md articles (nor .html pages, .jsonl or .parquet records)"))
            sources.extend(found)
        elif p.exists() or p.is_symlink():
            # A file named on the command line is read whatever its name, by the reader its
            # name and content call for.
            reader = reader_for(p)
            if reader is None:
                errors.append(unreadable(item))
            else:
                sources.append(Source(str(item), p.name, reader.kind))
        else:
            errors.append(InputError(str(item), "no such file or folder"))
    return _unique(sources), errors


def _in_folder(folder: Path) -> list[Source]:
    """The inputs below a folder: files named like a kind that is read, hidden ones left out."""
    found = []
    for f in sorted(folder.rglob("*")):
        rel = f.relative_to(folder)
        named = reader_of_suffix(f)
        # Everything named like an input is read, so a broken link or a folder named x.txt is
        # reported, not skipped in silence. Hidden files (editor droppings) are not.
        if named is None or any(part.startswith(".") for part in rel.parts):
            continue
        if f.is_dir() and any(reader_of_suffix(g) for g in f.iterdir()):
            continue  # a folder named like a file but holding inputs: searched, not read
        found.append(Source(str(f), rel.as_posix(), (reader_for(f) or named).kind))
    return found


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


def read_source(source: Source, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | InputError]:
    """The articles of one input, in order; what cannot be used comes as an InputError in its
    place (the rest of the input is still read)."""
    reader = reader_named(source.kind) or reader_for(source.path)
    if reader is None:
        yield unreadable(source.path)
        return
    for found in reader.read(source.path, max_bytes):
        if isinstance(found, Article) and not reader.records:
            found.name = source.id
        yield found


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
