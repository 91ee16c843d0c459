"""Train the reported-speech model from polnear: `make train` (python -m tools.train_quotes).

Every candidate attribution the parse offers (nlp/reported.py: a verb with a clause, an infinitive, an
object or a topic, or "according to") in the gold articles' own bodies is labelled by whether its
content is an attribution the annotators marked (token F1 >= 0.7 with one of the article's gold
quotes, the scorer's match). A gradient-boosted tree ensemble learns which are; it is exported to
JSON (nlp/models/reported.json) with the cue lemmas' attribution rates it was trained with and the
threshold that maximised F1 on publishers it had not seen, and evaluated at run time with numpy only.

    python -m tools.train_quotes                 # train and ship the model
    python -m tools.train_quotes --kfold         # candidate-level figures with each publisher held out
    python -m tools.train_quotes --check         # exit 1 if the shipped model is not what training makes

Seeded (random_state=0) and deterministic: the same data give the same file.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from dateline.nlp import is_english, prepare
from dateline.nlp.attribute import candidate_rows
from dateline.nlp.reported import MODEL_PATH, feature_names, kind_key
from dateline.options import Options
from dateline.record import Article
from tools.evaluate import SHARED, load_scorer
from tools.progress import progress
from tools.reproducible import in_reproducible_process

POLNEAR = SHARED / "data" / "dev" / "polnear" / "gold"
PARAMS = dict(max_iter=250, max_depth=6, learning_rate=0.08, min_samples_leaf=40, l2_regularization=1.0,
              random_state=0)
# a lemma's attribution rate is pulled towards the overall rate by this many pseudo-candidates
RATE_SMOOTHING = 5.0
MATCH = 0.7  # the scorer's threshold for a quote's text


def publisher_of(path: Path) -> str:
    return path.name.split("_", 1)[0]


def collect(paths: list[Path], level: str = "full") -> dict:
    """Candidates of every gold article: lemma, feature row (lemma columns left blank), label, publisher."""
    scorer = load_scorer()
    options = Options(nlp=level)
    lemmas, kinds, rows, labels, pubs, gold_counts = [], [], [], [], [], Counter()
    cues, matches = [], []  # each candidate's cue (one id per cue in the data) and the gold it matches
    cue_ids: dict[tuple[int, int, int], int] = {}
    n_art = n_gold = 0
    for path in progress(paths, "parsing gold articles"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        pub = publisher_of(path)
        for g in gold["articles"]:
            article = Article(headline=g.get("headline"), body=list(g["body"]), language="en")
            if not article.body or not is_english(article):
                continue
            gq = [q.get("text") or "" for q in g.get("quotes") or []]
            gold_counts[pub] += len(gq)
            att, spans, cands = prepare(article, options)
            feats, _, _ = candidate_rows(att, cands, {}, 0.0)
            for c, row in zip(cands, feats):
                text = c.span().text
                lemma = "according" if c.kind == "according" else c.cue.lemma_.lower()
                lemmas.append(lemma)
                kinds.append(kind_key(lemma, c.kind))
                rows.append(row)
                hit = tuple(n_gold + j for j, t in enumerate(gq) if scorer.token_f1(text, t) >= MATCH)
                labels.append(int(bool(hit)))
                matches.append(hit)
                cues.append(cue_ids.setdefault((n_art, c.paragraph, c.cue.i), len(cue_ids)))
                pubs.append(pub)
            n_art += 1
            n_gold += len(gq)
    return {"lemmas": lemmas, "kinds": kinds, "X": np.array(rows, dtype=float), "y": np.array(labels),
            "pubs": np.array(pubs), "gold": dict(gold_counts), "cues": np.array(cues, dtype=int),
            "matches": matches}


def lemma_rates(lemmas, kinds, y, idx) -> tuple[dict, float]:
    """Each cue lemma's attribution rate, smoothed towards the overall rate, and each lemma's with one kind
    of content ("tell|object"), smoothed towards the lemma's."""
    prior = float(y[idx].mean()) if len(idx) else 0.0
    pos, n, kpos, kn, lemma_of = Counter(), Counter(), Counter(), Counter(), {}
    for i in idx:
        n[lemmas[i]] += 1
        pos[lemmas[i]] += int(y[i])
        kn[kinds[i]] += 1
        kpos[kinds[i]] += int(y[i])
        lemma_of[kinds[i]] = lemmas[i]
    rates = {k: ((pos[k] + RATE_SMOOTHING * prior) / (n[k] + RATE_SMOOTHING), n[k]) for k in n}
    for k in kn:
        base = rates[lemma_of[k]][0]
        rates[k] = ((kpos[k] + RATE_SMOOTHING * base) / (kn[k] + RATE_SMOOTHING), kn[k])
    return rates, prior


