"""The translation desk under load: latency and throughput of `briefing serve` on the CPU.

    python bench/serve.py [--model DIR] [--backend auto] [--json out/serve.json]

The desk runs as its own process (`briefing.desk.serve`, what `briefing serve` runs; uvicorn on
127.0.0.1, a free port) over the random-weights model with opus-mt-nl-en's architecture that
bench/speed.py builds from ../shared/opus-mt-nl-en (out/bench/opus-mt-nl-en-random); clients are
threads of this process speaking HTTP to it, as any client would. CPU time is the desk process's
own (from /proc).
Random weights decide nothing about when to stop, so the output budget (`--max-new-tokens`, as
in bench/latency.py) bounds the work of every sentence alike.

Measured, each with 1 client and with 8 at once, every request a different text (FLORES devtest
sentences, so the translation memory answers nothing):

* one sentence: `POST /translate` (LibreTranslate's call);
* a 30-sentence article: `POST /api/article` (the whole pipeline: segmenting, quotes, QA);

p50 and p95 latency, and throughput (requests and sentences per second); the 8-client
throughput over the 1-client one is what dynamic batching buys. How full the engine's rounds
were in each phase (segments per round, from the desk's /health) and the machine's load average
before and after are recorded with them. Last, a repeat of a sentence already translated,
answered from the memory.

`--desk-source DIR` runs the desk from another checkout's `briefing` package (the same model,
clients and texts): a before/after comparison under the same conditions.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
FLORES = SHARED / "corpora" / "flores200-devtest" / "nld_Latn.devtest"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


DESK = """
import sys
from pathlib import Path
from briefing.desk import DeskConfig, serve
from briefing.translate.engine import DecodeSettings
from briefing.translate.translator import TranslationConfig

model, backend, beam, budget, memory = sys.argv[1:6]
decode = DecodeSettings(beam_size=int(beam), max_new_tokens=int(budget))
serve(DeskConfig(port=0, rate_per_minute=0, timeout_s=900),
      TranslationConfig(model=model, device="cpu", backend=backend, decode=decode, memory=Path(memory)))
"""

SERVER = {"pid": 0}  # the desk process, once started


def server_cpu() -> float:
    """CPU seconds the desk process has used so far (user and system, all its threads)."""
    fields = Path(f"/proc/{SERVER['pid']}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds every process on the machine has used (all cores, from /proc/stat), and this
    process's own: what other jobs took during a phase is the difference, less the desk's."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def run_clients(clients: int, per_client: list[list[object]], send, batching=None) -> dict:
    """`clients` threads, each sending its own requests in turn: the latency of each, the wall
    time, the CPU time the desk process spent over the run, and (`batching`: reads the desk's
    round counters) the engine rounds it took."""
    latencies: list[float] = []
    lock = threading.Lock()
    failures: list[str] = []

    def work(jobs: list[object]) -> None:
        import httpx

        with httpx.Client(timeout=900) as http:
            for job in jobs:
                start = time.perf_counter()
                error = send(http, job)
                spent = time.perf_counter() - start
                with lock:
                    latencies.append(spent)
                    if error:
                        failures.append(error)

    threads = [threading.Thread(target=work, args=(per_client[i],)) for i in range(clients)]
    print(f"  {clients} client(s), {sum(len(p) for p in per_client)} request(s)…", file=sys.stderr, flush=True)
    before = batching() if batching else {}
    cpu, busy, own = server_cpu(), machine_busy(), own_cpu()
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall, cpu = time.perf_counter() - start, server_cpu() - cpu
    others = machine_busy() - busy - cpu - (own_cpu() - own)
    after = batching() if batching else {}
    rounds = {k: after[k] - before[k] for k in ("rounds", "segments", "seconds") if k in after}
    return {"latencies": latencies, "wall_s": wall, "cpu_s": cpu, "others_s": others, "failures": failures, **rounds}


def summary(runs: list[dict], clients: int, sentences_per_request: int = 1) -> dict:
    """Runs of one kind together: p50/p95 of every latency, throughput over the summed wall
    time, CPU seconds per request (what the work costs, whatever else shares the cores), and
    the engine's rounds: how many, and how many segments each took on average."""
    latencies = [x for r in runs for x in r["latencies"]]
    wall = sum(r["wall_s"] for r in runs)
    cpu = sum(r["cpu_s"] for r in runs)
    rounds = sum(r.get("rounds", 0) for r in runs)
    segments = sum(r.get("segments", 0) for r in runs)
    engine = sum(r.get("seconds", 0.0) for r in runs)
    return {
        "clients": clients,
        "requests": len(latencies),
        "p50_s": round(statistics.median(latencies), 3),
        "p95_s": round(percentile(latencies, 0.95), 3),
        "throughput_rps": round(len(latencies) / wall, 3),
        "sentences_per_s": round(len(latencies) * sentences_per_request / wall, 2),
        "cpu_s_per_request": round(cpu / len(latencies), 3),
        "engine_rounds": rounds,
        "segments_per_round": round(segments / rounds, 1) if rounds else None,
        "engine_busy_share": round(engine / wall, 2),  # of the wall time, the engine's worker was translating
        # cores' worth of CPU that other jobs on the machine used meanwhile (neither the desk nor
        # these clients): on 2 cores, what the desk could not have
        "other_jobs_cores": round(sum(r["others_s"] for r in runs) / wall, 2),
        "failures": [f for r in runs for f in r["failures"]][:3],
    }


