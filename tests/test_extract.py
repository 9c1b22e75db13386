"""Extraction quality on the bundled fixtures, scored like shared/tools/score_claims.py."""
from __future__ import annotations

import itertools
import re
import time
import unicodedata
from pathlib import Path

import pytest
import yaml

from workbench.extract import ArticleText, Subject, extract_article, extract_claims

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "fixtures" / "articles"
GOLD = Path("/work/shared/gold/sessions-statements.yaml")
PUBLISHED = {"000": "2017-03-02", "001": "2017-03-02", "002": "2017-03-02", "003": "2017-07-22", "004": "2017-07-21"}
SESSIONS = Subject("Jeff Sessions", ("Sessions", "Jeff Sessions", "Attorney General Jeff Sessions", "the attorney general"))
TRUMP = Subject("Donald Trump", ("Trump", "President Trump", "the president", "President Donald Trump"))


def _clean(text: str) -> str:
    """Minimal stand-in for the ingest cleaner: markdown links become their text."""
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)


def load_articles() -> list[ArticleText]:
    return [
        ArticleText(p.stem, _clean(p.read_text(encoding="utf-8")), PUBLISHED.get(p.stem[:3]))
        for p in sorted(ARTICLES.glob("*.txt"))
    ]


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"\]\([^)]*\)", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def matches(ext: str, quote: str | None, passage: str) -> bool:
    if quote and norm(quote) in ext:
        return True
    return len(ext) >= 15 and ext in norm(passage)


def score(claims, gold: dict) -> dict[str, float]:
    """Same recall / precision / grouping-F1 rules as the official scorer."""
    extracted = [(ci, o.article, norm(o.text)) for ci, c in enumerate(claims) for o in c.occurrences]
    refs = [(st["id"], o["article"], o.get("quote"), o["passage"]) for st in gold["statements"] for o in st["occurrences"]]
    optional = [(o["article"], o["passage"]) for o in gold.get("optional", [])]
    found: dict[int, set[int]] = {}
    for ri, (_, art, quote, passage) in enumerate(refs):
        for ci, eart, etext in extracted:
            if eart == art and matches(etext, quote, passage):
                found.setdefault(ri, set()).add(ci)
    good = sum(
        any(ea == a and matches(et, q, p) for _, a, q, p in refs) or any(ea == a and matches(et, None, p) for a, p in optional)
        for _, ea, et in extracted
    )
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(found), 2):
        same_gold, same_claim = refs[a][0] == refs[b][0], bool(found[a] & found[b])
        tp += same_gold and same_claim
        fp += same_claim and not same_gold
        fn += same_gold and not same_claim
    gp = tp / (tp + fp) if tp + fp else 1.0
    gr = tp / (tp + fn) if tp + fn else 1.0
    return {
        "recall": len(found) / len(refs),
        "precision": good / len(extracted) if extracted else 0.0,
        "grouping_f1": 2 * gp * gr / (gp + gr) if gp + gr else 0.0,
    }


@pytest.fixture(scope="module")
def articles() -> list[ArticleText]:
    return load_articles()


@pytest.mark.skipif(not GOLD.exists(), reason="gold annotation not available")
def test_sessions_scores_meet_targets(articles: list[ArticleText]) -> None:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    result = score(extract_claims(articles, SESSIONS), gold)
    assert result["recall"] >= 0.95, result
    assert result["precision"] >= 0.90, result
    assert result["grouping_f1"] >= 0.85, result


def test_occurrence_text_is_body_slice(articles: list[ArticleText]) -> None:
    by_key = {a.key: a for a in articles}
    for subject in (SESSIONS, TRUMP):
        for claim in extract_claims(articles, subject):
            for o in claim.occurrences:
                assert by_key[o.article].body[o.start:o.end] == o.text
                assert o.kind in ("direct", "partial", "indirect")
                assert o.text == o.text.strip()


