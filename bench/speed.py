"""Translation speed of briefing against the engines users would pick instead.

    python bench/speed.py --tokenizer ../shared/opus-mt-nl-en --input flores --lengths real \
        --sentences 200 --engines ct2-tuned,briefing-ct2 --json out/speed.json

The model has opus-mt-nl-en's architecture (d_model 512, 6+6 layers, 8 heads, FFN 2048, swish,
scaled embeddings, vocab 67028) and random weights, built from the real tokenizer files, or is a
real model (`--model DIR|NAME`). Random weights decide nothing about when to stop, so every
engine is made to do the same decoding work: beam 4, and each output forced to a length, rounded
up to a multiple of 4 tokens (the rounding lets batched engines share one length per group):

* `--lengths real` (with `--input flores`): the length of what the real opus-mt-nl-en wrote for
  that sentence (../shared/corpora/opus-mt-nl-en-outputs), tokenized with `target.spm`, and its
  </s>; real output lengths make real batch shapes;
* `--lengths source`: the sentence's own length in source tokens.

Inputs: `flores` (the FLORES devtest Dutch sentences that briefing's segmenter keeps whole, each
a paragraph of one article), `ntrex` (the NTREX news documents), `seeds`.

Engines, each in its own process (so peak RSS is its own), on the same sentences:

* `naive`: transformers, one sentence per `generate` call (on `--naive-sentences`, a spread
  sample of the sentences, since it is slow; its rates are per sentence all the same);
* `ct2-raw`: CTranslate2 `translate_batch` on pre-tokenized input, the engine's own defaults
  otherwise (its default batch size, batch type and threads);
* `ct2-tuned`: CTranslate2 called the way its documentation recommends for speed: input sorted
  by length, `batch_type="tokens"` with `max_batch_size` 4096 tokens, `intra_threads` = the
  core count, int8, the same beam: the anchor to beat;
* `briefing-ct2`, `briefing-transformers`: briefing's own pipeline from the article files
  (reading, cleaning, segmenting, normalising, splitting, tokenizing, batching), memory off,
  with its defaults: the output layer restricted to the English pieces, and (ct2) batches
  decoded side by side on the cores (`inter_threads`), all handed to the engine at once.

Model loading is not timed; it is reported separately. The JSON also reports
`output_vocabulary_coverage`: the share of the real outputs' target tokens that briefing's
restricted output vocabulary holds (with `--input flores`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
from briefing.translate.engine import FORCE_BUCKET as BUCKET  # noqa: E402
from briefing.translate.engine import forced_length  # noqa: E402


def build_model(tokenizer: Path, out: Path) -> Path:
    """A MarianMT model with opus-mt-nl-en's architecture and random weights."""
    if (out / "config.json").is_file():
        return out
    import torch
    from transformers import MarianConfig, MarianMTModel

    vocab = json.loads((tokenizer / "vocab.json").read_text())
    config = MarianConfig(
        vocab_size=len(vocab), d_model=512, encoder_layers=6, decoder_layers=6,
        encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048,
        activation_function="swish", scale_embedding=True, share_encoder_decoder_embeddings=True,
        max_position_embeddings=512, pad_token_id=vocab["<pad>"], decoder_start_token_id=vocab["<pad>"],
        eos_token_id=0, forced_eos_token_id=0,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config)
    model.generation_config.bad_words_ids = [[vocab["<pad>"]]]
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    for name in ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "special_tokens_map.json"):
        if (tokenizer / name).is_file():
            shutil.copy(tokenizer / name, tmp / name)
    os.replace(tmp, out)
    return out


FLORES = SHARED / "corpora" / "flores200-devtest" / "nld_Latn.devtest"
REAL_OUTPUTS = SHARED / "corpora" / "opus-mt-nl-en-outputs" / "flores200-devtest.opus-mt-nl-en.eng"