def compare(one: dict, eight: dict) -> dict:
    return {
        "1_client": one,
        "8_clients": eight,
        "throughput_8_over_1": round(eight["throughput_rps"] / one["throughput_rps"], 2),
        "cpu_per_request_1_over_8": round(one["cpu_s_per_request"] / eight["cpu_s_per_request"], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "out" / "bench" / "opus-mt-nl-en-random"))
    parser.add_argument("--tokenizer", default=str(SHARED / "opus-mt-nl-en"))
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--max-new-tokens", type=int, default=24)
    parser.add_argument("--sentence-requests", type=int, default=8, help="one-sentence requests per client and round")
    parser.add_argument("--rounds", type=int, default=2, help="times the sentence phases run, 1 and 8 clients in turn")
    parser.add_argument("--article-rounds", type=int, default=1, help="times the article phases run")
    parser.add_argument("--json", default=None)
    parser.add_argument("--desk-source", default=str(ROOT),
                        help="the checkout whose briefing package the desk runs (before/after comparisons)")
    args = parser.parse_args()

    from speed import build_model  # bench/speed.py: the same random-weights model

    model = build_model(Path(args.tokenizer), Path(args.model))
    sentences = [s.strip() for s in FLORES.read_text(encoding="utf-8").splitlines() if 40 < len(s.strip()) < 200]
    pool = iter(sentences)

    def take(n: int) -> list[str]:
        return [next(pool) for _ in range(n)]

    def article(n: int = 30) -> str:
        lines = take(n)
        return "\n\n".join(" ".join(lines[i : i + 5]) for i in range(0, n, 5))

    desk_source = Path(args.desk_source).resolve()
    result: dict = {"model": str(model), "beam": args.beam, "max_new_tokens": args.max_new_tokens,
                    "desk_source": str(desk_source), "load_average_before": os.getloadavg()}
    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        load_start = time.perf_counter()
        desk_process = subprocess.Popen(
            [sys.executable, "-c", DESK, str(model), args.backend, str(args.beam), str(args.max_new_tokens),
             str(Path(tmp) / "memory.sqlite3")],
            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(desk_source), "PYTHONUNBUFFERED": "1"},
        )
        SERVER["pid"] = desk_process.pid
        url = desk_process.stdout.readline().strip().rstrip("/")  # type: ignore[union-attr]
        try:
            # The desk loads the model as it starts; wait for it, and warm it with one request.
            httpx.post(url + "/translate", json={"q": "Goedemorgen.", "source": "nl", "target": "en"}, timeout=600)
            result["start_and_first_request_s"] = round(time.perf_counter() - load_start, 2)

            def translate(http, text) -> str | None:
                r = http.post(url + "/translate", json={"q": text, "source": "nl", "target": "en"})
                return None if r.status_code == 200 else f"{r.status_code} {r.text[:100]}"

            def batching() -> dict:
                return httpx.get(url + "/health", timeout=60).json()["batching"]

            def article_request(http, text) -> str | None:
                r = http.post(url + "/api/article", json={"text": text})
                return None if r.status_code == 200 else f"{r.status_code} {r.text[:100]}"

            # 1 and 8 clients in turn, `--rounds` times: whatever else runs on the machine weighs
            # on both alike.
            n = args.sentence_requests
            runs: dict[str, list[dict]] = {"s1": [], "s8": [], "a1": [], "a8": []}
            for _ in range(args.rounds):
                runs["s1"].append(run_clients(1, [take(n)], translate, batching))
                runs["s8"].append(run_clients(8, [take(n) for _ in range(8)], translate, batching))
            result["sentence"] = compare(summary(runs["s1"], 1), summary(runs["s8"], 8))
            # A repeat: a sentence translated above, asked again; the desk is idle.
            repeat = sentences[0]
            start = time.perf_counter()
            r = httpx.post(url + "/translate", json={"q": repeat, "source": "nl", "target": "en"}, timeout=60)
            result["repeat_from_memory_s"] = round(time.perf_counter() - start, 4)
            assert r.status_code == 200
            for _ in range(args.article_rounds):
                runs["a1"].append(run_clients(1, [[article()]], article_request, batching))
                runs["a8"].append(run_clients(8, [[article()] for _ in range(8)], article_request, batching))
            if runs["a1"]:
                result["article_30_sentences"] = compare(summary(runs["a1"], 1, 30), summary(runs["a8"], 8, 30))
            result["batching"] = httpx.get(url + "/health").json()["batching"]
            result["made_with"] = {k: v for k, v in httpx.post(url + "/api/article", json={"text": repeat}).json()["made_with"].items()
                                   if k in ("backend", "quantization", "device", "beam_size", "engine")}
        finally:
            desk_process.send_signal(signal.SIGINT)
            desk_process.wait(60)
    result["load_average_after"] = os.getloadavg()
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
