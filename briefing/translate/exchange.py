"""Translation memories in and out: TMX, XLIFF, PO and TSV, read and written with translate-toolkit
(the field's library for these formats), so the memory can go to and come from CAT tools.

    import_file(memory, "reviewed.tmx")         # Dutch→English units become human translations
    export_memory(memory, "memory.tmx")          # every unit with its origin and confidence
    briefing_xliff(briefing)                     # a briefing's segments, for post-editing

A unit's metadata travels as notes of `name: value` lines (`origin: model`, `confidence: -0.41`),
which a person reads in any CAT tool and an import reads back. What an import does with a unit:

- a unit of another tool, or one this tool marked `origin: human`, becomes a human translation;
- a machine translation this tool wrote (an XLIFF unit with the model's output as `alt-trans`, or a
  memory export's `origin: model` unit) becomes a human translation once a person changed its
  English or confirmed it (state `translated`, `signed-off`, `final`, or approved); left as the
  machine made it, it is left for review, except that a memory export's model unit goes back into
  the memory under its own key (a memory moved to another machine).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import InputError, UsageError
from briefing.files import Refusals, read_regular_file
from briefing.translate.memory import HumanUnit, ModelUnit, TranslationMemory

MAX_IMPORT_BYTES = 50_000_000  # an XML tree takes several times its file in memory
EXPORT_FORMATS = ("tmx", "xliff")
ORIGINS = ("human", "model")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# XLIFF states that say a person has not (yet) accepted the target.
_UNREVIEWED_STATES = {"new", "needs-translation", "needs-adaptation", "needs-l10n",
                      "needs-review-translation", "needs-review-adaptation", "needs-review-l10n"}
_CONFIRMED_STATES = {"translated", "signed-off", "final"}


def is_dutch(lang: str | None) -> bool:
    return _language(lang) in ("nl", "nld", "dut")


def is_english(lang: str | None) -> bool:
    return _language(lang) in ("en", "eng")


def _language(lang: str | None) -> str:
    return re.split(r"[-_]", (lang or "").strip().lower(), maxsplit=1)[0]


# --- notes: metadata a person can read and an import can parse ----------------------------------


def _notes(text: str) -> dict[str, str]:
    """`name: value` lines of a unit's notes (other lines are a person's own notes)."""
    found: dict[str, str] = {}
    for line in (text or "").splitlines():
        name, sep, value = line.partition(": ")
        if sep and name.strip() and len(name) < 40:
            found.setdefault(name.strip().lower(), value.strip())
    return found


def _iso(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat()


def _timestamp(text: str | None) -> float | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp()


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "", "none") else None
    except ValueError:
        return None


def _model_notes(unit: ModelUnit) -> list[str]:
    notes = [
        "origin: model",
        f"model: {unit.settings.get('model', '?')}",
        f"confidence: {unit.score!r}" if unit.score is not None else "confidence: none",
    ]
    if unit.retried:
        notes.append("second try: yes")
    notes += [
        f"key: {unit.key}",
        "settings: " + json.dumps(unit.settings, sort_keys=True, ensure_ascii=False),
    ]
    if unit.engine is not None:
        notes.append("signature: " + json.dumps(unit.engine, sort_keys=True, ensure_ascii=False))
    notes.append(f"created: {_iso(unit.created)}")
    return notes


def _human_notes(unit: HumanUnit) -> list[str]:
    return ["origin: human", f"from: {unit.provenance}", f"created: {_iso(unit.created or 0.0)}"]


def _model_unit(source: str, target: str, notes: Mapping[str, str]) -> ModelUnit | None:
    """A memory export's model unit, as the memory kept it; None if its notes are incomplete."""
    try:
        settings = json.loads(notes["settings"])
        engine = json.loads(notes["signature"]) if "signature" in notes else None
    except (KeyError, ValueError):
        return None
    created = _timestamp(notes.get("created"))
    if not re.fullmatch(r"[0-9a-f]{64}", notes.get("key", "")) or not isinstance(settings, dict) or created is None:
        return None
    return ModelUnit(source, target, notes["key"], settings, engine if isinstance(engine, dict) else None,
                     _float(notes.get("confidence")), notes.get("second try") == "yes", created)


# --- reading ------------------------------------------------------------------------------------


@dataclass
class ReadUnits:
    """What one file holds, sorted by what an import does with it."""

    human: list[HumanUnit] = field(default_factory=list)
    model: list[ModelUnit] = field(default_factory=list)
    for_review: int = 0  # machine translations nobody changed or confirmed
    empty: int = 0  # an empty Dutch or English segment
    other_languages: set[str] = field(default_factory=set)  # language pairs that are not nl→en
    other_units: int = 0


