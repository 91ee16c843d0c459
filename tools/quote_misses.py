"""Where the quote F1 on polnear is lost: missed gold by kind, extras by kind, boundary misses, speakers.

    python -m tools.evaluate --sets polnear/text --kfold --kfold-only   # writes eval-out/kfold/polnear-text
    python -m tools.quote_misses                      # groups the k-fold predictions' misses
    python -m tools.quote_misses --pred eval-out/polnear-text --examples 5

Each article is matched as the scorer matches it (token F1 >= 0.7, greedy one to one). A gold
attribution is `direct`, `partial` (indirect with a quotation inside), `according` (indirect, its
paragraph has "according to") or `indirect`. A missed one is a `boundary` miss when a prediction
overlaps it (token F1 >= 0.3) without reaching the match, else `none`. An extra prediction is
`partial-in-gold` (a direct quote inside a gold indirect attribution), `boundary` (overlaps a gold
one) or `no-gold`, by type; its cue lemma is counted too. Development only.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from tools.evaluate import REPO, SHARED, load_scorer

GOLD = SHARED / "data" / "dev" / "polnear" / "gold"
NEAR = 0.3  # a prediction this close (token F1) to a missed gold one was meant for it
QUOTE_MARK = re.compile(r"[“”\"]")


def gold_kind(q: dict, body: list[str]) -> str:
    text = q.get("text") or ""
    if q.get("type") == "direct":
        return "direct"
    if QUOTE_MARK.search(text):
        return "partial"
    head = text[:40]
    para = next((p for p in body if head and head in p), "")
    return "according" if "according to" in para.lower() else "indirect"


def _shape(sc, pred: str, gold: str) -> str:
    """How a near prediction's words differ from the gold's: longer, shorter, shifted; 'that' in the gold."""
    p, g = Counter(sc.words(pred)), Counter(sc.words(gold))
    extra, missing = sum((p - g).values()), sum((g - p).values())
    form = "pred-longer" if not missing else "pred-shorter" if not extra else "shifted"
    return form + (" gold-opens-that" if sc.words(gold)[:1] == ["that"] and sc.words(pred)[:1] != ["that"] else "")


def analyse(pred_dir: Path, examples: int) -> dict:
    sc = load_scorer()
    c: Counter = Counter()
    cues: dict[str, Counter] = defaultdict(Counter)
    ex: dict[str, list] = defaultdict(list)
    for gf in sorted(GOLD.glob("*.gold.json")):
        pf = pred_dir / gf.name.replace(".gold.json", ".json")
        if not pf.exists():
            continue
        gold, pred = sc.load(gf)["articles"], sc.load(pf).get("articles", [])
        pairs = dict((j, i) for i, j in sc.pair_articles(pred, gold))
        for j, g in enumerate(gold):
            gq = g.get("quotes") or []
            pq = pred[pairs[j]].get("quotes") or [] if j in pairs else []
            types = {q.get("type", "direct") for q in gq} or {"direct"}
            pq = [q for q in pq if q.get("type", "direct") in types]  # what the scorer scores
            m = sc.match_items(pq, gq, key=lambda x: x.get("text") or "", threshold=0.7)
            hit_g = {b: a for a, b in m}
            hit_p = {a for a, _ in m}
            for b, q in enumerate(gq):
                kind = gold_kind(q, g.get("body") or [])
                c[f"gold {kind}"] += 1
                if b in hit_g:
                    c[f"found {kind}"] += 1
                    named = bool(sc.words(sc.speaker_name(q.get("speaker")) or ""))
                    ps = pq[hit_g[b]].get("speaker")
                    if named and not sc.same_person(ps, q.get("speaker")):
                        why = "speaker none" if not ps else "speaker wrong"
                        c[f"{why} {kind}"] += 1
                        if len(ex[why]) < examples * 4:
                            ex[why].append((ps, q.get("speaker"), (q.get("text") or "")[:80]))
                    continue
                best = max(((sc.token_f1(p.get("text") or "", q.get("text") or ""), a) for a, p in enumerate(pq)),
                           default=(0.0, -1))
                why = "boundary" if best[0] >= NEAR else "none"
                if why == "boundary" and best[1] in hit_p:
                    why = "boundary-taken"  # the near prediction matched another gold attribution
                c[f"miss {kind} {why}"] += 1
                if why != "none":
                    c[f"shape {_shape(sc, pq[best[1]].get('text') or '', q.get('text') or '')}"] += 1
                key = f"miss {kind} {why}"
                if len(ex[key]) < examples:
                    near = pq[best[1]].get("text") if best[1] >= 0 else None
                    ex[key].append(((q.get("text") or "")[:160], (near or "")[:160] if why != "none" else None))
            gold_texts = [q.get("text") or "" for q in gq]
            for a, p in enumerate(pq):
                if a in hit_p:
                    continue
                t = p.get("text") or ""
                typ = p.get("type") or "direct"
                near = max((sc.token_f1(t, gt) for gt in gold_texts), default=0.0)
                inside = typ == "direct" and any(sc.norm(t).strip('"') in sc.norm(gt) for gt in gold_texts)
                kind = "partial-in-gold" if inside else "boundary" if near >= NEAR else "no-gold"
                c[f"extra {typ} {kind}"] += 1
                cues[f"{typ} {kind}"][p.get("cue") or "-"] += 1
                key = f"extra {typ} {kind}"
                if len(ex[key]) < examples:
                    ex[key].append((t[:160], p.get("cue")))
    return {"counts": c, "cues": cues, "examples": ex}


def report(res: dict, top: int) -> None:
    c = res["counts"]
    kinds = ("direct", "partial", "according", "indirect")
    print(f"{'gold kind':12s}{'gold':>7s}{'found':>7s}{'recall':>8s}{'bound.':>8s}{'taken':>7s}{'none':>7s}"
          f"{'spk-':>6s}{'spk?':>6s}")
    for k in kinds:
        n = c[f"gold {k}"]
        print(f"{k:12s}{n:7d}{c[f'found {k}']:7d}{c[f'found {k}'] / max(1, n):8.3f}{c[f'miss {k} boundary']:8d}"
              f"{c[f'miss {k} boundary-taken']:7d}{c[f'miss {k} none']:7d}{c[f'speaker none {k}']:6d}"
              f"{c[f'speaker wrong {k}']:6d}")
    shapes = ", ".join(f"{k[6:]} {n}" for k, n in sorted(c.items()) if k.startswith("shape "))
    print("boundary misses by shape:", shapes)
    print("extras:")
    for key in sorted(k for k in c if k.startswith("extra ")):
        cue = res["cues"][key.removeprefix("extra ")].most_common(top)
        print(f"  {key:32s}{c[key]:6d}  " + ", ".join(f"{w} {n}" for w, n in cue))
    for key, rows in sorted(res["examples"].items()):
        print(f"-- {key}")
        for r in rows:
            print("   ", json.dumps(r, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pred", type=Path, default=REPO / "eval-out" / "kfold" / "polnear-text")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--top", type=int, default=8, help="cue lemmas shown per group of extras")
    args = ap.parse_args(argv)
    report(analyse(args.pred, args.examples), args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