def input_files(kind: str, work: Path) -> list[str]:
    if kind == "seeds":
        return sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    if kind == "flores":
        return [str(flores_article(work))]
    docs = SHARED / "corpora" / "ntrex128-nld-eng" / "docs"
    if not docs.is_dir():
        raise SystemExit(f"no NTREX documents at {docs}")
    return sorted(str(p) for p in docs.glob("*.nld.txt"))


def flores_article(work: Path) -> Path:
    """The FLORES devtest sentences that briefing's segmenter keeps whole (a line it splits has no
    real output per sentence), each a paragraph of one article."""
    from briefing.ingest.articles import parse_article
    from briefing.nlp.segment import segment_article

    if not FLORES.is_file():
        raise SystemExit(f"no FLORES devtest at {FLORES}")
    kept = []
    for line in FLORES.read_text(encoding="utf-8").splitlines():
        paragraphs = segment_article(parse_article("line", f"{line}\n", []))
        if sum(len(p.sentences) for p in paragraphs) == 1 and paragraphs[0].sentences[0].text == line.strip():
            kept.append(line.strip())
    out = work / "flores" / "flores-devtest.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n\n".join(kept) + "\n", encoding="utf-8")
    return out


def real_lengths(tokenizer: Path) -> dict[str, int]:
    """Dutch sentence → the length in target tokens (and </s>) of what the real opus-mt-nl-en
    wrote for it."""
    import sentencepiece as spm

    if not REAL_OUTPUTS.is_file():
        raise SystemExit(f"--lengths real needs the real outputs at {REAL_OUTPUTS}")
    target = spm.SentencePieceProcessor(model_file=str(tokenizer / "target.spm"))
    dutch = FLORES.read_text(encoding="utf-8").splitlines()
    english = REAL_OUTPUTS.read_text(encoding="utf-8").splitlines()
    return {nl.strip(): len(ids) + 1 for nl, ids in zip(dutch, target.encode(english))}


def output_vocabulary_coverage(tokenizer: Path, shortlist_sizes: tuple[int, ...] = (4000, 16000)) -> dict:
    """How much of what the real model wrote (FLORES) the restricted output vocabulary holds: its
    target tokens as the model writes them (a piece of target.spm that the shared vocabulary
    lacks, such as `▁news`, is written with pieces it has). Beside it, the same for per-sentence
    shortlists of K pieces: the K most probable English pieces by target.spm's own scores, and
    the pieces of the sentence's own words (names and numbers are copied)."""
    import sentencepiece as spm

    from briefing.translate.model import output_vocabulary

    pieces, _, size = output_vocabulary(tokenizer)
    allowed = set(pieces)
    vocab = set(json.loads((tokenizer / "vocab.json").read_text(encoding="utf-8")))
    target = spm.SentencePieceProcessor(model_file=str(tokenizer / "target.spm"))
    by_score = sorted(range(target.get_piece_size()), key=lambda i: -target.get_score(i))
    ranked = [p for p in (target.id_to_piece(i) for i in by_score) if p in vocab]
    tops = {k: set(ranked[:k]) for k in shortlist_sizes}
    dutch = FLORES.read_text(encoding="utf-8").splitlines()
    english = REAL_OUTPUTS.read_text(encoding="utf-8").splitlines()
    tokens = covered = whole = 0
    shortlisted = dict.fromkeys(shortlist_sizes, 0)
    for nl, line in zip(dutch, english):
        written: list[str] = []
        for piece in target.encode(line, out_type=str):
            if piece in vocab:
                written.append(piece)
                continue
            # The best segmentation of this piece's text into pieces the model has.
            for option in target.nbest_encode_as_pieces(piece.replace("▁", " "), 20):
                if all(p in vocab for p in option):
                    written.extend(option)
                    break
            else:
                written.append(piece)
        tokens += len(written)
        inside = sum(p in allowed for p in written)
        covered += inside
        whole += inside == len(written)
        own = {p for word in nl.split() for form in (word, word.strip(".,;:!?()\"'„”“‘’"))
               for p in (*target.encode(form, out_type=str), *target.encode(form.lower(), out_type=str))}
        for k in shortlist_sizes:
            shortlisted[k] += all(p in own or p in tops[k] for p in written)
    lines = len(english)
    return {"tokens": tokens, "covered": covered, "share": round(covered / tokens, 6),
            "sentences_fully_covered": round(whole / lines, 6), "vocabulary": len(pieces), "of": size,
            "shortlist_sentences_fully_covered": {str(k): round(n / lines, 4) for k, n in shortlisted.items()}}


