"""Who said what (issue 5): quotes, speakers, entities and figures on real articles with the real model.

Floors sit just below what the code reaches; the scorer is shared/eval/score.py. The gold set in
tests/data/quotes_gold was annotated by hand (see its README).
"""
import json
import subprocess
import sys

import pytest

from dateline import Options, extract
from dateline.nlp import enrich, is_english
from tools.goldset import GOLD_DIR, score_bodies
from dateline.nlp.quotes import find_quotes
from dateline.record import Article
from tests.conftest import DEV, SEED, SEED_GOLD

GOLD_FILES = sorted(GOLD_DIR.glob("*.gold.json"))


def seed_story(headline_word: str) -> list[str]:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    return next(a["body"] for a in gold["articles"] if headline_word in a["headline"])


def enriched(body: list[str], level: str = "full") -> Article:
    return enrich(Article(body=list(body), language="en"), Options(nlp=level))


@pytest.fixture(scope="module")
def gold_set_scores(scorer):  # the scorer: skipped without ../shared
    return score_bodies(GOLD_FILES, "full")


def test_gold_set_is_big_and_varied():
    quotes = [q for f in GOLD_FILES for a in json.loads(f.read_text())["articles"] for q in a["quotes"]]
    publishers = {f.name.split("_")[2] for f in GOLD_FILES}
    assert len(GOLD_FILES) >= 20 and len(publishers) >= 20 and len(quotes) >= 150


def test_gold_set_floors(gold_set_scores):
    assert gold_set_scores["quotes"]["f1"] >= 0.95
    assert gold_set_scores["quotes_attributed"]["f1"] >= 0.84


@pytest.mark.shared
def test_seed_bodies_floors():
    s = score_bodies([SEED_GOLD], "full")
    assert s["quotes"]["f1"] >= 0.98
    assert s["quote_speaker"]["accuracy"] >= 0.97
    assert s["quotes_attributed"]["f1"] >= 0.97


def test_seed_page_end_to_end(scorer):
    """From the raw page, so body extraction counts too (issue targets: 0.95, 0.92, 0.90)."""
    t = scorer.Tally()
    scorer.score_page(extract(SEED, Options(nlp="full")).to_dict(), scorer.load(SEED_GOLD), t)
    s = t.report()
    assert s["quotes"]["f1"] >= 0.97
    assert s["quote_speaker"]["accuracy"] >= 0.95
    assert s["quotes_attributed"]["f1"] >= 0.95


def test_quote_running_over_paragraphs_keeps_its_speaker():
    body = seed_story("Explosive remnants")
    spans = {(q.paragraph, q.text[:20]): q for q in find_quotes(body)}
    opened = spans[(36, "You can only hand ba")]
    continued = spans[(37, "So, even in places w")]
    assert opened.runs_on and continued.continued
    article = enriched(body)
    piece = next(q for q in article.quotes if q.paragraph == 37)
    assert piece.speaker == "Paul McCann" and piece.type == "direct"


def test_quote_inside_a_quote_stays_one_quote():
    body = seed_story("Explosive remnants")
    inner = [q for q in find_quotes(body) if q.paragraph == 18]
    assert len(inner) == 1
    assert "‘I found something in my house’" in inner[0].text and inner[0].text.endswith("take care of that?")


def test_quoted_name_is_not_a_quote():
    body = seed_story("Netanyahu")
    texts = [q.text for q in enriched(body).quotes]
    assert not any("Hostage Square" in t for t in texts)
    assert any(t.startswith("a ray of light") for t in texts)  # a quoted phrase that is speech stays


def test_pronoun_resolves_to_the_person_named_before():
    article = enriched(seed_story("Pezeshkian"))
    told = next(q for q in article.quotes if q.paragraph == 6)  # “This clearly shows ...,” he told ...
    assert told.speaker == "Ali Vaez" and told.cue == "tell"
    asked = next(q for q in enriched(seed_story("New Syria")).quotes if q.paragraph == 4)  # ..." he asked.
    assert asked.speaker == "Ezzedine Al-Rayeq"