@dataclass
class ImportReport:
    file: str
    format: str
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    model: int = 0
    for_review: int = 0
    empty: int = 0
    other_units: int = 0

    def __str__(self) -> str:
        human = self.new + self.replaced + self.unchanged
        text = (f"{self.file}: {human} human translation{'s' * (human != 1)} ({self.new} new, {self.replaced} replaced, "
                f"{self.unchanged} unchanged)")
        if self.model:
            text += f", {self.model} model translations restored"
        skipped = [(self.for_review, "machine translations left for review"), (self.empty, "with an empty segment"),
                   (self.other_units, "in other languages")]
        left = [f"{n} {why}" for n, why in skipped if n]
        return text + ("; skipped " + ", ".join(left) if left else "")


def read_units(path: str | Path, max_bytes: int = MAX_IMPORT_BYTES) -> tuple[str, ReadUnits]:
    """(format, units) of a TMX, XLIFF, PO or TSV file. A file that cannot be used raises one
    InputError naming it: too large, not a file, not one of these formats, no Dutch→English unit."""
    name = str(path)
    data = _read_bounded(name, max_bytes)
    fmt = _sniff(name, data)
    try:
        if fmt == "tmx":
            units = _read_tmx(data, name)
        elif fmt == "xliff":
            units = _read_xliff(data, name)
        elif fmt == "po":
            units = _read_po(data, name)
        else:
            units = _read_tsv(data, name)
    except InputError:
        raise
    except Exception as exc:  # translate-toolkit and lxml raise many kinds for a broken file
        detail = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise InputError(name, f"not a readable {fmt.upper()} file ({detail})") from None
    if not (units.human or units.model or units.for_review):
        if units.other_languages:
            pairs = ", ".join(sorted(units.other_languages))
            raise InputError(name, f"holds no Dutch→English unit (its languages: {pairs})")
        if units.empty:
            raise InputError(name, f"every unit has an empty Dutch or English segment ({units.empty})")
        raise InputError(name, f"holds no translation units ({fmt.upper()})")
    return fmt, units


def _read_bounded(name: str, max_bytes: int) -> bytes:
    def cannot_be_read(error: OSError) -> InputError:
        return InputError(name, f"cannot be read ({error.strerror or error})")

    def too_large(size: int | None) -> InputError:
        if size is None:  # the file system's size was within the limit; reading found more
            return InputError(name, f"is over the {max_bytes / 1e6:.0f} MB limit (split it, or raise --max-bytes)")
        return InputError(name, f"is {size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit "
                                "(split it, or raise --max-bytes)")

    refusals = Refusals(
        missing=cannot_be_read,
        folder=lambda: InputError(name, "is not a regular file"),
        not_regular=lambda: InputError(name, "is not a regular file"),
        too_large=too_large,
        unreadable=cannot_be_read,
    )
    return read_regular_file(name, max_bytes, refusals)


def _sniff(name: str, data: bytes) -> str:
    """The format, from the content where it is XML, else from the name."""
    head = _utf8_head(data[:8192]).lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = Path(name).suffix.lower()
    if head.startswith(b"<"):
        text = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.DOTALL).lstrip()
        root = re.match(rb"<([A-Za-z_][\w.:-]*)", text)
        tag = root.group(1).split(b":")[-1].decode("ascii", "replace").lower() if root else ""
        if tag in ("tmx", "xliff"):
            return tag
        raise InputError(name, f"is XML but neither TMX nor XLIFF (its root element is <{tag or '?'}>)")
    if suffix in (".tmx", ".xlf", ".xliff", ".sdlxliff", ".mqxliff"):
        raise InputError(name, f"is not XML, so not a {'TMX' if suffix == '.tmx' else 'XLIFF'} file")
    if suffix in (".po", ".pot"):
        return "po"
    if suffix in (".tsv", ".tab", ".txt"):
        return "tsv"
    raise InputError(name, "is not a TMX, XLIFF, PO or TSV file (give one of those, by content or name)")