def test_spokesperson_kept_apart(articles: list[ArticleText]) -> None:
    occs = [o for a in articles for o in extract_article(a, SESSIONS)]
    spokes = [o for o in occs if o.on_behalf_of]
    assert spokes and all(o.on_behalf_of == "Jeff Sessions" and o.speaker != "Jeff Sessions" for o in spokes)
    assert any("Flores" in o.speaker for o in spokes)
    own = [o for o in occs if o.speaker == "Jeff Sessions"]
    assert not any("misleading about his answer" in o.text for o in own)


def test_dates_and_settings(articles: list[ArticleText]) -> None:
    occs = {o.text[:40]: o for a in articles for o in extract_article(a, SESSIONS)}
    fox = next(o for t, o in occs.items() if t.startswith("In a March appearance"))
    assert fox.said_on == "2017-03" and "appearance" in (fox.setting or "")
    june = next(o for t, o in occs.items() if t.startswith("In his June testimony"))
    assert june.said_on == "2017-06" and "Senate Intelligence Committee" in (june.setting or "")


@pytest.mark.parametrize(("text", "published", "said_on"), [
    ("said on Dec. 22", "2019-12-30", "2019-12-22"),
    ("said on Feb. 29, 2016", None, "2016-02-29"),
    # no such day: a typo, or a number that is no day; the month stands (was "2019-12-51")
    ("said on Dec. 51", "2019-12-30", "2019-12"),
    ("said on June 31, 2017", None, "2017-06"),
    ("said on Feb. 29, 2017", None, "2017-02"),
    ("said on Jan. 0", "2017-03-02", "2017-01"),
])
def test_a_day_the_calendar_lacks_is_not_a_date(text: str, published: str | None, said_on: str) -> None:
    from workbench.extract.context import find_date

    assert find_date(text, published) == said_on


def test_trump_statements(articles: list[ArticleText]) -> None:
    occs = [o for a in articles for o in extract_article(a, TRUMP)]
    own = [o for o in occs if o.speaker == "Donald Trump"]
    texts = " || ".join(o.text for o in own)
    for needle in ("wasn’t aware", "I think he probably did.", "'Total.'", "'I don’t think so.'",
                   '"I think he probably did."', "Trump told reporters he did not think",
                   "Trump also said he was not aware", "said he gave “bad answers”",
                   'faulted Sessions as giving "bad answers"', "blame “illegal leaks”", "Trump replied, “I don’t think so.”"):
        assert needle in texts, needle
    # nothing Sessions said is given to Trump
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8")) if GOLD.exists() else {"statements": []}
    by_key = {a.key: a for a in articles}
    for st in gold["statements"]:
        for ref in st["occurrences"]:
            body = by_key[ref["article"]].body
            p0 = body.find(ref["passage"].replace("[Sessions said in March](#)", "Sessions said in March"))
            assert p0 >= 0
            p1 = p0 + len(ref["passage"])
            for o in own:
                if o.article == ref["article"]:
                    assert o.end <= p0 or o.start >= p1, (o.text, ref["passage"])



def _claim_with(claims, needle: str):
    found = [c for c in claims if any(needle in o.text for o in c.occurrences)]
    assert len(found) == 1, (needle, [c.text for c in found])
    return found[0]


