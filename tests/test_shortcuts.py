"""The shortcuts the line tests take for speed answer as the plain tests do: a month alternation tried only
where a number follows a word, a word a case-insensitive pattern needs asked for first (lexicon.may_hold),
words counted only up to a limit (words_at_most), a block's repeat key kept with it (Block.key). Each is
checked against the plain form on the lines of real pages and on generated ones that hold the rare cases
(the four letters a case-insensitive pattern folds to ASCII, month names in every case, spaces of every kind)."""
import gzip
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DEV
from dateline import lexicon as L
from dateline.blocks import Block, norm_key
from dateline.fields import dates as D
from dateline.fields import text_fields as T

M = L.MONTHS
# the patterns as they were written before the shortcuts
PLAIN = {
    "BYLINE_TAIL": (T.BYLINE_TAIL, re.compile(
        rf"\d|\b({M})\.?\s+\d|\b({M})\.?\s*$|\s(for|für|pour)\s|\s\S*@|"
        r"\b(updated|published|posted|aktualisiert|veröffentlicht|publiziert|stand|publié|mis à jour|publicado|"
        r"actualizado|pubblicato)\b", re.I)),
    "DATE_RE": (L.DATE_RE, re.compile(L.DATE_RE.pattern.replace(L.WORD_THEN_DIGIT, ""), re.I)),
    "MONTH_GLUED": (D.MONTH_GLUED, re.compile(rf"(?<=[a-z])(?=(?:{M.upper()})\b|(?:{M.title()})\b)")),
}


def words(text: str) -> int:
    return len(text.split())


# each line test that takes a shortcut, and the plain test it must agree with
NEEDS = [
    (L.is_affiliate_note, lambda t: words(t) <= L.AFFILIATE_NOTE_WORDS and bool(L.AFFILIATE_NOTE.search(t))),
    (L.is_follow_prompt, lambda t: words(t) <= L.FOLLOW_PROMPT_WORDS and bool(L.FOLLOW_PROMPT.search(t))),
    (L.is_ad_or_paywall_line, lambda t: words(t) <= L.AD_OR_PAYWALL_WORDS and bool(L.AD_OR_PAYWALL_LINE.search(t))),
    (L.is_reading_time, lambda t: words(t) <= L.READING_TIME_WORDS and bool(L.READING_TIME.search(t))),
    (L.is_download_line, lambda t: words(t) <= L.DOWNLOAD_LINE_WORDS and bool(L.DOWNLOAD_SIZE.search(t))),
    (L.is_newsletter_prompt, lambda t: words(t) <= L.NEWSLETTER_PROMPT_WORDS and bool(L.NEWSLETTER_PROMPT.search(t))
     and bool(L.NEWSLETTER_WORDS.search(t))),
    (L.is_post_footer, lambda t: words(t) <= L.POST_FOOTER_WORDS and bool(L.FILED_UNDER.search(t))
     and L.find_date(t) is not None),
    (L.credit_line, lambda t: not (words(t) > L.CREDIT_LINE_WORDS or t.endswith("."))
     and bool(L.CREDIT_KEY_LINE.match(t) or L.PICTURE_SOURCE_LINE.search(t))),
]


def real_lines(limit: int = 4000) -> list[str]:
    lines: list[str] = []
    for setname in ("fundus", "wcxb", "scrapinghub"):
        for path in sorted((DEV / setname / "text").iterdir())[:40]:
            lines += gzip.decompress(path.read_bytes()).decode("utf-8", "replace").splitlines()
    return [x for x in lines if x.strip()][:limit]


SAMPLES = ["Updated 5 min ago", "By Jane Doe, March 3, 2024", "Photo: AFP / Getty Images", "Getty Images",
           "Dec 17, 2025Julian K. Arni", "Mental HealthDECEMBER 22, 2022", "am 28. März 2024", "veröffentlicht am",
           "We may earn a commission from links on this page.", "We may earn a commiſſion", "6 min read",
           "Follow us on Facebook", "Advertisement: New AI Book!", "Merkblatt PDF | 38 KB", "Ѕеnt Ѕерt 3",
           "КЕLVIN 5 KB", "Sept.\u00a012, 2024", "mayo\n3", "İnce 3 Ocak 2024",
           "This entry was posted on 3/4/24 and is filed under News", "Sign up for our newsletter", "(AFP)",
           "Quelle: dpa", "a:b  :  c", "Von",
           # one line for each word a test asks for first
           "This story is available only to members", "Exclusive to our subscribers", "Anzeige: Neue Bücher",
           "SPONSORED - A trip", "This post includes affiliate links",
           "As an Associate I earn from qualifying purchases", "Subscribe to get new posts by email",
           "Sign up to join our mailing list", "Please check your inbox",
           "Our work is supported by commissions", "Amazon earns us a small commission", "3 Minuten Lesezeit",
           "report.docx 1,2 MB", "clip mp3 4 GB", "file zip 3 KiB", "Kategorien: Linux, 3.4.2024",
           "Posted in News on 3/4/2024", "Publié dans Actualités le 3/4/2024", "Archivado en Noticias 3/4/2024",
           "Abgelegt unter X am 3.4.2024", "Categories: News 3/4/2024", "follow me along on Instagram",
           "Photos", "Pictures / Jane Doe", "AP Photo/Jane Doe", "© Reuters", "Credit: AP", "Bilder"]
month_forms = st.sampled_from(sorted(L.MONTH_NUMBERS)).flatmap(
    lambda m: st.sampled_from([m, m.upper(), m.title()]))
piece = st.one_of(month_forms, st.sampled_from(["3", "12,", "2024", ".", " ", "  ", "\n", "\u00a0", ":", "/", "by",
                                                "Images", "commission", "ſ", "K", "İ", "ı", "follow", "min", "kb"]),
                  st.text(max_size=6))
line = st.lists(piece, max_size=10).map("".join)


def _agree(text: str) -> None:
    for name, (short, plain) in PLAIN.items():
        assert [(m.span(), m.groups()) for m in short.finditer(text)] == \
            [(m.span(), m.groups()) for m in plain.finditer(text)], (name, text)
    for test, plain in NEEDS:
        assert test(text) == plain(text), (test.__name__, text)
    for n in (0, 1, 5, 60):
        assert L.words_at_most(text, n) == (words(text) <= n)


def test_the_shortcuts_agree_with_the_plain_tests_on_real_lines():
    lines = real_lines() + SAMPLES
    found = {name: 0 for name in PLAIN}
    for text in lines:
        _agree(text)
        for name, (_, plain) in PLAIN.items():
            found[name] += bool(plain.search(text))
    assert all(found.values()), found  # the lines hold what each pattern finds, so agreeing is not empty


@settings(max_examples=400, deadline=None)
@given(line)
def test_the_shortcuts_agree_with_the_plain_tests_on_any_line(text):
    _agree(text)


def test_may_hold_passes_nothing_a_case_insensitive_pattern_finds():
    assert not L.may_hold("Nothing to see here", "commission")
    assert L.may_hold("COMMISSION", "commission")
    # re.I matches "ſ" to "s" and the Kelvin sign to "k": a text holding one is left to the pattern
    assert re.search("commission", "commiſsion", re.I) and L.may_hold("commiſsion", "commission")
    assert re.search("kb", "5 \u212ab", re.I) and L.may_hold("5 \u212ab", "kb")


def test_a_blocks_key_follows_its_text():
    b = Block(index=0, text="Breaking  NEWS", start=0, end=10, line=1, end_line=1)
    assert b.key == norm_key("Breaking  NEWS") == "breaking news"
    b.text = "Another Line"
    assert b.key == "another line"