def _utf8_head(head: bytes) -> bytes:
    """The start of a file as UTF-8, for sniffing: Trados and other Windows tools write TMX in
    UTF-16 (lxml reads it as it is; only the sniffing needs it in UTF-8)."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "ignore").encode()
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", "ignore").encode()
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", "ignore").encode()
    return head


def _read_tmx(data: bytes, name: str) -> ReadUnits:
    from translate.storage import tmx

    store = tmx.tmxfile.parsestring(data)
    units = ReadUnits()
    for unit in store.units:
        dutch = english = None
        langs = []
        for node in unit.getlanguageNodes():
            lang = node.get(_XML_LANG) or node.get("lang")
            langs.append(lang or "?")
            if dutch is None and is_dutch(lang):
                dutch = _seg_text(node)
            elif english is None and is_english(lang):
                english = _seg_text(node)
        if dutch is None or english is None:
            units.other_units += 1
            units.other_languages.add("→".join(langs))
            continue
        _sort(units, dutch, english, _notes(unit.getnotes()), name, confirmed=None, machine=None)
    return units


_NATIVE_CODES = {"bpt", "ept", "ph", "it", "ut"}  # TMX inline tags that hold the other tool's markup


def _seg_text(tuv: Any) -> str:
    """A TMX variant's text: its <seg> with the inline formatting codes left out (the briefing's
    segments are plain text) and the words inside <hi> and <sub> kept."""

    def text(element: Any) -> str:
        parts = [element.text or ""]
        for child in element:
            if _local(child.tag) not in _NATIVE_CODES:
                parts.append(text(child))
            parts.append(child.tail or "")
        return "".join(parts)

    seg = next((c for c in tuv if _local(c.tag) == "seg"), None)
    return text(seg) if seg is not None else ""


def _read_xliff(data: bytes, name: str) -> ReadUnits:
    from translate.storage import xliff

    store = xliff.xlifffile.parsestring(data)
    units = ReadUnits()
    for unit in store.units:
        if unit.isheader():
            continue
        element = unit.xmlelement
        source, target = _xliff_languages(element)
        if not (is_dutch(source) and (target is None or is_english(target))):
            units.other_units += 1
            units.other_languages.add(f"{source or '?'}→{target or '?'}")
            continue
        confirmed = _xliff_confirmation(element)
        machine = next((str(alt.target) for alt in unit.getalttrans() if alt.target), None)
        _sort(units, str(unit.source or ""), str(unit.target or ""), _notes(unit.getnotes()), name,
              confirmed=confirmed, machine=machine)
    return units


def _xliff_languages(element: Any) -> tuple[str | None, str | None]:
    """A unit's (source, target) languages: those of the <file> it is in."""
    node = next((a for a in element.iterancestors() if _local(a.tag) == "file"), element)
    return node.get("source-language"), node.get("target-language")


def _xliff_confirmation(element: Any) -> bool | None:
    """What an XLIFF unit says of its target: True where a person accepted it (approved, or a
    translated / signed-off / final state), False where its state says nobody did, else None."""
    state_node = next((c for c in element if _local(c.tag) == "target"), None)
    state = state_node.get("state") if state_node is not None else None
    if element.get("approved") == "yes" or state in _CONFIRMED_STATES:
        return True
    return False if state in _UNREVIEWED_STATES else None


def _local(tag: object) -> str:
    """An element's name without its namespace ('' for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _read_po(data: bytes, name: str) -> ReadUnits:
    from translate.storage import po

    store = po.pofile.parsestring(data)
    units = ReadUnits()
    language = store.gettargetlanguage()
    if language and not is_english(language):
        units.other_languages.add(f"?→{language}")
        units.other_units = len(store.units)
        return units
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        if unit.isfuzzy():
            units.for_review += 1
            continue
        _sort(units, str(unit.source or ""), str(unit.target or ""), _notes(unit.getnotes()), name, None, None)
    return units


def _read_tsv(data: bytes, name: str) -> ReadUnits:
    """Dutch TAB English a line; a first line of language codes (`nl TAB en`) is a header."""
    units = ReadUnits()
    rows = list(csv.reader(io.StringIO(_tsv_text(data, name)), delimiter="\t", quoting=csv.QUOTE_NONE))
    if rows and _is_language_header(rows[0]):
        header, rows = rows[0], rows[1:]
        if not (is_dutch(header[0]) and is_english(header[1])):
            units.other_languages.add("→".join(header))
            units.other_units = len(rows)
            return units
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise InputError(name, f"line {number} has {len(row)} columns; a TSV memory has two: Dutch, English")
        _sort(units, row[0], row[1], {}, name, None, None)
    return units


def _tsv_text(data: bytes, name: str) -> str:
    """A TSV file's text: UTF-8 (a BOM allowed), and no NUL in it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, "is not UTF-8 text, so not a TSV file") from None
    if "\x00" in text:
        raise InputError(name, "is binary, not a TSV file")
    return text


def _is_language_header(row: list[str]) -> bool:
    """A first line of two language codes (`nl TAB en`), one of them a common one: a header,
    not a translation."""
    return len(row) == 2 and all(len(c.strip()) <= 5 and _language(c) for c in row) and \
        any(_language(c) in ("nl", "en", "de", "fr", "nld", "eng") for c in row)


