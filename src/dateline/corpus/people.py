"""People across a corpus: which speakers are people's names, and which names are one person.

A quote's speaker is what the article gave ("Donald Trump", "Trump", "the bank", "officials", and
sometimes a fragment: "CEO", "petition", "Hosting Cook" from "Hosting Cook at Dreamforce ...", or
nothing). The explorer lists people, so it needs two rules, both kept here:

- **A person's name** is one to `MAX_NAME_WORDS` words of letters (hyphens, apostrophes and the
  periods of initials allowed), every word capitalised or a name particle ("de", "van", "bin"), with
  no acronym or shouted word in it ("CEO", "MACAU", "Browns DL Sheldon Richardson"); the corpus's own
  entity recogniser has not typed it as something else (an organisation, a place, a group) more
  often than as a person; and it does not open with a present participle that the corpus writes in
  lower case elsewhere ("Hosting Cook": a sentence's first word, capitalised because it came first).
  One word the corpus writes in lower case ("Hostages", "Leader") is a person's name only as the
  short form of a fuller name (below).
- **One person per name**: spellings that differ only in case, apostrophes or a possessive are one
  name; a name merges into the one other name in the corpus that ends with all its words ("Trump"
  into "Donald Trump") when there is exactly one such name. With "Donald Trump" and "Ivanka Trump"
  both quoted, "Trump" stays a name of its own: the corpus cannot say which is meant.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

MAX_NAME_WORDS = 5  # "Juan Carlos de la Vega" fits; a longer run is a phrase, not a name
MAX_NAME_CHARS = 60
# lower-case words that belong inside names in many languages ("Ursula von der Leyen", "bin Salman")
NAME_PARTICLES = frozenset("""
de del della der den des di da dos das du la le van von ter ten bin ibn al el y e zu af av
""".split())
# suffixes after a name that are written in capitals without being acronyms
NAME_SUFFIXES = frozenset({"II", "III", "IV", "V", "VI", "Jr", "Jr.", "Sr", "Sr."})
# entity types the corpus's recogniser gives a person; any other type names something else
PERSON_TYPES = frozenset({"PERSON"})
PARTICIPLE = re.compile(r"^\w{2,}ing$")  # "Hosting", "Citing": -ing words that open a sentence
INITIALS = re.compile(r"(?:[^\W\d_]\.){1,3}")  # "J.", "J.R.": a name's initials
WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]*)*\.?$")  # letters, with inner ' ’ . - (O'Brien, Al-Sharaa, J.)
POSSESSIVE = re.compile(r"['’]s?$")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def name_shape(name: str | None) -> bool:
    """True for text shaped like a person's name (the first three parts of the rule above)."""
    text = " ".join((name or "").split())
    if not text or len(text) > MAX_NAME_CHARS:
        return False
    words = text.split(" ")
    if len(words) > MAX_NAME_WORDS or words[-1].lower() in NAME_PARTICLES:
        return False
    for i, w in enumerate(words):
        if not WORD.match(w) or (i < len(words) - 1 and POSSESSIVE.search(w)):
            # digits, symbols, a comma: a phrase or a figure; "Breitbart’s Joel Pollak": a phrase about a name
            return False
        if w in NAME_SUFFIXES or w.lower() in NAME_PARTICLES or INITIALS.fullmatch(w):
            continue
        if not w[0].isupper():
            return False  # "petition", "prison officials", "Trump administration"
        if sum(c.isalpha() for c in w) >= 2 and w.isupper():
            return False  # an acronym or a shouted word: "CEO", "MACAU", "Browns DL ..."
    # at least one word a name is written with: "U.N." or "J.R." alone are initials of something
    return any(any(c.islower() for c in w) and w.lower() not in NAME_PARTICLES for w in words)


def name_key(name: str) -> str:
    """What makes two spellings one name: case, apostrophe style, spacing and a possessive ending."""
    text = " ".join(name.translate(APOSTROPHES).split()).casefold()
    return POSSESSIVE.sub("", text)


@dataclass
class People:
    """The people of a corpus: every speaker name that passed the rule, grouped into persons."""

    person_of: dict[str, str] = field(default_factory=dict)  # any accepted spelling -> the person's name
    aliases: dict[str, list[str]] = field(default_factory=dict)  # person -> every spelling, most quoted first
    quotes: Counter = field(default_factory=Counter)  # person -> quotes under any of their names
    rejected: dict[str, str] = field(default_factory=dict)  # speaker -> why it is not a person's name

    def person(self, name: str | None) -> str | None:
        """The person a speaker name stands for, or None when it is not a person's name."""
        if name is None:
            return None
        return self.person_of.get(name) or self.person_of.get(" ".join(name.split()))

    def names(self, person: str) -> list[str]:
        return self.aliases.get(person, [])


def find_people(speakers: Counter, entity_types: dict[str, Counter],
                lower_case_word: Callable[[str], bool]) -> People:
    """People from speaker names with their quote counts.

    `entity_types`: name -> Counter of the types the corpus's recogniser gave that exact name;
    `lower_case_word(w)`: whether the corpus's text has `w` in lower case (a common word, not a name)."""
    people = People()
    by_key: dict[str, Counter] = {}
    for name, n in speakers.items():
        why = _why_not_a_name(name, entity_types.get(name), lower_case_word)
        if why:
            people.rejected[name] = why
        else:
            by_key.setdefault(name_key(name), Counter())[name] += n
    merged_into = _merge_by_last_words(by_key)
    for key in [k for k in by_key if " " not in k and k not in merged_into]:
        # "Hostages", "Leader": one capitalised word that is a common word stands for a person only
        # as the short form of a fuller name ("Cook" of "Tim Cook")
        if lower_case_word(key):
            for name in by_key.pop(key):
                people.rejected[name] = "one word the corpus writes in lower case, and no fuller name ends with it"
    groups: dict[str, Counter] = {}
    for key, spellings in by_key.items():
        groups.setdefault(merged_into.get(key, key), Counter()).update(spellings)
    for key, spellings in groups.items():
        full = by_key[key]  # the person is shown by the most quoted spelling of their fullest name
        person = full.most_common(1)[0][0]
        people.aliases[person] = [s for s, _ in spellings.most_common()]
        people.quotes[person] = sum(spellings.values())
        for spelling in spellings:
            people.person_of[spelling] = person
    return people


def _why_not_a_name(name: str, types: Counter | None, lower_case_word: Callable[[str], bool]) -> str | None:
    if not name_shape(name):
        return "not shaped like a name" if (name or "").strip() else "empty"
    if types:
        kind, _ = types.most_common(1)[0]
        if kind not in PERSON_TYPES and types[kind] > sum(types[t] for t in PERSON_TYPES):
            return f"the corpus's recogniser calls it {kind}"
    first = name.split()[0]
    if len(name.split()) > 1 and PARTICIPLE.match(first) and lower_case_word(first.lower()):
        return f"opens with {first!r}, a word the corpus writes in lower case"
    return None


def _merge_by_last_words(by_key: dict[str, Counter]) -> dict[str, str]:
    """key -> the key it merges into: the one longer name that ends with all its words."""
    ends: dict[tuple[str, ...], list[str]] = {}
    for key in by_key:
        words = tuple(key.split())
        for i in range(1, len(words)):
            ends.setdefault(words[i:], []).append(key)
    merged = {}
    for key in by_key:
        longer = ends.get(tuple(key.split()), [])
        if len(longer) == 1:
            merged[key] = longer[0]
    # no chains: with "cruz" -> "ted cruz" -> "rafael ted cruz", "cruz" has two longer names and stays apart
    return merged