def test_surname_and_title_resolve_to_the_full_name_and_description():
    article = enriched(seed_story("Pezeshkian"))
    q = next(q for q in article.quotes if q.paragraph == 25)  # "the Navanti Group's Albasha said"
    assert q.speaker == "Mohammed Albasha"
    first = next(q for q in article.quotes if q.paragraph == 5)  # according to Ali Vaez, <title>
    assert first.type == "indirect" and first.speaker == "Ali Vaez"
    assert first.speaker_description == "Iran Project director at the International Crisis Group (ICG)"
    body = article.body[first.paragraph]
    assert body[first.start:first.end] == first.text


def test_entities_merge_aliases():
    article = enriched(seed_story("New Syria"))
    sharaa = next(e for e in article.entities if e.name == "Ahmed Al-Sharaa")
    assert sharaa.type == "PERSON" and "Sharaa" in sharaa.aliases and len(sharaa.mentions) >= 5
    m = sharaa.mentions[0]
    assert article.body[m.paragraph][m.start:m.end] == m.text
    iran = enriched(seed_story("Pezeshkian"))
    icg = next(e for e in iran.entities if e.name == "International Crisis Group")
    assert icg.type == "ORG" and "ICG" in icg.aliases  # the acronym, also when NER ran it into "ICG's Vaez"
    vaez = next(e for e in iran.entities if e.name == "Ali Vaez")
    assert "Vaez" in vaez.aliases and not any(e.name.endswith("Vaez") and e.type == "ORG" for e in iran.entities)


def test_figures_count_things_and_name_their_source():
    article = enriched(seed_story("Explosive remnants"))
    civilians = next(f for f in article.figures if f.counts == "civilians")
    assert civilians.value == 350 and civilians.source == "Paul McCann"


def test_fast_gives_quotes_without_entities():
    article = enriched(seed_story("Pezeshkian"), "fast")
    assert article.nlp == "fast" and article.quotes and not article.entities and not article.figures


def test_only_english_is_enriched():
    german = json.loads(sorted((DEV / "fundus" / "gold").glob("de__*.gold.json"))[0].read_text())
    article = Article(body=german["articles"][0]["body"])  # language unknown, as on the text path
    assert not is_english(article)
    assert enrich(article, Options(nlp="full")).nlp == "off" and not article.quotes
    assert is_english(Article(body=seed_story("Pezeshkian")))


