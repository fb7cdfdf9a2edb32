"""Cleaning speed: the text track, the HTML track and plain trafilatura on the same pages.

    .venv/bin/python benchmarks/clean/speed.py [--limit N] [--rounds 3]

Reads the dev pages of ``../shared/bench/clean`` (text-dev and html-dev hold the
same pages in the same order) and times, in one process, (a) the text track
``clean_text(page_text)``, (b) the HTML track ``extract_html(html)`` and (c)
``trafilatura.extract(html)`` with its defaults. Each round runs the three in a
different order; the median round counts. CPU time of the calls alone.
Writes ``benchmarks/clean/speed.json`` and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import trafilatura

from newsprism.clean import clean_text
from newsprism.clean.html import extract_html

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT.parent / "shared" / "bench" / "clean"
OUT = Path(__file__).resolve().parent / "speed.json"


def load(limit: int | None) -> tuple[list[str], list[str]]:
    texts, htmls = [], []
    with (
        (BENCH / "text-dev.jsonl").open(encoding="utf-8") as t,
        (BENCH / "html-dev.jsonl").open(encoding="utf-8") as h,
    ):
        for n, (tl, hl) in enumerate(zip(t, h, strict=True)):
            if limit is not None and n >= limit:
                break
            text, html = json.loads(tl), json.loads(hl)
            if text["id"] != html["id"]:
                raise SystemExit(f"{BENCH}: line {n + 1}: ids differ ({text['id']}, {html['id']})")
            texts.append(text["page_text"])
            htmls.append(html["html"])
    return texts, htmls


def cpu_seconds(fn: Callable[[str], object], pages: list[str]) -> float:
    total = 0.0
    for page in pages:
        start = time.process_time()
        fn(page)
        total += time.process_time() - start
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N pages")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    texts, htmls = load(args.limit)
    systems: dict[str, tuple[Callable[[str], object], list[str]]] = {
        "text track: clean_text(page_text)": (clean_text, texts),
        "HTML track: extract_html(html)": (extract_html, htmls),
        "trafilatura.extract(html), defaults": (trafilatura.extract, htmls),
    }
    names = list(systems)
    for fn, pages in systems.values():
        fn(pages[0])  # warm-up: imports, models, caches
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for r in range(args.rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            fn, pages = systems[name]
            seconds[name].append(cpu_seconds(fn, pages))
    n = len(texts)
    rate = {name: n / statistics.median(s) for name, s in seconds.items()}
    base = rate[names[2]]
    result = {
        "pages": n,
        "rounds": args.rounds,
        "python": platform.python_version(),
        "trafilatura": version("trafilatura"),
        "systems": {
            name: {
                "pages_per_s": round(rate[name], 1),
                "vs_trafilatura": round(rate[name] / base, 2),
                "cpu_seconds": [round(s, 3) for s in seconds[name]],
            }
            for name in names
        },
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{n} pages, median of {args.rounds} rounds (CPU time of the calls)\n")
    print("| system | pages/s | × trafilatura |\n|---|---:|---:|")
    for name in names:
        print(f"| {name} | {rate[name]:.1f} | {rate[name] / base:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