def test_trump_statements_grouped(articles: list[ArticleText]) -> None:
    """The same statement quoted word for word in two articles is one claim."""
    claims = [c for c in extract_claims(articles, TRUMP) if c.speaker == "Donald Trump"]
    # "bad answers": Slate (NYT interview) and the Post, although the Post's sentence names the hearing
    bad = _claim_with(claims, "said he gave “bad answers”")
    assert {o.article[:3] for o in bad.occurrences} == {"003", "004"}
    assert 'faulted Sessions as giving "bad answers"' in " ".join(o.text for o in bad.occurrences)
    # ‘total’ confidence (NPR) and 'Total.' (NBC) aboard the USS Gerald R. Ford
    total = _claim_with(claims, "responded, 'Total.'")
    assert any("‘total’ confidence" in o.text for o in total.occurrences)
    # 'confidence' is the reporter's question word, not Trump's
    assert "confidence" not in total.text.lower() and "total" in total.text.lower()
    # “I don’t think so.” on recusal, NPR and NBC
    so = _claim_with(claims, "Trump replied, “I don’t think so.”")
    assert any("the president said, 'I don’t think so.'" in o.text for o in so.occurrences)
    assert total is not so and total is not bad and so is not bad
    # the canonical text of no claim carries a question-clause quote
    assert not any("confidence" in c.text for c in claims)


_ACME = Subject("Maria Ortega", ("Ortega", "the governor"))


def _group(*bodies: str) -> list:
    arts = [ArticleText(f"a{i}", b, "2022-05-06") for i, b in enumerate(bodies)]
    return extract_claims(arts, _ACME)


def test_identical_short_quote_groups_across_articles() -> None:
    claims = _group("Ortega said the levy was “deeply unfair” to farmers.\n",
                    "The governor called the new levy \"deeply unfair.\"\n")
    assert len(claims) == 1 and len(claims[0].occurrences) == 2


def test_a_lead_in_ending_in_a_colon_is_one_claim_with_the_quotation_it_announces() -> None:
    """The lead-in and its quotation were two claims to judge, though they are one statement."""
    claims = _group("In a statement on Monday, Ortega said that the audit had followed the law:\n\n"
                    "“Every figure in it was checked twice by independent accountants.”\n")
    assert len(claims) == 1, [c.text for c in claims]
    assert claims[0].text.startswith("Every figure") and len(claims[0].occurrences) == 2
    # the quotation printed earlier elsewhere: the lead-in goes with it to that older claim
    quote = "“Every figure in it was checked twice by independent accountants.”"
    claims = _group(f"{quote[:-2]},” Ortega said on Monday.\n",
                    f"In a statement on Monday, Ortega said that the audit had followed the law:\n\n{quote}\n")
    assert len(claims) == 1, [c.text for c in claims]
    assert [o.article for o in claims[0].occurrences] == ["a0", "a1", "a1"]
    # no colon, and nothing in common: two statements
    claims = _group("In a statement on Monday, Ortega said that the audit had followed the law.\n\n"
                    "“Every figure in it was checked twice by independent accountants,” she said.\n")
    assert len(claims) == 2, [c.text for c in claims]


def test_unnamed_spokesperson_and_named_one_are_one_voice() -> None:
    # The same statement, its speaker left unnamed in one article and named in the other.
    quote = "“We have full confidence in the audit and will not comment on leaked drafts,”"
    claims = _group(f"{quote} a spokeswoman for Ortega said.\n",
                    f"{quote} said Ortega's spokeswoman, Dana Ruiz.\n")
    assert len(claims) == 1, [(c.speaker, c.text) for c in claims]
    assert claims[0].speaker == "Dana Ruiz" and claims[0].on_behalf_of == "Maria Ortega"
    assert {o.speaker for o in claims[0].occurrences} == {"a spokeswoman for Ortega", "Dana Ruiz"}


def test_two_named_spokespeople_stay_apart() -> None:
    quote = "“We have full confidence in the audit and will not comment on leaked drafts,”"
    claims = _group(f"{quote} said Ortega's spokeswoman, Dana Ruiz.\n",
                    f"{quote} said Ortega's spokesman, Luis Paz.\n")
    assert len(claims) == 2, [(c.speaker, c.text) for c in claims]