def _sort(units: ReadUnits, dutch: str, english: str, notes: Mapping[str, str], name: str,
          confirmed: bool | None, machine: str | None) -> None:
    """Put one unit where it belongs: human, model (restored), for review, or empty.
    `confirmed`: True where the file says a person accepted it, False where it says nobody did,
    None where it says neither; `machine`: the model's output the file carries beside the target."""
    if not dutch.strip() or not english.strip():
        units.empty += 1
        return
    created = _timestamp(notes.get("created"))
    if notes.get("origin") == "model" or machine is not None:
        edited = machine is not None and english != machine
        if edited or confirmed:
            units.human.append(HumanUnit(dutch, english, None, Path(name).name))
            return
        restored = _model_unit(dutch, english, notes)  # a memory export's model unit, as it was
        if restored is not None:
            units.model.append(restored)
        else:
            units.for_review += 1
        return
    if confirmed is False:
        units.for_review += 1
        return
    human = notes.get("origin") == "human"
    # A human unit of our own export keeps its source file and time (a round trip is unchanged).
    units.human.append(HumanUnit(dutch, english, created if human else None,
                                 notes.get("from", Path(name).name) if human else Path(name).name))


def import_file(memory: TranslationMemory, path: str | Path, max_bytes: int = MAX_IMPORT_BYTES) -> ImportReport:
    """Read one file and store its units: human translations (each wins over any model's, and
    over an older human one), and model translations of a memory export under their own key."""
    fmt, units = read_units(path, max_bytes)
    report = ImportReport(str(path), fmt, for_review=units.for_review, empty=units.empty, other_units=units.other_units)
    report.new, report.replaced, report.unchanged = memory.store_human(units.human)
    report.model = memory.store_model_units(units.model)
    return report


# --- writing ------------------------------------------------------------------------------------


def export_format(path: str | Path, fmt: str | None) -> str:
    """The export format: as asked, else by the file's name (.xlf, .xliff: XLIFF; else TMX)."""
    if fmt is not None:
        if fmt not in EXPORT_FORMATS:
            raise UsageError(f"--format {fmt!r}: choose {' or '.join(EXPORT_FORMATS)}")
        return fmt
    return "xliff" if Path(path).suffix.lower() in (".xlf", ".xliff") else "tmx"


def export_memory(memory: TranslationMemory, fmt: str = "tmx", only: str | None = None,
                  since: dt.date | None = None) -> tuple[bytes, int]:
    """The memory (or its human or model part, made on or after `since`) as TMX or XLIFF bytes,
    and how many units it holds. Each unit's notes say its origin: human (and the file it came
    from), or the model with its settings and signature, and its confidence."""
    if only is not None and only not in ORIGINS:
        raise UsageError(f"--only {only!r}: choose human or model")
    start = dt.datetime.combine(since, dt.time(), dt.UTC).timestamp() if since else None
    pairs: list[tuple[str, str, list[str], str, bool]] = []  # source, target, notes, id, machine
    if only in (None, "human"):
        for human in memory.human_units(start):
            pairs.append((human.source, human.target, _human_notes(human), _unit_id("h", human.source), False))
    if only in (None, "model"):
        for unit in memory.model_units(start):
            pairs.append((unit.source, unit.target, _model_notes(unit), _unit_id("m", unit.key + unit.source), True))
    return (_tmx(pairs) if fmt == "tmx" else _xliff({"memory": pairs})), len(pairs)


def _unit_id(kind: str, text: str) -> str:
    return f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def _tmx(pairs: Iterable[tuple[str, str, list[str], str, bool]]) -> bytes:
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage="nl", targetlanguage="en")
    for source, target, notes, _, _ in pairs:
        unit = store.addsourceunit(source)
        unit.target = target
        for note in notes:
            unit.addnote(note)
    return bytes(store)


def _xliff(files: Mapping[str, Iterable[tuple[str, str, list[str], str, bool]]], model_id: str = "model") -> bytes:
    """XLIFF 1.1 (what translate-toolkit writes; CAT tools read it): one <file> per name.
    A machine translation is marked for review and carries the model's output as alt-trans, so
    an edit shows; a human one is final."""
    from translate.storage import xliff

    store: Any = xliff.xlifffile(sourcelanguage="nl", targetlanguage="en")
    for name, pairs in files.items():
        for source, target, notes, unit_id, machine in pairs:
            unit = store.addsourceunit(source, filename=name, createifmissing=True)
            unit.setid(unit_id)
            unit.target = target
            for note in notes:
                unit.addnote(note, origin="briefing")
            if machine:
                model = _notes("\n".join(notes)).get("model", model_id)
                unit.addalttrans(target, origin=model, lang="en")
                unit.markreviewneeded(True)
            else:
                unit.markapproved(True)
                unit.set_state_n(unit.S_SIGNED_OFF + 1)  # final
    return bytes(store)