def sentences_of(files: list[str], limit: int) -> tuple[list[str], list[str]]:
    """The sentences briefing's segmenter makes of the files, the first `limit`, and the files
    that hold them (so every engine gets the same sentences)."""
    from briefing.ingest.articles import read_article
    from briefing.nlp.segment import segment_article

    sentences: list[str] = []
    used: list[str] = []
    for f in files:
        if len(sentences) >= limit:
            break
        used.append(f)
        for p in segment_article(read_article(f)):
            sentences.extend(s.text for s in p.sentences)
    return sentences[:limit], used


def source_lengths(tokenizer: Path, sentences: list[str]) -> list[int]:
    """Each sentence's length in source tokens, and its </s>."""
    import sentencepiece as spm

    from briefing.translate.engine import normalize_punctuation

    source = spm.SentencePieceProcessor(model_file=str(tokenizer / "source.spm"))
    return [min(len(ids), 510) + 1 for ids in source.encode([normalize_punctuation(s) for s in sentences])]


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: on Linux ru_maxrss keeps the
    high-water mark of the image before exec (here the driver, with torch loaded)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- engines (each run in its own process) -----------------------------------------------------


def engine_naive(model: str, sentences: list[str], targets: list[int], beam: int, threads: int) -> dict:
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    from briefing.translate.engine import normalize_punctuation

    torch.set_num_threads(threads)
    t0 = time.perf_counter()
    tok = MarianTokenizer.from_pretrained(model)
    net = MarianMTModel.from_pretrained(model).eval()
    load = time.perf_counter() - t0
    target = 0
    start = time.perf_counter()
    with torch.inference_mode():
        for s, t in zip(sentences, targets):
            enc = tok(normalize_punctuation(s), return_tensors="pt", truncation=True, max_length=510)
            n = forced_length(t)
            out = net.generate(**enc, num_beams=beam, min_new_tokens=n, max_new_tokens=n, do_sample=False)
            tok.decode(out[0], skip_special_tokens=True)
            target += n
    return {"seconds": time.perf_counter() - start, "load_s": load, "sentences": len(sentences), "target_tokens": target}


def engine_ct2(model: str, sentences: list[str], targets: list[int], beam: int, threads: int, tuned: bool) -> dict:
    """CTranslate2 alone on pre-tokenized input: with its defaults (`ct2-raw`), or called as its
    documentation recommends for speed (`ct2-tuned`: length-sorted input, batches of 4096
    tokens, a thread per core)."""
    import ctranslate2
    import sentencepiece as spm

    from briefing.translate.ct2 import convert
    from briefing.translate.engine import normalize_punctuation

    folder = convert(model, "int8")
    t0 = time.perf_counter()
    options = {"intra_threads": threads, "inter_threads": 1} if tuned else {}
    engine = ctranslate2.Translator(str(folder), device="cpu", compute_type="int8", **options)
    source = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
    target_spm = spm.SentencePieceProcessor(model_file=str(folder / "target.spm"))
    load = time.perf_counter() - t0
    # Tokenized before the clock starts: the engine alone is timed. Outputs forced to a length
    # are grouped by that length (one decoding length per call).
    tokens = [[*t[:510], "</s>"] for t in source.encode([normalize_punctuation(s) for s in sentences], out_type=str)]
    groups: dict[int, list[list[str]]] = {}
    for t, n in sorted(zip(tokens, targets), key=lambda x: len(x[0])):
        groups.setdefault(forced_length(n), []).append(t)
    batching = {"max_batch_size": 4096, "batch_type": "tokens"} if tuned else {}
    target = 0
    start = time.perf_counter()
    for n, group in sorted(groups.items()):
        results = engine.translate_batch(group, beam_size=beam, min_decoding_length=n, max_decoding_length=n, **batching)
        for r in results:
            target_spm.decode(r.hypotheses[0])
        target += n * len(group)
    return {"seconds": time.perf_counter() - start, "load_s": load, "sentences": len(tokens), "target_tokens": target}