def test_spokespeople_of_different_offices_stay_apart() -> None:
    quote = "“We have full confidence in the audit and will not comment on leaked drafts,”"
    about = " She said that Ortega never discussed the levy.\n"  # what makes them speak for Ortega

    def speakers(*bodies: str) -> list[set[str]]:
        return [{o.speaker for o in c.occurrences} for c in _group(*bodies) if c.text.startswith("We have")]

    assert speakers(f"{quote} a Treasury spokeswoman said.{about}",
                    f"{quote} a White House spokesman said.{about}") == [
        {"a Treasury spokeswoman"}, {"a White House spokesman"}]
    # The named spokeswoman's article calls her a Treasury spokeswoman, not a White House one.
    assert speakers(f"{quote} a White House spokesman said.{about}",
                    f"{quote} said a Treasury spokeswoman, Dana Ruiz.{about}") == [
        {"a White House spokesman"}, {"Dana Ruiz"}]
    assert speakers(f"{quote} a Treasury spokeswoman said.{about}",
                    f"{quote} said a Treasury spokeswoman, Dana Ruiz.{about}") == [
        {"a Treasury spokeswoman", "Dana Ruiz"}]


def test_repeated_catchphrase_in_unrelated_contexts_stays_apart() -> None:
    # Two content words identify a statement only with its surroundings in common.
    apart = _group("Ortega called the stadium audit “fake news” on Monday.\n",
                   "Asked about the teachers' strike, the governor said it was \"fake news.\"\n")
    assert len(apart) == 2, [c.text for c in apart]


def test_one_word_quote_needs_shared_context() -> None:
    together = _group("Ortega said she was ‘optimistic’ about the harvest.\n",
                      "Asked whether the harvest would recover, Ortega said: 'Optimistic.'\n")
    assert len(together) == 1, [c.text for c in together]
    assert together[0].text.lower().strip(".") == "optimistic"
    apart = _group("Ortega said she was ‘optimistic’ about the harvest.\n",
                   "On the stadium vote, Ortega said she was 'optimistic.'\n")
    assert len(apart) == 2, [c.text for c in apart]


def test_formula_quote_needs_shared_context() -> None:
    together = _group("Asked whether the bridge should close, Ortega replied, “I don’t think so.”\n",
                      "Pressed on whether the bridge would close, the governor said, 'I don't think so.'\n")
    assert len(together) == 1
    apart = _group("Asked whether the bridge should close, Ortega replied, “I don’t think so.”\n",
                   "Pressed on whether teachers deserve raises, the governor said, 'I don't think so.'\n")
    assert len(apart) == 2


def test_question_quote_is_not_the_speakers() -> None:
    claims = _group("Asked if she had 'faith' in the treasurer, Ortega responded, 'Complete.'\n")
    assert [c.text for c in claims] == ["Complete."]
    claims = _group("Questioned about the \"slush fund\" reports, Ortega said the audit was “thorough and fair.”\n")
    assert len(claims) == 1 and "slush" not in claims[0].text and "thorough and fair" in claims[0].text


def test_speed(articles: list[ArticleText]) -> None:
    t0 = time.perf_counter()
    for _ in range(3):
        extract_claims(articles, SESSIONS)
    elapsed = (time.perf_counter() - t0) / 3
    assert elapsed < 0.5, elapsed


# Pronoun and quotation context across sentences that name neither the subject
# nor a spokesperson (their reading is deferred until a later sentence needs it).
_MAYOR = Subject("Dana Whitfield", ("Whitfield", "the mayor"))


def _speakers(body: str) -> list[tuple[str, str]]:
    art = ArticleText("ctx", body, "2021-03-04")
    return [(o.text, o.speaker) for o in extract_article(art, _MAYOR)]


def test_pronoun_after_other_person_is_not_subject() -> None:
    body = ("Whitfield said the budget was balanced.\n"
            "Council member Pat Orlov told reporters that the vote was rushed.\n"
            "He said that the figures were wrong.")
    assert _speakers(body) == [("Whitfield said the budget was balanced.", "Dana Whitfield")]


