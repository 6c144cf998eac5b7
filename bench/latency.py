"""`briefing translate` of one sentence: cold start (a new process, model load included) and warm
(the loaded translator, once more).

    python bench/latency.py [--model DIR] [--runs 5]

Without --model it uses the random-weights model with opus-mt-nl-en's architecture that
bench/speed.py builds (out/bench/opus-mt-nl-en-random); outputs are not forced here, so the
`--max-new-tokens` budget (default 2 × source + 16) bounds the work of a random model.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "De Russische president Poetin is in Noord-Korea voor een bezoek aan Kim Jong-un."


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "out" / "bench" / "opus-mt-nl-en-random"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--max-new-tokens", type=int, default=24)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from briefing.translate.engine import DecodeSettings
    from briefing.translate.translator import TranslationConfig, load_engine

    result = {}
    for backend in ("ct2", "transformers"):
        cold = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "briefing", "translate", SENTENCE, "--model", args.model, "--backend", backend, "--no-memory"],
                check=True, capture_output=True,
            )
            cold.append(time.perf_counter() - start)
        config = TranslationConfig(model=args.model, device="cpu", decode=DecodeSettings(max_new_tokens=args.max_new_tokens))
        translator = load_engine(config, backend)
        translator.translate([SENTENCE])
        warm = []
        for _ in range(args.runs * 2):
            start = time.perf_counter()
            translator.translate([SENTENCE])
            warm.append(time.perf_counter() - start)
        result[backend] = {"cold_s_median": round(statistics.median(cold), 2), "warm_s_median": round(statistics.median(warm), 3)}
    print(json.dumps({"sentence": SENTENCE, "runs": args.runs, "max_new_tokens_warm": args.max_new_tokens, **result}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