def engine_briefing(backend: str, model: str, files: list[str], sentences: list[str], targets: list[int],
                    beam: int, threads: int, vocabulary: str) -> dict:
    from briefing.pipeline import read_analysed
    from briefing.translate.engine import DecodeSettings, normalize_punctuation
    from briefing.translate.translator import TranslationConfig, load_engine

    lengths = {normalize_punctuation(s): t for s, t in zip(sentences, targets)}
    config = TranslationConfig(model=model, device="cpu", backend=backend,
                               decode=DecodeSettings(beam_size=beam, forced_lengths=lengths, output_vocabulary=vocabulary))
    t0 = time.perf_counter()
    translator = load_engine(config, backend)
    if backend == "transformers":
        import torch

        torch.set_num_threads(threads)
    load = time.perf_counter() - t0
    start = time.perf_counter()
    items, _ = read_analysed(files)
    mine = [s.text for i in items for p in i.paragraphs for s in p.sentences][: len(sentences)]
    translator.translate(mine)
    seconds = time.perf_counter() - start
    target = sum(forced_length(lengths.get(normalize_punctuation(s)) or translator.count_tokens(normalize_punctuation(s))) for s in mine)
    return {"seconds": seconds, "load_s": load, "sentences": len(mine), "target_tokens": target,
            "output_vocabulary": translator.signature.get("output_vocabulary")}


def run_engine(args: argparse.Namespace) -> None:
    spec = json.loads(Path(args.spec).read_text())
    name = spec["engine"]
    if name == "naive":
        result = engine_naive(spec["model"], spec["naive_sentences"], spec["naive_targets"], spec["beam"], spec["threads"])
    elif name in ("ct2-raw", "ct2-tuned"):
        result = engine_ct2(spec["model"], spec["sentences"], spec["targets"], spec["beam"], spec["threads"], name == "ct2-tuned")
    else:
        result = engine_briefing(name.split("-", 1)[1], spec["model"], spec["files"], spec["sentences"], spec["targets"],
                                 spec["beam"], spec["threads"], spec["output_vocabulary"])
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    Path(args.result).write_text(json.dumps(result))