def test_pronoun_skips_sentence_naming_nobody() -> None:
    body = ("Whitfield spoke at the town hall on Monday.\n"
            "The budget has been debated for weeks, reports said.\n"
            "She said that the schools would get more money.")
    found = _speakers(body)
    assert ("She said that the schools would get more money.", "Dana Whitfield") in found


def test_quote_continuation_after_other_speaker() -> None:
    body = ("“We will not cut the libraries,” Whitfield said. “Not this year.”\n"
            "“The numbers do not add up,” Orlov said. “Not even close.”")
    found = [t for t, _ in _speakers(body)]
    assert found == ["“We will not cut the libraries,” Whitfield said.", "“Not this year.”"]


def test_sentences_given_or_not_give_same_result(articles: list[ArticleText]) -> None:
    from workbench.extract import split_sentences

    subj = Subject("Jeff Sessions", ("Sessions",))
    for art in articles:
        assert extract_article(art, subj, split_sentences(art.body)) == extract_article(art, subj)


@pytest.mark.parametrize("subject", [SESSIONS, TRUMP], ids=["Sessions", "Trump"])
def test_add_all_groups_as_add_one_by_one(articles: list[ArticleText], subject: Subject) -> None:
    from workbench.extract import Grouper

    occs = [occ for article in articles for occ in extract_article(article, subject)]
    one_by_one, together = Grouper(), Grouper()
    keys = [one_by_one.add(o) for o in occs]
    assert [one_by_one.resolve(k) for k in keys] == together.add_all(occs[:7]) + together.add_all(occs[7:])
    assert {k: (d.text, len(d.occurrences)) for k, d in one_by_one.drafts().items()} == \
        {k: (d.text, len(d.occurrences)) for k, d in together.drafts().items()}


_JS = Subject("Jeff Sessions", ("Sessions",))


@pytest.mark.parametrize("body", [
    "Sessions told the committee, “I did not meet any Russians.” Senator Al Franken said, “That is not true.”",
    'Sessions told the committee, "I did not meet any Russians." Donald Trump said, "He is lying."',
])
def test_next_speakers_quote_is_not_the_subjects(body: str) -> None:
    art = ArticleText("q", f"Title\n\nBy Jane Doe\n\n{body}\n", "2017-03-02")
    claims = extract_claims([art], _JS)
    assert [(c.speaker, c.text) for c in claims] == [("Jeff Sessions", "I did not meet any Russians.")]
    first = body[:body.index("Russians.") + 10]
    assert [(o.text, o.kind) for o in claims[0].occurrences] == [(first, "direct")]


def test_quote_spanning_sentences_then_next_speaker() -> None:
    body = ("Sessions told the committee, “I did not meet any Russians. It is false.” Franken said, “Not true.”\n"
            "“I never did,” Sessions said. “Not once.” Franken said he was lying.")
    art = ArticleText("q", body, "2017-03-02")
    assert [o.text for o in extract_article(art, _JS)] == [
        "Sessions told the committee, “I did not meet any Russians. It is false.”",
        "“I never did,” Sessions said.", "“Not once.”"]


def _long_paragraph_items(n: int) -> list[str]:
    kinds = [
        "Sessions told the committee, “I met nobody {i}.” Senator Al Franken said, “That is not true {i}.”",
        "“I never did {i},” Sessions said. “Not once {i}.”",
        "Al Franken, who said “he lied {i}”, met Sessions {i} times and said that “it was {i}.”",
        "Sessions met Kislyak {i} times and said “nothing {i}.” Franken replied, “That is odd {i}.”",
        "A Justice Department spokeswoman said “he met {i} people” and called it routine.",
        "He said “I had {i} meetings.” Reporters asked about {i} more.",
    ]
    return [kinds[i % len(kinds)].format(i=i) for i in range(n)]