def briefing_xliff(briefing: Mapping[str, Any]) -> bytes:
    """A briefing's segments for post-editing in a CAT tool: per article a <file>; a unit per
    headline, sentence, quote and key quote role, with its article and id, the model's confidence
    and the QA flags as notes. Machine translations are marked for review; importing the edited
    file (`briefing memory import`) makes each changed or confirmed unit a human translation."""
    model_id = str(briefing.get("made_with", {}).get("model_id", "model"))
    files: dict[str, list[tuple[str, str, list[str], str, bool]]] = {}
    for group in briefing["groups"]:
        for article in group["articles"]:
            segments = [*_headline_segments(article, model_id), *_sentence_segments(article, model_id),
                        *_quote_segments(article, model_id)]
            # A segment with no English (an empty quotation, a failed translation) is nothing to edit.
            files.setdefault(article["name"], []).extend(u for u in segments if u[0].strip() and u[1].strip())
    return _xliff(files, model_id)


_Segment = tuple[str, str, list[str], str, bool]  # Dutch, English, notes, id, machine-made


def _headline_segments(article: Mapping[str, Any], model_id: str) -> list[_Segment]:
    """The headline, where the article has one of its own (not one made from its first sentence)."""
    title = article["title"]
    if title["from"] != "headline":
        return []
    return [_segment(article, title["nl"], title["en"], f"{article['id']}-title", "headline",
                     title.get("origin", "model"), model_id)]


def _sentence_segments(article: Mapping[str, Any], model_id: str) -> list[_Segment]:
    """Every sentence, its notes saying how sure the model was and what QA flagged."""
    return [
        _segment(article, row["nl"], row["en"], row["id"], "sentence", row.get("origin", "model"), model_id,
                 _sentence_notes(row))
        for paragraph in article["paragraphs"] for row in paragraph["sentences"]
    ]


def _sentence_notes(row: Mapping[str, Any]) -> list[str]:
    """A sentence's notes for the editor: the model's confidence, the QA flags, check first, a
    second try."""
    from briefing.qa.checks import FLAGS

    notes = [f"confidence: {row['score']!r}" if row["score"] is not None else "confidence: none"]
    notes += [f"qa: {flag}: {FLAGS.get(flag, flag)}" for flag in row["qa"]]
    if row["check_first"]:
        notes.append("check first: the model was least sure of this sentence")
    if row["retried"]:
        notes.append("second try: yes")
    return notes


def _quote_segments(article: Mapping[str, Any], model_id: str) -> list[_Segment]:
    """Each quotation not inside another, and the role of each key quote's speaker where its
    English differs."""
    segments: list[_Segment] = []
    for quote in article["quotes"]:
        if not quote["nested"]:
            segments.append(_segment(article, quote["nl"], quote["en"], quote["id"], "quote",
                                     quote.get("origin", "model"), model_id))
        if quote["key"] and quote["role"] and quote["role_en"] and quote["role_en"] != quote["role"]:
            segments.append(_segment(article, quote["role"], quote["role_en"], f"{quote['id']}-role", "role",
                                     "model", model_id))
    return segments


def _segment(article: Mapping[str, Any], nl: str, en: str, unit_id: str, kind: str, origin: str, model_id: str,
             extra: Iterable[str] = ()) -> tuple[str, str, list[str], str, bool]:
    """One briefing segment as an XLIFF unit: (Dutch, English, notes, id, machine-made)."""
    notes = [f"article: {article['name']}", f"{kind}: {unit_id}", f"origin: {origin}"]
    if origin != "human":
        notes += [f"model: {model_id}", *extra]
    return nl, en, notes, unit_id, origin != "human"


def write_export(path: str | Path, data: bytes) -> None:
    from briefing.files import write_set

    write_set({Path(path): data})


def describe_stats(memory: TranslationMemory) -> Iterator[str]:
    """`memory stats` lines: counts by origin, human by the file they came from, model by model."""
    counts = memory.stats()
    human, model = counts["human"], counts["model"]
    yield f"{memory.path}: {sum(human.values()) + sum(model.values())} translations"
    yield f"  human: {sum(human.values())}"
    for name, n in human.items():
        yield f"    {n:>7}  from {name}"
    yield f"  model: {sum(model.values())}"
    for name, n in model.items():
        yield f"    {n:>7}  by {name}"