# --- the driver --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokenizer", default=str(SHARED / "opus-mt-nl-en"))
    parser.add_argument("--model", help="a real model folder or hub name instead of the random one")
    parser.add_argument("--input", choices=["seeds", "ntrex", "flores"], default="ntrex")
    parser.add_argument("--lengths", choices=["source", "real"], default="source",
                        help="force each output to its source length, or (flores) to the real model's output length")
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--output-vocabulary", choices=["target", "full"], default="target",
                        help="briefing engines: the output layer onto the English pieces (default) or the whole vocabulary")
    parser.add_argument("--naive-sentences", type=int, default=60)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--engines", default="naive,ct2-raw,ct2-tuned,briefing-ct2,briefing-transformers")
    parser.add_argument("--work", default=str(ROOT / "out" / "bench"))
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--engine-spec", dest="spec", help=argparse.SUPPRESS)
    parser.add_argument("--engine-result", dest="result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spec:
        run_engine(args)
        return 0

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    model = args.model or str(build_model(Path(args.tokenizer), work / "opus-mt-nl-en-random"))
    if "ct2" in args.engines:
        from briefing.translate.ct2 import convert

        convert(model, "int8")  # once, before any engine runs: conversion is not timed
    if args.lengths == "real" and args.input != "flores":
        raise SystemExit("--lengths real needs --input flores (the real outputs are of FLORES)")
    files = input_files(args.input, work)
    sentences, used = sentences_of(files, args.sentences)
    targets = source_lengths(Path(args.tokenizer), sentences)
    if args.lengths == "real":
        real = real_lengths(Path(args.tokenizer))
        targets = [real.get(s, t) for s, t in zip(sentences, targets)]
    step = max(1, len(sentences) // max(1, args.naive_sentences))
    naive_sample = sentences[::step][: args.naive_sentences]
    naive_targets = targets[::step][: args.naive_sentences]
    threads = os.cpu_count() or 1
    results: dict[str, dict] = {}
    for engine in args.engines.split(","):
        spec = work / f"{engine}.spec.json"
        out = work / f"{engine}.result.json"
        spec.write_text(json.dumps({"engine": engine, "model": model, "sentences": sentences, "targets": targets,
                                    "naive_sentences": naive_sample, "naive_targets": naive_targets,
                                    "files": used, "beam": args.beam, "threads": threads,
                                    "output_vocabulary": args.output_vocabulary}))
        print(f"running {engine} …", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, __file__, "--engine-spec", str(spec), "--engine-result", str(out)], check=True)
        r = json.loads(out.read_text())
        results[engine] = {
            "sentences_per_s": round(r["sentences"] / r["seconds"], 3),
            "target_tokens_per_s": round(r["target_tokens"] / r["seconds"], 1),
            "peak_rss_mb": r["peak_rss_mb"],
            "seconds": round(r["seconds"], 2),
            "sentences": r["sentences"],
            "load_s": round(r["load_s"], 2),
        }
        if r.get("output_vocabulary"):
            results[engine]["output_vocabulary"] = r["output_vocabulary"]
    for r in results.values():
        for base in ("naive", "ct2-raw", "ct2-tuned"):
            if base in results:
                r[f"x_{base}"] = round(r["sentences_per_s"] / results[base]["sentences_per_s"], 2)
    import platform

    import torch

    settings = {
        "model": args.model or "random weights, opus-mt-nl-en architecture, real tokenizer",
        "input": args.input, "sentences": len(sentences), "naive_sentences": len(naive_sample),
        "beam": args.beam,
        "length_policy": f"output forced to the {'real model output' if args.lengths == 'real' else 'source'} length "
                         f"(target tokens and </s>) rounded up to {BUCKET}",
        "threads": threads, "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "torch": torch.__version__, "device": "cpu", "briefing_output_vocabulary": args.output_vocabulary,
    }
    try:
        import ctranslate2

        settings["ctranslate2"] = ctranslate2.__version__
    except ImportError:
        pass
    report: dict = {"engines": results, "settings": settings}
    if args.input == "flores" and REAL_OUTPUTS.is_file():
        report["output_vocabulary"] = output_vocabulary_coverage(Path(args.tokenizer))
        report["output_vocabulary_coverage"] = report["output_vocabulary"]["share"]
    header = f"{'engine':24} {'sent/s':>9} {'tok/s':>9} {'RSS MB':>8} {'× naive':>8} {'× ct2-raw':>9} {'× ct2-tuned':>11}"
    print(header)
    for name, r in results.items():
        print(f"{name:24} {r['sentences_per_s']:9.2f} {r['target_tokens_per_s']:9.1f} {r['peak_rss_mb']:8.0f} "
              f"{r.get('x_naive', float('nan')):8.2f} {r.get('x_ct2-raw', float('nan')):9.2f} {r.get('x_ct2-tuned', float('nan')):11.2f}")
    if "output_vocabulary" in report:
        c = report["output_vocabulary"]
        print(f"output vocabulary coverage of the real outputs: {c['share']:.4f} of {c['tokens']} target tokens "
              f"({c['vocabulary']:,} of {c['of']:,} pieces)")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