def test_long_quoted_paragraph_reads_as_its_items_do() -> None:
    # Thousands of quotes in one paragraph give what the same text gives one item a paragraph
    # (why: per-sentence scans over all the paragraph's quotes made this quadratic).
    items = _long_paragraph_items(1800)

    def found(sep: str) -> list[tuple[str, str, str, str | None]]:
        art = ArticleText("long", sep.join(items), "2017-03-02")
        return [(o.text, o.kind, o.speaker, o.on_behalf_of) for o in extract_article(art, _JS)]

    one_line = found(" ")
    assert one_line == found("\n")
    assert len(one_line) == 300 * 4, len(one_line)  # items 0 and 3 once, item 1 twice (quote and continuation)
    assert not [t for t, *_ in one_line if "Franken said" in t or "odd" in t]


def test_long_sentence_with_many_verbs() -> None:
    # One sentence, thousands of verbs, quotes and mentions: each verb still finds its own speaker and quote.
    many = " and ".join(f"Al Franken, who said “no {i}”, met Sessions {i} times" for i in range(3000))
    body = f"{many} and Sessions said “I met nobody.”\n{many}."
    art = ArticleText("long", body, "2017-03-02")
    own = body.index("Sessions said “I met")  # the clauses before it are Franken's
    assert [(o.start, o.end, o.kind) for o in extract_article(art, _JS)] == [(own, body.index("\n"), "direct")]


@pytest.mark.parametrize(("body", "own"), [
    ("Sessions said he never met the ambassador, and Franken said he did.",
     "Sessions said he never met the ambassador"),
    ("Sessions said he never met the ambassador while Franken said the opposite.",
     "Sessions said he never met the ambassador"),
    ("“That is not true,” Sessions said, and Senator Al Franken said, “He lied.”",
     "“That is not true,” Sessions said"),
    ("Franken said Sessions lied, and Sessions said he did not.", "Sessions said he did not."),
    ("Franken said Sessions lied — Sessions said he did not.", "Sessions said he did not."),
    # the other speaker quoting the subject: those are the subject's words too
    ("Franken quoted Sessions as saying “I did not meet them,” and “I stand by it,” Sessions said.",
     "Franken quoted Sessions as saying “I did not meet them,” and “I stand by it,” Sessions said."),
    ("“I met nobody,” Franken quoted Sessions as saying, and “I stand by it,” Sessions said.",
     "“I met nobody,” Franken quoted Sessions as saying, and “I stand by it,” Sessions said."),
    ("Franken quoted him as saying “I did not meet them,” and “I stand by it,” Sessions said.",
     "Franken quoted him as saying “I did not meet them,” and “I stand by it,” Sessions said."),
    # a quotation put before another speaker's verb is that speaker's (it was the subject's, whole)
    ("“He lied,” Franken said, and “I did not,” Sessions said.", "“I did not,” Sessions said."),
    ("“He lied,” said Franken on Tuesday, but “I did not,” Sessions said.", "“I did not,” Sessions said."),
    ("Franken said, “He lied,” and “I did not,” Sessions replied.", "“I did not,” Sessions replied."),
    ("“I did not,” Sessions said, and “He lied,” Franken said.", "“I did not,” Sessions said"),
    ("Sessions said, “I did not,” and “He lied,” Franken said.", "Sessions said, “I did not,”"),
    # ... but not a description (it may be the subject) nor a spokesperson (who may speak for them)
    *[(s, s) for s in (
        "“I did not have communications with the Russians,” the nominee told Franken in January, and "
        "“I stand by it,” Sessions said Thursday.",
        "“I met nobody,” Franken quoted the former senator as saying, and “I stand by it,” Sessions said.",
        "“I did not,” Sessions said, and “I never would,” the former senator added.",
        "“He did not meet them,” a Justice Department spokeswoman said, and “I stand by it,” Sessions said.",
    )],
    # and another speaker's statement inside the subject's (a relative clause, an aside) is not cut off
    *[(s, s) for s in (
        "Sessions said the meetings were routine, but Democrats who said he lied were “playing politics.”",
        "Sessions said the accusation — “he lied to Congress,” Franken wrote in a letter — was unfounded.",
        "Sessions said the charge, “perjury,” Democrats said, was baseless.",
    )],
    # another speaker inside the subject's statement is part of it
    ("Sessions said that Franken said he lied.", "Sessions said that Franken said he lied."),
    # "he" after the subject may well be the subject going on: a guess does not cut there
    ("Sessions told senators he never met the ambassador, and he later said he could not recall.",
     "Sessions told senators he never met the ambassador, and he later said he could not recall."),
    # before the subject's own attribution it is somebody else's statement, pronoun or not
    ("Franken spoke first. He said Sessions lied, and Sessions said he did not.", "Sessions said he did not."),
    ("Sessions said he never met the ambassador, and they said he did.",
     "Sessions said he never met the ambassador"),
    # a run of commas or dashes (a table row, a rule) is scanned once: a regular expression for
    # the joiner backtracked exponentially on it (24 commas took 6 s, this many would never end)
    ("Sessions said the tally was " + ", " * 400 + "wrong, and Franken said he did.",
     "Sessions said the tally was " + ", " * 400 + "wrong"),
    ("Sessions said the tally was " + "— " * 400 + "wrong, and Franken said he did.",
     "Sessions said the tally was " + "— " * 400 + "wrong"),
])
def test_another_speakers_statement_in_the_sentence_is_not_the_subjects(body: str, own: str) -> None:
    """An occurrence used to be the whole sentence, so the subject's held the other speaker's words."""
    found = extract_article(ArticleText("a", body, "2017-03-02"), _JS)
    assert [body[o.start:o.end] for o in found] == [own]