def test_off_imports_no_spacy():
    code = ("import sys; from dateline import extract, Options; r = extract(sys.argv[1], Options(nlp='off'));"
            "assert r.articles and all(a.nlp == 'off' and not a.quotes for a in r.articles);"
            "print('spacy' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "False"


def test_indirect_quotes_with_their_content():
    article = enriched(seed_story("Pezeshkian"))
    said_that = next(q for q in article.quotes if q.paragraph == 11)  # "Some Iranians have said that while ..."
    assert said_that.type == "indirect" and said_that.speaker == "Iranians" and said_that.cue == "say"
    # the complementizer is part of what was said, as annotators of attribution mark it
    assert said_that.text.startswith("that while they do not have any great expectations")
    # "Pezeshkian said that it was “unacceptable ...”": the direct quote is the record, not a second one
    in_15 = [q for q in article.quotes if q.paragraph == 15]
    assert [q.type for q in in_15] == ["direct"]


def test_parse_cache_gives_the_parses_it_stored(tmp_path):
    """The evaluation's parse cache answers with Docs equal to a fresh parse, and so the same quotes."""
    from dateline.nlp import model
    from tools import parse_cache

    body = seed_story("Explosive remnants")[:6]
    fresh = [(q.text, q.speaker, q.type) for q in enriched(body, "fast").quotes]
    original = model.load
    try:
        parse_cache.install(tmp_path / "parses.sqlite")
        first = [(q.text, q.speaker, q.type) for q in enriched(body, "fast").quotes]
        second = [(q.text, q.speaker, q.type) for q in enriched(body, "fast").quotes]  # from the cache
    finally:
        model.load = original
    assert fresh == first == second and fresh


def test_reported_speech_model_is_shipped_and_used(monkeypatch):
    """The trained model scores the candidates; without it the rule (a speech verb with a clause) stands in."""
    from dateline.nlp import reported

    model = reported.load_model()
    assert model is not None and 0 < model.threshold < 1 and model.lemma_rates["say"][1] > 1000
    body = seed_story("Iran")
    with_model = [q for q in enriched(body, "fast").quotes if q.type == "indirect"]
    monkeypatch.setenv("DATELINE_REPORTED_MODEL", "/nonexistent/reported.json")
    by_rule = [q for q in enriched(body, "fast").quotes if q.type == "indirect"]
    assert with_model and by_rule
    assert {q.text for q in with_model} != {q.text for q in by_rule}
    assert all(q.speaker is None or q.speaker.strip() for q in with_model)


def test_speaker_is_never_a_headline_fragment():
    """A verb or adverb that capitals run into a name ("Certainly Donald Trump") is not part of the speaker."""
    for name in ("huff-post_2016-07-18_so-long-grand-old-party-hello-wh",
                 "usa-today_2016-07-28_the-hillary-speech-we-d-like-to-"):
        gold = json.loads((DEV / "polnear" / "gold" / f"{name}.gold.json").read_text(encoding="utf-8"))
        speakers = {q.speaker for q in enriched(gold["articles"][0]["body"], "full").quotes}
        assert "Donald Trump" in speakers
        assert not {s for s in speakers if s and s.split()[0] in ("Certainly", "Entrusting")}, speakers


def test_reported_speech_inside_reported_speech_is_one_attribution():
    """A verb of the reported clause offers its own content ("said [he thinks [the plan will fail]]"): only
    the outer clause is a record, as annotators of attribution mark it."""
    body = ["Senator Jane Smith said on Tuesday that she believes the plan will fail because voters "
            "think it costs too much."]
    indirect = [q for q in enriched(body, "fast").quotes if q.type == "indirect"]
    assert [q.text for q in indirect] == ["that she believes the plan will fail because voters think it costs too much"]
    for name in ("huff-post_2016-07-18_so-long-grand-old-party-hello-wh",
                 "usa-today_2016-07-28_the-hillary-speech-we-d-like-to-"):
        gold = json.loads((DEV / "polnear" / "gold" / f"{name}.gold.json").read_text(encoding="utf-8"))
        quotes = [q for q in enriched(gold["articles"][0]["body"], "fast").quotes if q.type == "indirect"]
        assert len(quotes) > 5
        nested = [(a.text, b.text) for a in quotes for b in quotes if a is not b and a.paragraph == b.paragraph
                  and b.start <= a.start and a.end <= b.end]
        assert not nested, nested[:3]


def test_an_object_with_what_follows_it_is_a_candidate():
    """"accused the party of lying", "called him a liar": annotators take the object with the rest."""
    from dateline.nlp import prepare

    body = ["The senator accused the party of lying about the budget.", "She called him a liar on Tuesday.",
            "He denied the claims."]
    _, _, candidates = prepare(Article(body=body, language="en"), Options(nlp="fast"))
    rest = {(c.cue.lemma_, c.span().text) for c in candidates if c.kind == "object_rest"}
    assert ("accuse", "the party of lying about the budget") in rest
    assert ("call", "him a liar on Tuesday") in rest
    assert not any(lemma == "deny" for lemma, _ in rest)  # an object alone is the plain object candidate


def test_one_content_a_cue():
    """"told [reporters] [that ...]": of the contents one cue offers, only the likeliest is a record."""
    from dateline.nlp import prepare
    from dateline.nlp.attribute import candidate_rows, one_a_cue
    from dateline.nlp.reported import load_model

    model = load_model()
    bitten = 0
    for name in ("huff-post_2016-07-18_so-long-grand-old-party-hello-wh",
                 "usa-today_2016-07-28_the-hillary-speech-we-d-like-to-"):
        gold = json.loads((DEV / "polnear" / "gold" / f"{name}.gold.json").read_text(encoding="utf-8"))
        article = Article(body=list(gold["articles"][0]["body"]), language="en")
        att, _, candidates = prepare(article, Options(nlp="fast"))
        scores = model.score(candidate_rows(att, candidates, model.lemma_rates, model.prior)[0])
        keep = one_a_cue(candidates, scores, model.threshold)
        cues = [(c.paragraph, c.cue.i) for c, k in zip(candidates, keep) if k]
        assert len(cues) == len(set(cues)) and cues
        over = [(c.paragraph, c.cue.i) for c, s in zip(candidates, scores) if s >= model.threshold]
        bitten += len(over) - len(cues)
    assert bitten > 0  # the articles have cues with two contents over the threshold


@pytest.mark.shared  # the scorer's token F1 labels the candidates
def test_threshold_counts_one_hit_per_attribution():
    """Two contents of one cue, or two cues, that match the same annotated attribution are one hit, as the
    scorer counts them: offering a cue's candidates twice over does not move the threshold."""
    import numpy as np

    from tools import train_quotes

    names = ("huff-post_2016-07-18_so-long-grand-old-party-hello-wh",
             "usa-today_2016-07-28_the-hillary-speech-we-d-like-to-")
    paths = [DEV / "polnear" / "gold" / f"{name}.gold.json" for name in names]
    data = train_quotes.collect(paths, level="fast")
    n_gold = sum(data["gold"].values())
    assert data["y"].sum() > 10 and len(data["matches"]) == len(data["y"])
    # a score that ranks the matching candidates first, as a trained model would
    p = np.where(data["y"] > 0, 0.6, 0.3) + np.linspace(0, 0.01, len(data["y"]))
    once = train_quotes.best_threshold(p, data["cues"], data["matches"], n_gold)
    twice = train_quotes.best_threshold(np.concatenate([p, p - 1e-4]), np.concatenate([data["cues"]] * 2),
                                        data["matches"] * 2, n_gold)
    assert once == twice or abs(once - twice) < 1e-3
    hits = {g for m in data["matches"] for g in m}
    assert len(hits) < int(data["y"].sum())  # the articles do have attributions several candidates match


def test_a_content_running_on_keeps_the_next_sentences_attributions():
    """A content that runs on into the paragraph's next sentence does not swallow that sentence's own
    attribution; a verb inside the reported clause of the same sentence is still an inner one."""
    from dateline.nlp import prepare
    from dateline.nlp.attribute import outermost
    from dateline.nlp.reported import Candidate

    body = ["The mayor said the budget would pass, and officials think it costs too much. "
            "The governor warned that the state would sue."]
    _, _, candidates = prepare(Article(body=body, language="en"), Options(nlp="fast"))
    said = next(c for c in candidates if c.cue.lemma_ == "say" and c.kind == "clause")
    warned = next(c for c in candidates if c.cue.lemma_ == "warn" and c.kind == "clause")
    think = next(c for c in candidates if c.cue.lemma_ == "think" and c.kind == "clause")
    doc = said.cue.doc
    run_on = Candidate(said.paragraph, said.cue, said.kind, said.start, len(doc) - 1)
    keep = outermost([run_on, warned, think], [True, True, True])
    assert keep == [True, True, False]


def test_nouns_passives_asides_and_running_quotes_are_candidates():
    """What no verb's clause, object or topic offered: a noun's or adjective's report with its holder, a
    passive's subject with its "by" phrase as the source, a cue set into the clause, a verb's topic after
    "to", and a clause that ends inside a quotation running on past its sentence."""
    from dateline.nlp import prepare

    body = ["Donald Trump renewed his call for a ban on Muslims entering the country.",
            "O’Malley’s move was first reported by MSNBC.",
            "Cruz has been acutely aware that the contest boils down to a delegate battle.",
            "The plan, Senator Mike Lee said, would fail.",
            "Gross was referring to Jim Brady and his wife.",
            "Brooks said the tone of the debate “was because the others decided to attack. And so it was a "
            "rougher debate.” The crowd cheered."]
    att, _, candidates = prepare(Article(body=body, language="en"), Options(nlp="fast"))
    found = {(c.kind, c.span().text): att.speaker_of(c.paragraph, c.cue).name for c in candidates}
    assert found[("noun_topic", "a ban on Muslims entering the country")] == "Donald Trump"
    assert found[("passive_subject", "O’Malley’s move")] == "MSNBC"
    assert found[("noun_clause", "that the contest boils down to a delegate battle")] == "Cruz"
    assert ("parataxis", "The plan, Senator Mike Lee said, would fail") in found
    assert ("topic", "Jim Brady and his wife") in found
    assert found[("clause", "the tone of the debate “was because the others decided to attack. "
                            "And so it was a rougher debate.”")] == "Brooks"


def test_content_ends_before_an_aside_set_off_by_a_comma():
    """A relative clause set off by a comma at the content's end is the writer's aside, not what was
    reported ("… Eric Fanning[, who was his chief of staff at the time]"); one without the comma stays, and so
    does an aside before the content's end."""
    from dateline.nlp import prepare

    body = ["The senator said the plan helps the families who need it most.",
            "The senator said the plan helps Jane Smith, who needs it most.",
            "The senator said the plan helps Jane Smith, who needs it most, and costs little."]
    _, _, candidates = prepare(Article(body=body, language="en"), Options(nlp="fast"))
    clauses = {c.span().text for c in candidates if c.kind == "clause"}
    assert "the plan helps the families who need it most" in clauses
    assert "the plan helps Jane Smith" in clauses
    assert "the plan helps Jane Smith, who needs it most, and costs little" in clauses


def test_relative_pronouns_and_groups_name_their_speaker():
    """"X, a demographer, who argues …" is X's argument; "some in the party say …" is the group's, as written;
    "they" stays unresolved. The model still sees only what the cue's own subject names."""
    from dateline.nlp import prepare

    body = ["Alan Abramowitz, a demographer at Emory University, who argues that the party has changed, spoke "
            "on Monday.", "Some in the party say the plan will fail.",
            "Those who have studied the law warn it is weak.", "They say the plan will fail.",
            "One of the authors of the report, Ari Fleischer, said the plan will fail."]
    att, _, _ = prepare(Article(body=body, language="en"), Options(nlp="fast"))
    said = {(p, t.lemma_): att.speaker_of(p, t) for p in range(len(body)) for t in att.cues(p)}
    assert said[(0, "argue")].name == "Alan Abramowitz" and said[(0, "argue")].through_clause
    assert said[(1, "say")].name == "Some in the party"
    assert said[(2, "warn")].name == "Those who have studied the law"
    assert said[(3, "say")].name is None
    assert said[(4, "say")].name == "Ari Fleischer" and not said[(4, "say")].through_clause
    # a direct quote keeps the cue with a subject of its own over a nearer clause's relative pronoun
    body = ["Trump, meanwhile, rejects any indicators that suggest Harris is ahead even as he lashes out at her, "
            "declaring that “our country is finished” if she wins."]
    speakers = {q.text: q.speaker for q in enriched(["Donald Trump spoke on Monday."] + body, "fast").quotes}
    assert speakers["our country is finished"] == "Donald Trump"


def test_a_candidate_is_scored_with_its_neighbours():
    """"told [Fox News] [on Sunday] [that …]": the model sees how many contents the cue offers, that one is
    a clause, which is the longest, and how many other cues' contents a content holds
    (reported.context_rows, 2026-12-06); the record keeps the clause with its speaker."""
    from dateline.nlp import prepare
    from dateline.nlp.reported import CONTEXT_FEATURES, context_rows, feature_names, load_model

    gold = json.loads((DEV / "polnear" / "gold" / "huff-post_2016-07-18_so-long-grand-old-party-hello-wh.gold.json")
                      .read_text(encoding="utf-8"))
    body = [line for p in gold["articles"][0]["body"] for line in p.split("\n") if "told Fox News on Sunday" in line]
    _, _, candidates = prepare(Article(body=body, language="en"), Options(nlp="fast"))
    rows = {(c.kind, c.span().text[:20]): dict(zip(CONTEXT_FEATURES, r))
            for c, r in zip(candidates, context_rows(candidates, len(body))) if c.cue.lower_ == "told"}
    obj, clause = rows[("object", "Fox News")], rows[("clause", "that Trump appreciat")]
    assert obj["cue_contents"] == clause["cue_contents"] == 4 and obj["cue_has_clause"] == 1
    assert obj["longest_of_cue"] == 0 and rows[("object_rest", "Fox News on Sunday t")]["longest_of_cue"] == 1
    assert clause["holds_others"] == 2 and clause["ends_paragraph"] == 1 and obj["opens_proper"] == 1
    assert feature_names()[-len(CONTEXT_FEATURES):] == list(CONTEXT_FEATURES) and load_model() is not None
    quotes = [(q.text, q.speaker) for q in enriched(body, "fast").quotes]
    assert quotes == [("that Trump appreciates the need to do better", "Priebus")]


def test_a_wire_dateline_is_never_the_speaker():
    """"MACAU (Reuters) – Top Republican Party donor Sheldon Adelson said on Friday he met ...": read as part
    of the sentence, the place became the subject of "said" (speaker "MACAU", description "(Reuters)")."""
    name = "breitbart_2015-12-20_republican-donor-adelson-and-tru"
    gold = json.loads((DEV / "polnear" / "gold" / f"{name}.gold.json").read_text(encoding="utf-8"))
    body = gold["articles"][0]["body"]
    assert any(p.startswith("MACAU (Reuters)") for p in body[:3])
    quotes = enriched(body, "fast").quotes
    assert not [q for q in quotes if q.speaker and "MACAU" in q.speaker], [(q.speaker, q.text[:40]) for q in quotes]
    met = [q for q in quotes if q.text.startswith(("he met", "on Friday he met"))]
    assert met and all(q.speaker and q.speaker.endswith("Adelson") for q in met), [(q.speaker, q.text) for q in met]


def test_a_speaker_label_opening_a_transcript_line_is_no_dateline():
    """A colon after a bare upper-case word opens a transcript's line ("SANDERS: ..."), not a dateline:
    the paragraph is parsed as written."""
    from dateline.nlp import _parsed_text

    line = "SANDERS: We will win this state, and we will win the nomination."
    assert _parsed_text(line, 0) == line
    wire = "WASHINGTON (AP) — Officials said Tuesday that the plan would go ahead."
    assert _parsed_text(wire, 1).lstrip().startswith("Officials said") and len(_parsed_text(wire, 1)) == len(wire)


def test_a_statement_is_not_the_person_named_before_it():
    """"Instead, the statement talked about giving voters the right to ...": a noun ending in "-ment" names
    a thing, never a person, though it ends as "student" does; it was read as a description of the
    person named last (Devine, whose own words open the article)."""
    name = "huff-post_2016-04-27_bernie-sanders-suffered-a-big-bl"
    gold = json.loads((DEV / "polnear" / "gold" / f"{name}.gold.json").read_text(encoding="utf-8"))
    quotes = enriched(gold["articles"][0]["body"], "fast").quotes
    said = [q for q in quotes if q.text.startswith("giving voters the right")]
    assert said and all(q.speaker and "statement" in q.speaker for q in said), [(q.speaker, q.text[:40]) for q in said]
    assert any(q.speaker and q.speaker.endswith("Devine") for q in quotes)  # found where he speaks
