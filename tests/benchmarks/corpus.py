"""A deterministic synthetic news corpus for the scale benchmark.

``build_corpus(n, out_dir, seed)`` writes ``n`` article files and a
``story.yaml`` listing them (outlets and dates varied) into ``out_dir``.

Every article is recombined from the five fixture articles in
``fixtures/articles`` (cleaned with ``workbench.ingest`` first, so no site
furniture is copied thousands of times):

* a title line (a fixture title with names swapped);
* a handful of *statement paragraphs*: fixture paragraphs in which the
  subject speaks (direct quotes, partial quotes, reported speech), picked
  far more often than the rest so that extraction finds roughly ten of the
  subject's statements per article;
* *filler paragraphs*: other fixture paragraphs, whole or re-assembled from
  sentences of several paragraphs, in which other people speak.

Everything is then varied, so that the importer has real work to do and the
grouping step sees many distinct statements rather than the same twenty:
other people's names are swapped for names drawn from a list (consistently
within one article, so "Franken" follows "Al Franken"), months, weekdays,
years and small numbers change, and inside quotations and statement
paragraphs content words are replaced by synonyms, nationalities, places and
topics.  The subject's name and aliases are never touched.

The same ``(n, seed)`` always gives byte-identical files (``random.Random``
seeded, fixtures read in sorted order, no clock or hash randomisation).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"

# Statement paragraphs per article (inclusive range) and filler paragraphs.
# Tuned against the real extractor so the mean is about ten statements an
# article (see README.md here); change CORPUS_VERSION when you change them.
STATEMENT_PARAS = (8, 13)
FILLER_PARAS = (3, 7)
# Share of the ordinary content words of a statement paragraph replaced by a word
# drawn from the fixtures' vocabulary: without it the grouping step would fold
# 100,000 statements into a few hundred claims (they would all be reprints of the
# same twenty); with it about a third of them are new claims at N = 10,000 (run.py
# --ungrouped gives each statement its own claim, for the 100,000 claims of the targets).
SCRAMBLE = 0.8
# Made-up words added to the fixtures' vocabulary for scrambling (a real vocabulary
# of ~1,500 words makes unrelated statements share words and merge).
PSEUDO_WORDS = 20_000
CORPUS_VERSION = 3

# Words never scrambled: what extraction keys on (reporting verbs, pronouns,
# function words, negations, occasions, roles), so statements keep their shape.
PROTECTED = frozenset("""
say says said saying testify testifies testified testifying state states stated stating insist insists
insisted insisting maintain maintains maintained maintaining claim claims claimed claiming assert asserted
argue argued contend contended concede conceded reiterate reiterated declare declared write wrote tweet
tweeted stress stressed tell tells told telling add adds added adding reply replies replied replying respond
responded responding acknowledge acknowledged acknowledging deny denies denied denying recall recalls recalled
recalling explain explained note noted admit admitted repeat repeated announce announced announcing faulted
blamed accused criticized praised dismissed called calling described describing asked asking pressed
about above across after against along among around before behind below beside between during from into
like near over since through toward under until upon with within without while when whether where which
that this these those there then than their them they have has had having would will could should
been being were was does did done just also even still only once again first later earlier previously
repeatedly initially further never not none nothing cannot didn't doesn't don't hasn't haven't hadn't
wouldn't won't himself herself itself what who whom whose because although though unless
hearing hearings testimony interview statement statements appearance speech remarks briefing letter
press conference confirmation committee senate senator senators spokeswoman spokesman spokesperson
attorney general ambassador campaign month week year years
""".split())

SUBJECT_WORDS = re.compile(r"Sessions|Jeff|Attorney General|attorney general|AG ")

# People other than the subject in the fixtures: (full name, surname or None).
# Longest spellings first; each maps onto one invented person per article.
OTHER_PEOPLE = [
    ("Donald Trump", "Trump"),
    ("Carrie Johnson", None),
    ("Al Franken", "Franken"),
    ("Kevin McCarthy", "McCarthy"),
    ("Nancy Pelosi", "Pelosi"),
    ("Lindsey Graham", "Graham"),
    ("Michael Flynn", "Flynn"),
    ("Dmitry Peskov", "Peskov"),
    ("Sarah Isgur Flores", "Flores"),
    ("Sean Spicer", "Spicer"),
    ("Sarah Huckabee Sanders", "Sanders"),
    ("James B. Comey", "Comey"),
    ("Robert S. Mueller III", "Mueller"),
    ("Vladimir Putin", "Putin"),
    ("Hillary Clinton", "Clinton"),
    ("Jeffrey Bezos", "Bezos"),
    ("Matt Zapotosky", None),
    ("Julie Tate", None),
    ("Sergey Kislyak", "Kislyak"),
]
ALSO_FULL = {"James Comey": "James B. Comey", "Sergei Kislyak": "Sergey Kislyak"}

FIRST_NAMES = """Adele Bruno Camila Dario Elena Farid Greta Hugo Ines Jonas Kara Luca Mira Nils Olga Pavel
Quinn Rosa Soren Tess Umar Vera Walt Xenia Yusuf Zora Amos Bela Cyra Dane Edda Felix Gil Hana Ivo Jana
Kofi Lena Milo Nora Otto Pia Rafe Sana Theo Una Vik Wren Yara Zeno""".split()
LAST_NAMES = """Abernathy Brightwater Castellano Dubrovsky Eriksen Fairbanks Gallagher Halvorsen Ibarra
Jankowski Kowalczyk Lindqvist Marchetti Novak Okafor Petrakis Quintero Rasmussen Szabo Thornbury Underhill
Valdivia Whitcombe Yamamoto Zielinski Ashdown Beaumont Carrow Delacroix Ellwood Fenwick Grimaldi Hartigan
Iversen Jessup Kilbride Lockhart Montague Northcott Oyelaran Pemberton Radcliffe Stanhope Tolliver
Vanterpool Wexford""".split()

OUTLETS = """NPR|NBC News|Slate|The Washington Post|The New York Times|Reuters|Associated Press|CNN|ABC News|
CBS News|Politico|The Hill|Axios|Bloomberg|The Wall Street Journal|USA Today|The Guardian|BBC News|
Los Angeles Times|Chicago Tribune|The Atlantic|Vox|ProPublica|McClatchy|Fox News|Al Jazeera|
The Boston Globe|Houston Chronicle|Miami Herald|Star Tribune""".replace("\n", "").split("|")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTH_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.",
              "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Replaced inside quotations and statement paragraphs (whole words, case kept).
SYNONYMS: list[list[str]] = [
    ["communications", "contacts", "dealings", "exchanges", "correspondence"],
    ["conversations", "talks", "discussions", "exchanges", "chats"],
    ["conversation", "talk", "discussion", "exchange", "chat"],
    ["meetings", "talks", "encounters", "sit-downs", "appointments"],
    ["met", "spoke", "talked", "conferred"],
    ["recall", "remember", "recollect"],
    ["remember", "recall", "recollect"],
    ["significant", "meaningful", "substantive", "material", "serious"],
    ["misleading", "deceptive", "inaccurate", "untrue", "evasive"],
    ["false", "untrue", "wrong", "baseless", "fabricated"],
    ["allegation", "claim", "accusation", "charge", "story"],
    ["officials", "representatives", "envoys", "diplomats", "emissaries"],
    ["official", "representative", "envoy", "diplomat", "emissary"],
    ["discussion", "mention", "exchange", "conversation"],
    ["conceivable", "possible", "plausible", "imaginable"],
    ["surrogate", "spokesman", "proxy", "stand-in", "representative"],
    ["appropriate", "proper", "useful", "sensible", "right"],
    ["idea", "notion", "clue", "inkling"],
    ["operatives", "agents", "intermediaries", "emissaries", "go-betweens"],
    ["intermediaries", "middlemen", "brokers", "go-betweens"],
    ["interference", "meddling", "intrusion", "tampering"],
    ["issues", "matters", "questions", "topics", "subjects"],
    ["campaign", "campaign", "race", "election effort", "candidacy"],
    ["election", "election", "vote", "ballot", "contest"],
    ["recollection", "memory", "record", "note"],
    ["capacity", "role", "position", "function"],
    ["discuss", "raise", "talk about", "bring up", "cover"],
    ["discussed", "raised", "talked about", "brought up", "covered"],
]
NATIONALITIES = """Russian British Korean Japanese Polish Indian Chinese Canadian Australian German French
Italian Turkish Saudi Israeli Mexican Brazilian Ukrainian Egyptian Swedish""".split()
PLACES = """Mayflower Hotel|Heritage Foundation|Republican National Convention|Capitol|Willard Hotel|
Trump Tower|Cleveland convention center|Senate office|Hay-Adams|National Press Club|Ritz-Carlton|
Watergate complex|Reagan Building|Four Seasons|Library of Congress""".replace("\n", "").split("|")

_SYN_MAP: dict[str, list[str]] = {}
for _group in SYNONYMS:
    _SYN_MAP.setdefault(_group[0], _group)
_SYN_RE = re.compile(r"\b(" + "|".join(sorted([*_SYN_MAP, *(w.capitalize() for w in _SYN_MAP)],
                                                key=len, reverse=True)) + r")\b")
_NAT_RE = re.compile(r"\b(" + "|".join(NATIONALITIES) + r")(?= (?:officials?|ambassadors?|diplomats?|envoys?|government))")
_PLACE_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in PLACES) + r")\b")
_QUOTE_RE = re.compile(r"“[^”\n]{3,}”|\"[^\"\n]{3,}\"")
_MONTH_RE = re.compile(r"\b(" + "|".join(MONTHS) + r"|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
_YEAR_RE = re.compile(r"\b(2015|2016|2017)\b")
_SMALLNUM_RE = re.compile(r"(?<![\d.,:])\b([1-9]\d?)\b(?![\d.,:])")
_REPORTING = re.compile(
    r"\b(said|says|told|tells|stated|testified|maintained|insisted|saying|acknowledged|denied|replied|recalled)\b"
)
_SUBJECT_OR_HE = re.compile(r"\b(Sessions|He|he)\b")
_LOWER_WORD = re.compile(r"(?<![\w’'-])([a-z]{4,})(?![\w’'-])")


def _people_re() -> re.Pattern[str]:
    names: list[str] = []
    for full, last in OTHER_PEOPLE:
        names.append(full)
        if last:
            names.append(last)
    names += list(ALSO_FULL)
    names.sort(key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


_PEOPLE_RE = _people_re()
_LAST_TO_FULL = {last: full for full, last in OTHER_PEOPLE if last}


@dataclass
class Pools:
    """Fixture material: statement paragraphs, filler paragraphs and sentences, titles."""

    statements: list[str]
    fillers: list[str]
    vocabulary: list[str]
    filler_sentences: list[str]
    titles: list[str]
    subject: str
    aliases: list[str]


_ONSETS = "b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr qu r s sc sh sl sm sn sp st str t th tr v w z".split()
_VOWELS = "a e i o u ai ea ee io oa ou".split()
_CODAS = ["", "", "", "n", "r", "s", "l", "m", "nd", "nt", "st", "ck", "rt"]
_SUFFIXES = ["", "", "ion", "ment", "ity", "ance", "ings", "ers", "ism", "ure"]


def pseudo_words(n: int) -> list[str]:
    """``n`` distinct made-up lowercase words ("brantion", "cleasmure"), always the same."""
    rng = random.Random(f"factcheck-bench-words-{CORPUS_VERSION}")
    out: dict[str, None] = {}
    while len(out) < n:
        syllables = rng.randint(2, 3)
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                       for _ in range(syllables)) + rng.choice(_SUFFIXES)
        if 5 <= len(word) <= 14 and word not in PROTECTED:
            out[word] = None
    return list(out)


def _clean(path: Path) -> str:
    """The fixture's cleaned body (the workbench's own cleaner when importable)."""
    raw = path.read_bytes()
    try:
        from workbench.ingest.clean import clean_article
        from workbench.ingest.decode import decode_bytes, strip_controls

        text, _ = decode_bytes(raw)
        return clean_article(strip_controls(text), "txt").body
    except ImportError:  # pragma: no cover - older trees
        return raw.decode("utf-8", "replace")


def _sentences(text: str) -> list[str]:
    try:
        from workbench.extract.segment import split_sentences

        return [text[s:e] for s, e in split_sentences(text)]
    except ImportError:  # pragma: no cover
        return [s for s in re.split(r"(?<=[.!?”])\s+(?=[A-Z“])", text) if s]


def is_statement_paragraph(par: str) -> bool:
    """The subject (or a pronoun) near a reporting verb: likely one of their statements."""
    for m in _REPORTING.finditer(par):
        window = par[max(0, m.start() - 90): m.start()]
        if _SUBJECT_OR_HE.search(window):
            return True
    return False


def load_pools() -> Pools:
    import yaml

    story = yaml.safe_load((FIXTURES / "story.yaml").read_text(encoding="utf-8"))
    statements: list[str] = []
    fillers: list[str] = []
    titles = [str(a["title"]) for a in story["articles"] if a.get("title")]
    for path in sorted((FIXTURES / "articles").glob("*.txt")):
        body = _clean(path)
        for par in (p.strip() for p in body.split("\n")):
            if len(par) < 40 or par.endswith(":"):
                continue
            (statements if is_statement_paragraph(par) else fillers).append(par)
    sentences = [s for p in fillers for s in _sentences(p) if len(s) > 30]
    vocab = sorted({w for p in statements + fillers for w in _LOWER_WORD.findall(p)
                    if w not in PROTECTED and len(w) >= 5})
    vocab += pseudo_words(PSEUDO_WORDS)
    return Pools(statements, fillers, vocab, sentences, titles,
                 story["subject"]["name"], list(story["subject"].get("aliases") or []))


class _Varier:
    """Per-article substitutions: names, months, weekdays, years, numbers, words."""

    def __init__(self, rng: random.Random, vocabulary: list[str]) -> None:
        self.rng = rng
        self.vocabulary = vocabulary
        self.people: dict[str, tuple[str, str]] = {}
        perm = MONTHS[:]
        rng.shuffle(perm)
        self.months = dict(zip(MONTHS, perm, strict=True))
        self.abbr = {MONTH_ABBR[i]: MONTH_ABBR[MONTHS.index(perm[i])] for i in range(12)
                     if MONTH_ABBR[i].endswith(".")}
        wd = WEEKDAYS[:]
        rng.shuffle(wd)
        self.weekdays = dict(zip(WEEKDAYS, wd, strict=True))
        self.year = rng.randint(2014, 2019)

    def _person(self, full: str) -> tuple[str, str]:
        if full not in self.people:
            while True:
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                if all(last != v[1] for v in self.people.values()):
                    break
            self.people[full] = (f"{first} {last}", last)
        return self.people[full]

    def _name(self, m: re.Match[str]) -> str:
        name = m.group(1)
        if name in ALSO_FULL:
            return self._person(ALSO_FULL[name])[0]
        if name in _LAST_TO_FULL:
            return self._person(_LAST_TO_FULL[name])[1]
        return self._person(name)[0]

    def _month(self, m: re.Match[str]) -> str:
        w = m.group(1)
        return self.months.get(w) or self.abbr.get(w, w)

    def _word(self, m: re.Match[str]) -> str:
        w = m.group(1)
        if self.rng.random() < 0.25:
            return w
        choice = self.rng.choice(_SYN_MAP[w.lower()])
        return choice[:1].upper() + choice[1:] if w[:1].isupper() else choice

    def vary_words(self, text: str) -> str:
        text = _SYN_RE.sub(self._word, text)
        text = _NAT_RE.sub(lambda m: self.rng.choice(NATIONALITIES), text)
        return _PLACE_RE.sub(lambda m: self.rng.choice(PLACES), text)

    def _scramble_word(self, m: re.Match[str]) -> str:
        w = m.group(1)
        if w in PROTECTED or self.rng.random() >= SCRAMBLE:
            return w
        return self.rng.choice(self.vocabulary)

    def scramble(self, text: str) -> str:
        """Replace ordinary lowercase content words outside the protected list."""
        return _LOWER_WORD.sub(self._scramble_word, text)

    def vary(self, text: str, statement: bool) -> str:
        text = _PEOPLE_RE.sub(self._name, text)
        text = _MONTH_RE.sub(self._month, text)
        text = _WEEKDAY_RE.sub(lambda m: self.weekdays[m.group(1)], text)
        text = _YEAR_RE.sub(lambda m: str(self.year + int(m.group(1)) - 2016), text)
        text = _SMALLNUM_RE.sub(lambda m: str(self.rng.randint(2, 60)), text)
        if statement:
            return self.scramble(self.vary_words(text))
        return _QUOTE_RE.sub(lambda m: self.vary_words(m.group(0)), text)


def make_article(pools: Pools, rng: random.Random) -> tuple[str, str]:
    """One article: (title, text). The text starts with the title line."""
    v = _Varier(rng, pools.vocabulary)
    title = v.vary(rng.choice(pools.titles), statement=False)
    n_stmt = rng.randint(*STATEMENT_PARAS)
    n_fill = rng.randint(*FILLER_PARAS)
    paras = [v.vary(p, statement=True)
             for p in rng.sample(pools.statements, min(n_stmt, len(pools.statements)))]
    for _ in range(n_fill):
        if rng.random() < 0.5:
            paras.append(v.vary(rng.choice(pools.fillers), statement=False))
        else:
            k = rng.randint(2, 4)
            paras.append(" ".join(v.vary(s, statement=False) for s in rng.sample(pools.filler_sentences, k)))
    rng.shuffle(paras)
    return title, title + "\n\n" + "\n\n".join(paras) + "\n"


@dataclass
class CorpusInfo:
    dir: Path
    story: Path
    articles: int
    bytes: int  # UTF-8 bytes of article files


def _article(pools: Pools, seed: int, i: int, attempt: int = 0) -> tuple[str, bytes, str]:
    """Article ``i``: (file name, bytes, sha256). Its own RNG, so workers can share the work."""
    rng = random.Random(f"factcheck-bench-{CORPUS_VERSION}-{seed}-{i}-{attempt}")
    _title, text = make_article(pools, rng)
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    return f"{i:05d}_{digest[:16]}.txt", data, digest


_POOLS: Pools | None = None


def _write_range(args: tuple[str, int, int, int]) -> list[tuple[int, str, str, int]]:
    """Worker: write articles [lo, hi); returns (i, name, sha256, size) for each."""
    out_dir, seed, lo, hi = args
    global _POOLS
    if _POOLS is None:
        _POOLS = load_pools()
    done = []
    for i in range(lo, hi):
        name, data, digest = _article(_POOLS, seed, i)
        (Path(out_dir) / "articles" / name).write_bytes(data)
        done.append((i, name, digest, len(data)))
    return done


def build_corpus(n: int, out_dir: Path | str, seed: int = 7, workers: int | None = None) -> CorpusInfo:
    """Write ``n`` articles and ``story.yaml`` into ``out_dir`` (created).

    Articles are generated in ``workers`` processes (default: CPU count, at most 4);
    each article has its own seeded RNG, so the files do not depend on the split.
    """
    out = Path(out_dir)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    pools = load_pools()
    workers = workers or min(4, os.cpu_count() or 1)
    chunk = max(1, min(250, -(-n // workers)))
    jobs = [(str(out), seed, lo, min(n, lo + chunk)) for lo in range(0, n, chunk)]
    if workers > 1 and n >= 100:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = [r for part in pool.map(_write_range, jobs) for r in part]
    else:
        results = [r for job in jobs for r in _write_range(job)]
    results.sort()
    seen: set[str] = set()
    names: list[str] = []
    total = 0
    for i, name, digest, size in results:
        attempt = 0
        while digest in seen:  # an identical article (never seen in practice): make another
            (out / "articles" / name).unlink(missing_ok=True)
            attempt += 1
            name, data, digest = _article(pools, seed, i, attempt)
            (out / "articles" / name).write_bytes(data)
            size = len(data)
        seen.add(digest)
        names.append(name)
        total += size
    meta = random.Random(f"factcheck-bench-meta-{CORPUS_VERSION}-{seed}")
    lines = [
        "# Synthetic benchmark corpus (tests/benchmarks/corpus.py); do not edit.",
        f"name: {json.dumps(f'Benchmark corpus, {n} articles, seed {seed}')}",
        "subject:",
        f"  name: {json.dumps(pools.subject)}",
        "  aliases:",
        *(f"    - {json.dumps(a)}" for a in pools.aliases),
        "articles:",
    ]
    for name in names:
        outlet = meta.choice(OUTLETS)
        published = f"{meta.randint(2016, 2019)}-{meta.randint(1, 12):02d}-{meta.randint(1, 28):02d}"
        lines.append(f"  - {{file: articles/{name}, outlet: {json.dumps(outlet)}, published: {published}}}")
    story = out / "story.yaml"
    story.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return CorpusInfo(out, story, n, total)


if __name__ == "__main__":  # pragma: no cover - manual inspection
    import sys
    import tempfile

    d = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="corpus-"))
    info = build_corpus(int(sys.argv[1]) if len(sys.argv) > 1 else 5, d)
    print(info)
