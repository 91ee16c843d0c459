"""Headline and authors on HTML pages from sites no rule was written on (wcxb): the site's name is not the
headline, and a menu, a button or a section title is not a byline."""
import pytest

from conftest import DEV
from dateline import extract


def first(stem: str):
    return extract(DEV / "wcxb" / "html" / f"{stem}.html.gz").articles[0]


@pytest.mark.parametrize("stem,headline", [
    # <h1>Cory Dransfeldt</h1> is the blog's name, og:title "A brief intro to git • Cory Dransfeldt"
    ("0437", "A brief intro to git"),
    # og:title "Scalable End-to-End Interpretability — LessWrong" on lesswrong.com, no og:site_name
    ("0384", "Scalable End-to-End Interpretability"),
    # og:title "*A Treatise …* (1792)": markdown's asterisks are not punctuation the h1 lost
    ("3035", "A Treatise Concerning the Properties and Effects of Coffee (1792)"),
    # h1 "The Best Home …", og:title "Best Home …": "The" is no overline
    ("4601", "The Best Home Security Cameras of 2026"),
    # the h1 below a line taken for text prints "Mobile UX Design: …", the metadata "Mobile UX Design - …"
    ("0232", "Mobile UX Design: The Ultimate Guide 2025"),
    # the JSON-LD headline cut at 110 characters ("… Find Solutions (Including"), the <title> whole
    ("0121", "Fix It Friday: Struggling With How To Arrange Your Living Room? We Help 4 Readers Find Solutions "
             "(Including One Universal Trick That 9/10 Works)"),
    # h1 "… physical health | Opinion", JSON-LD headline without the section's label
    ("0120", "How meditation rewires brains and improves physical health"),
    # <h1> of one span a word, no space between them ("WEEKENDCODINGAGENT"): the <title>'s words
    ("0378", "Weekend Coding Agent"),
    # the h1 prints the whole <title>: "… the night | Patient Education | UC Davis Children's Hospital"
    ("4180", "How to help babies, toddlers sleep through the night"),
    # JSON-LD '"What is Git …?"' in quotes the h1 and og:title do not print
    ("0426", "What is Git and How Does Version Control Work?"),
    # og:title "… Fitness Level ⋆": an ornament is no punctuation the h1 lost
    ("4642", "Top Home Gym Must Haves For Every Budget And Fitness Level"),
    # the breadcrumb's last item prints og:title ("Climate change: 5 innovative solutions"), the h1 not
    ("4517", "Five innovative solutions to climate change: learning from global hotspots"),
    # h1 "2025 Software Development …", JSON-LD without the year: a year is no overline
    ("0183", "2025 Software Development Price Guide & Hourly Rate Comparison"),
    # <h1>Antoyo's Blog</h1> in the header, the <title> printed as the post's h2 above the text
    ("0389", "rustc_codegen_gcc: Progress Report #39"),
    # an aggregator's h1 runs the story's source and its count of comments after the headline
    ("0396", "Stanford Computer Science Grads Find Their Degrees No Longer Guarantee Jobs"),
    # the page's bytes hold UTF-8 read once as Latin-1 ("Investorâ\x80\x99s")
    ("4656", "A DIY Investor’s Guide to Retirement Calculators in 2025"),
    # og:title "Introductions to my woodworking …" is printed nowhere; the post's h2 above the text is
    ("4450", "About Jan’s beginner woodworking blog and this project journal"),
    # <h1>Real Estate Investing for Beginners <br>Real Estate 101</h1>: one headline on two lines
    ("0250", "Real Estate Investing for Beginners Real Estate 101"),
    # no h1, <title> "… Rankings - Infographic", an h3 above the text prints "… Rankings"
    ("0285", "2025 Top P&C Insurance Company Performance Rankings"),
])
def test_the_headline_is_the_articles_not_the_sites(stem, headline):
    assert first(stem).headline == headline


@pytest.mark.parametrize("stem,headline,kicker", [
    # <li class="breadcrumb__item"><h1>Donald Trump: …</h1></li> prints the JSON-LD headline; below it
    # <h2><span>Meinung</span><span>Warum Kritik …</span></h2>, og:title's words after a kicker
    ("de__Stern_2024_11_05", "Warum Kritik an Trumps Charakter so ineffektiv ist und verpufft", "Meinung"),
    # an h1 set small after the section links; the h2 below holds the kicker, then the headline's own line
    ("de__TOnline_2026_04_15", "Trump postet schon wieder Jesus-KI-Foto", "Nach erneuter Kritik an Papst Leo"),
])
def test_a_breadcrumbs_h1_gives_way_to_the_headline_set_below_it(stem, headline, kicker):
    article = extract(DEV / "fundus" / "html" / f"{stem}.html.gz").articles[0]
    assert (article.headline, article.kicker) == (headline, kicker)


@pytest.mark.parametrize("stem,authors", [
    ("0157", ["Soliant"]),  # "Quick Apply", a button in the main menu, stood by the date
    ("0164", ["CBC Bank"]),  # "Set Goals", a section's h2 above the text
    ("0049", ["Swoogo"]),  # "By Event Type" in the menu's flyout
    ("0331", ["Aoife O'Riordan"]),  # "by <a class=author-link>…" over the metadata's account "KatieS"
    ("0151", ["Shauna Mitchell"]),  # the metadata's author is the site (glossgenius.com)
    ("0463", ["Hunter Dukes"]),  # "Text by Hunter Dukes" below the text
    ("0306", ["Lauren Vetter"]),  # the author's box: "Lauren Vetter" over "Lauren Vetter is a …"
    # no byline above the text; <meta name="twitter:label1" content="Written by"> beside twitter:data1
    ("0393", ["Albert Swann"]),
    # the byline runs the name into a label ("Help Net Security Sponsored"); the labelled writer is exact
    ("0080", ["Help Net Security"]),
    # "Example H2", one link of the table of contents just above the text, is no name standing alone
    ("4688", ["Matt Check"]),
    # "By Genaveve Bradshaw ⋅ Senior Review Analyst ⋅ Updated March 5, 2025": the name ends at the mark
    ("4835", ["Genaveve Bradshaw"]),
    ("4614", ["Meaghan Weeden"]),  # "by Meaghan Weeden ● December 23, 2025 ● 6 min read"
    ("0426", ["David Kim"]),  # JSON-LD "author": {"name": "\"David Kim\""}
    ("0245", ["Emily Norwood"]),  # "September 1st, 2023 By Emily Norwood": the byline word after the date
])
def test_authors_from_the_byline_not_the_pages_controls(stem, authors):
    assert first(stem).authors == authors


@pytest.mark.parametrize("stem,line", [
    ("4613", "Affiliate Program"),  # one link of a footer's column of links, just above the text
    ("0093", "Final Thoughts"),  # one link of the table of contents
    # the headline, a name by its shape, beside the date line: "What Meditation Can Do for You (…)"
    ("0027", "What Meditation Can Do"),
])
def test_a_link_list_or_the_headline_is_no_byline(stem, line):
    assert line not in first(stem).authors
