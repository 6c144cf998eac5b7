"""Translation speed of briefing against the engines users would pick instead.

    python bench/speed.py --tokenizer ../shared/opus-mt-nl-en --input ntrex --sentences 400 --json out/speed.json

The model has opus-mt-nl-en's architecture (d_model 512, 6+6 layers, 8 heads, FFN 2048, swish,
scaled embeddings, vocab 67028) and random weights, built from the real tokenizer files, or is a
real model (`--model DIR|NAME`). Random weights decide nothing about when to stop, so every
engine does the same decoding work: beam 4, and each output forced to its source length rounded
up to a multiple of 4 tokens (the rounding lets batched engines share one length per group).

Engines, each in its own process (so peak RSS is its own), on the same sentences:

* `naive`: transformers, one sentence per `generate` call (on `--naive-sentences`, a spread
  sample of the sentences, since it is slow; its rates are per sentence all the same);
* `ct2-raw`: CTranslate2 `translate_batch` on pre-tokenized, length-sorted input, the engine's
  own defaults otherwise: the engine alone;
* `briefing-ct2`, `briefing-transformers`: briefing's own pipeline from the article files
  (reading, cleaning, segmenting, normalising, splitting, tokenizing, batching), memory off.

Model loading is not timed; it is reported separately.
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
from briefing.translate import FORCE_BUCKET as BUCKET  # noqa: E402
from briefing.translate import forced_length  # noqa: E402


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


def input_files(kind: str, work: Path) -> list[str]:
    if kind == "seeds":
        return sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    docs = SHARED / "corpora" / "ntrex128-nld-eng" / "docs"
    if not docs.is_dir():
        raise SystemExit(f"no NTREX documents at {docs}")
    return sorted(str(p) for p in docs.glob("*.nld.txt"))


def sentences_of(files: list[str], limit: int) -> tuple[list[str], list[str]]:
    """The sentences briefing's segmenter makes of the files, the first `limit`, and the files
    that hold them (so every engine gets the same sentences)."""
    from briefing.articles import read_article
    from briefing.segment import segment_article

    sentences: list[str] = []
    used: list[str] = []
    for f in files:
        if len(sentences) >= limit:
            break
        used.append(f)
        for p in segment_article(read_article(f)):
            sentences.extend(s.text for s in p.sentences)
    return sentences[:limit], used


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: on Linux ru_maxrss keeps the
    high-water mark of the image before exec (here the driver, with torch loaded)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- engines (each run in its own process) -----------------------------------------------------


def engine_naive(model: str, sentences: list[str], beam: int, threads: int) -> dict:
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    from briefing.translate import normalize_punctuation

    torch.set_num_threads(threads)
    t0 = time.perf_counter()
    tok = MarianTokenizer.from_pretrained(model)
    net = MarianMTModel.from_pretrained(model).eval()
    load = time.perf_counter() - t0
    target = 0
    start = time.perf_counter()
    with torch.inference_mode():
        for s in sentences:
            enc = tok(normalize_punctuation(s), return_tensors="pt", truncation=True, max_length=510)
            n = forced_length(enc["input_ids"].shape[1])
            out = net.generate(**enc, num_beams=beam, min_new_tokens=n, max_new_tokens=n, do_sample=False)
            tok.decode(out[0], skip_special_tokens=True)
            target += n
    return {"seconds": time.perf_counter() - start, "load_s": load, "sentences": len(sentences), "target_tokens": target}


def engine_ct2_raw(model: str, sentences: list[str], beam: int, threads: int) -> dict:
    import ctranslate2
    import sentencepiece as spm

    from briefing.ct2 import convert
    from briefing.translate import normalize_punctuation

    folder = convert(model, "int8")
    t0 = time.perf_counter()
    engine = ctranslate2.Translator(str(folder), device="cpu", compute_type="int8")
    source = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
    target_spm = spm.SentencePieceProcessor(model_file=str(folder / "target.spm"))
    load = time.perf_counter() - t0
    # Pre-tokenized and length-sorted before the clock starts: the engine alone is timed.
    tokens = sorted(([*t[:510], "</s>"] for t in source.encode([normalize_punctuation(s) for s in sentences], out_type=str)), key=len)
    groups: dict[int, list[list[str]]] = {}
    for t in tokens:
        groups.setdefault(forced_length(len(t)), []).append(t)
    target = 0
    start = time.perf_counter()
    for n, group in sorted(groups.items()):
        results = engine.translate_batch(group, beam_size=beam, min_decoding_length=n, max_decoding_length=n)
        for r in results:
            target_spm.decode(r.hypotheses[0])
        target += n * len(group)
    return {"seconds": time.perf_counter() - start, "load_s": load, "sentences": len(tokens), "target_tokens": target}


def engine_briefing(backend: str, model: str, files: list[str], limit: int, beam: int, threads: int) -> dict:
    from briefing.build import process
    from briefing.translate import DecodeSettings
    from briefing.translation import TranslationConfig, load_engine

    config = TranslationConfig(model=model, device="cpu", backend=backend,
                               decode=DecodeSettings(beam_size=beam, force_source_length=True))
    t0 = time.perf_counter()
    translator = load_engine(config, backend)
    if backend == "transformers":
        import torch

        torch.set_num_threads(threads)
    load = time.perf_counter() - t0
    start = time.perf_counter()
    items, _ = process(files)
    sentences = [s.text for i in items for p in i.paragraphs for s in p.sentences][:limit]
    translator.translate(sentences)
    seconds = time.perf_counter() - start
    target = sum(forced_length(translator.count_tokens(translator_norm(s))) for s in sentences)
    return {"seconds": seconds, "load_s": load, "sentences": len(sentences), "target_tokens": target}


def translator_norm(text: str) -> str:
    from briefing.translate import normalize_punctuation

    return normalize_punctuation(text)


def run_engine(args: argparse.Namespace) -> None:
    spec = json.loads(Path(args.spec).read_text())
    name = spec["engine"]
    if name == "naive":
        result = engine_naive(spec["model"], spec["naive_sentences"], spec["beam"], spec["threads"])
    elif name == "ct2-raw":
        result = engine_ct2_raw(spec["model"], spec["sentences"], spec["beam"], spec["threads"])
    else:
        result = engine_briefing(name.split("-", 1)[1], spec["model"], spec["files"], len(spec["sentences"]), spec["beam"], spec["threads"])
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    Path(args.result).write_text(json.dumps(result))


# --- the driver --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokenizer", default=str(SHARED / "opus-mt-nl-en"))
    parser.add_argument("--model", help="a real model folder or hub name instead of the random one")
    parser.add_argument("--input", choices=["seeds", "ntrex"], default="ntrex")
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--naive-sentences", type=int, default=60)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--engines", default="naive,ct2-raw,briefing-ct2,briefing-transformers")
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
    if any(e.endswith("ct2") or e == "ct2-raw" for e in args.engines.split(",")):
        from briefing.ct2 import convert

        convert(model, "int8")  # once, before any engine runs: conversion is not timed
    files = input_files(args.input, work)
    sentences, used = sentences_of(files, args.sentences)
    step = max(1, len(sentences) // max(1, args.naive_sentences))
    naive_sample = sentences[::step][: args.naive_sentences]
    threads = os.cpu_count() or 1
    results: dict[str, dict] = {}
    for engine in args.engines.split(","):
        spec = work / f"{engine}.spec.json"
        out = work / f"{engine}.result.json"
        spec.write_text(json.dumps({"engine": engine, "model": model, "sentences": sentences, "naive_sentences": naive_sample,
                                    "files": used, "beam": args.beam, "threads": threads}))
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
    for r in results.values():
        for base in ("naive", "ct2-raw"):
            if base in results:
                r[f"x_{base}"] = round(r["sentences_per_s"] / results[base]["sentences_per_s"], 2)
    import platform

    import torch

    settings = {
        "model": args.model or "random weights, opus-mt-nl-en architecture, real tokenizer",
        "input": args.input, "sentences": len(sentences), "naive_sentences": len(naive_sample),
        "beam": args.beam, "length_policy": f"output forced to source length rounded up to {BUCKET}",
        "threads": threads, "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "torch": torch.__version__, "device": "cpu",
    }
    try:
        import ctranslate2

        settings["ctranslate2"] = ctranslate2.__version__
    except ImportError:
        pass
    report = {"engines": results, "settings": settings}
    header = f"{'engine':24} {'sent/s':>9} {'tok/s':>9} {'RSS MB':>8} {'× naive':>8} {'× ct2-raw':>9}"
    print(header)
    for name, r in results.items():
        print(f"{name:24} {r['sentences_per_s']:9.2f} {r['target_tokens_per_s']:9.1f} {r['peak_rss_mb']:8.0f} "
              f"{r.get('x_naive', float('nan')):8.2f} {r.get('x_ct2-raw', float('nan')):9.2f}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