def test_mention_mask_finds_what_the_pairwise_check_finds(articles: list[ArticleText],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # find_mentions checks overlaps pairwise for a few mentions and through a mask past that.
    from workbench.extract import speakers

    before = [extract_article(art, SESSIONS) for art in articles]
    monkeypatch.setattr(speakers, "_FEW_MENTIONS", 1)
    assert [extract_article(art, SESSIONS) for art in articles] == before


@pytest.mark.parametrize("body", [
    "Sessions was asked about the meetings. “I did not meet with any Russians.” "
    "Sessions said Tuesday, adding that he had met the ambassador twice.",
    "Sessions was asked about the meetings. “I did not meet with any Russians.” Sessions said, adding it was a lie.",
    "Sessions was asked about the meetings. “I did not meet with any Russians.” "
    "Sessions said in a statement he would recuse himself.",
    "Sessions was asked about the meetings. “I did not meet with any Russians.” "
    "Sessions said of the meeting, which he said was brief.",
])
def test_attribution_with_trailing_clause_keeps_the_quote(body: str) -> None:
    # `“…” Sessions said Tuesday, adding that …`: the quote is his; the trailing clause is no new statement.
    art = ArticleText("q", f"Title\n\nBy Jane Doe\n\n{body}\n", "2017-03-02")
    claims = extract_claims([art], _JS)
    assert ("Jeff Sessions", "I did not meet with any Russians.") in [(c.speaker, c.text) for c in claims]
    occ = [o for c in claims for o in c.occurrences if o.kind == "direct"]
    assert [o.text for o in occ] == [body[body.index("“"):]]


def test_a_quotation_left_open_at_the_paragraph_end_keeps_its_last_character() -> None:
    """A quotation that goes on in the next paragraph has no closing mark in this one: it ends
    at the paragraph's end, and its text is all of it ("I never met th" lost the 'e')."""
    body = 'Sessions said on Monday, "I never met the\n"Russian ambassador at all," he added.'
    occs = extract_article(ArticleText("a", body, None), SESSIONS)
    assert occs and occs[0].text == 'Sessions said on Monday, "I never met the'
    claims = extract_claims([ArticleText("a", body, None)], SESSIONS)
    assert claims[0].text == "I never met the"