def with_rates(data: dict, idx, rates: dict, prior: float) -> np.ndarray:
    X = data["X"][idx].copy()
    for row, i in enumerate(idx):
        rate, seen = rates.get(data["lemmas"][i], (prior, 0))
        kind_rate, kind_seen = rates.get(data["kinds"][i], (rate, 0))
        X[row, 0], X[row, 1], X[row, 2], X[row, 3] = rate, np.log1p(seen), kind_rate, np.log1p(kind_seen)
    return X


class _gbdt:
    """The seeded ensemble, fitted on one thread (tools.train.fit_gbdt: the same files on any machine)."""

    def fit(self, X: np.ndarray, y: np.ndarray):
        from tools.train import fit_gbdt

        return fit_gbdt(PARAMS, X, y)


def best_threshold(p: np.ndarray, cues: np.ndarray, matches: list[tuple[int, ...]], n_gold: int) -> float:
    """The score above which accepting candidates gives the best F1 against all n_gold attributions,
    counted as the record is made and scored: of one cue's candidates only the likeliest is kept
    (`attribute.one_a_cue`), and a gold attribution is one hit however many kept candidates match it
    (the scorer matches one to one; several extents of one cue, or two cues, may match the same one)."""
    best: dict[int, int] = {}
    for k in range(len(p)):
        if cues[k] not in best or p[k] > p[best[cues[k]]]:
            best[cues[k]] = k
    kept = sorted(best.values(), key=lambda k: -p[k])
    hit: set[int] = set()
    tp = np.zeros(len(kept))
    for n, k in enumerate(kept):
        new = next((g for g in matches[k] if g not in hit), None)
        if new is not None:
            hit.add(new)
        tp[n] = len(hit)
    if not kept:
        return 0.5
    f1 = 2 * tp / (np.arange(1, len(kept) + 1) + n_gold)
    return float(p[kept[int(np.argmax(f1))]])


def fit(data: dict, train_idx: np.ndarray) -> dict:
    """A model trained on train_idx; its threshold chosen on held-out publishers within them."""
    from tools.train import export

    pubs = sorted(set(data["pubs"][train_idx]))
    # threshold: out-of-fold scores, half the training publishers predicting the other half
    oof = np.zeros(len(train_idx))
    halves = [set(pubs[0::2]), set(pubs[1::2])]
    for held in halves:
        inner = np.array([i for i in train_idx if data["pubs"][i] not in held])
        out_pos = np.array([k for k, i in enumerate(train_idx) if data["pubs"][i] in held])
        rates, prior = lemma_rates(data["lemmas"], data["kinds"], data["y"], inner)
        clf = _gbdt().fit(with_rates(data, inner, rates, prior), data["y"][inner])
        oof[out_pos] = clf.predict_proba(with_rates(data, train_idx[out_pos], rates, prior))[:, 1]
    n_gold = sum(data["gold"].get(p, 0) for p in pubs)
    threshold = best_threshold(oof, data["cues"][train_idx], [data["matches"][i] for i in train_idx], n_gold)
    rates, prior = lemma_rates(data["lemmas"], data["kinds"], data["y"], train_idx)
    clf = _gbdt().fit(with_rates(data, train_idx, rates, prior), data["y"][train_idx])
    spec = export(clf, len(feature_names()))
    spec.update(features=feature_names(), params=PARAMS, threshold=threshold, prior=prior,
                lemma_rates={k: [round(r, 5), n] for k, (r, n) in sorted(rates.items())},
                trained_on=sorted(pubs))
    return spec


def save(spec: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(spec, separators=(",", ":")))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="only the first N gold files of each publisher")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--parse-cache", action="store_true", help="read and write parses in eval-out/parses.sqlite")
    ap.add_argument("--check", action="store_true", help="train, write nothing, exit 1 if --out differs")
    args = ap.parse_args(argv)
    # numpy's CPU-specific code off (tools/reproducible.py): the same file on any x86-64 machine
    again = in_reproducible_process("tools.train_quotes", list(sys.argv[1:] if argv is None else argv),
                                    capture=args.check)
    if again is not None:
        return again
    if args.parse_cache:
        from tools import parse_cache

        parse_cache.install()
    by_pub = defaultdict(list)
    for path in sorted(POLNEAR.glob("*.gold.json")):
        by_pub[publisher_of(path)].append(path)
    paths = [p for pub in sorted(by_pub) for p in by_pub[pub][:args.limit]]
    t0 = time.perf_counter()
    data = collect(paths)
    print(f"{len(data['y'])} candidates from {len(paths)} articles ({data['y'].sum()} attributions), "
          f"{time.perf_counter() - t0:.0f} s")
    spec = fit(data, np.arange(len(data["y"])))
    if args.check:
        made = json.dumps(spec, separators=(",", ":")).encode()
        same = args.out.is_file() and args.out.read_bytes() == made
        print(f"{args.out}: " + ("what make train makes" if same else "DRIFT: differs from what make train makes"))
        return 0 if same else 1
    save(spec, args.out)
    print(f"wrote {args.out} (threshold {spec['threshold']:.3f}, {len(spec['trees'])} trees)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
