"""Sentence segmentation: offsets, abbreviations, quotes, paragraphs, speed."""
from __future__ import annotations

import time

from workbench.extract import split_sentences


def sents(body: str) -> list[str]:
    spans = split_sentences(body)
    for s, e in spans:
        assert body[s:e] == body[s:e].strip() and s < e
    return [body[s:e] for s, e in spans]


def test_abbreviations_and_initials() -> None:
    body = (
        "Then-Sen. Jeff Sessions testifies on Jan. 10 at 2:15 p.m. in Newport News, Va. with Sen. Al Franken, "
        "D-Minn., and Rep. Kevin McCarthy, R-Calif., present. Former FBI director James B. Comey spoke. "
        "Robert S. Mueller III was named by Mr. Rosenstein and Dr. Smith of St. Louis in the U.S. Congress. Done."
    )
    assert sents(body) == [
        "Then-Sen. Jeff Sessions testifies on Jan. 10 at 2:15 p.m. in Newport News, Va. with Sen. Al Franken, "
        "D-Minn., and Rep. Kevin McCarthy, R-Calif., present.",
        "Former FBI director James B. Comey spoke.",
        "Robert S. Mueller III was named by Mr. Rosenstein and Dr. Smith of St. Louis in the U.S. Congress.",
        "Done.",
    ]


def test_quotes_and_paragraphs() -> None:
    body = "  He said, “I never met them. It is false.” Sessions said.\n\n“I don’t recall,” he said. Next one!\nLast line"
    assert sents(body) == [
        "He said, “I never met them.",
        "It is false.” Sessions said.",
        "“I don’t recall,” he said.",
        "Next one!",
        "Last line",
    ]


def test_round_trip_offsets() -> None:
    body = "Ab cd. Cd ef?  \n\n Ef gh!” Gh ij.\r\nIj"
    spans = split_sentences(body)
    assert [body[s:e] for s, e in spans] == ["Ab cd.", "Cd ef?", "Ef gh!”", "Gh ij.", "Ij"]


def test_segmentation_stays_linear() -> None:
    """A guard against pathological (quadratic) slowness, not a benchmark.

    Throughput figures come from ``tests/benchmarks/run.py``; a tight timed
    assertion here failed on a loaded two-core machine (4.6 vs 5 MB/s).
    """
    para = (
        "Sen. Jeff Sessions, R-Ala., said on Jan. 10 that he “did not have communications with the Russians.” "
        "The U.S. official, James B. Comey, disagreed. It was 2 p.m. in Washington. "
    )
    body = "\n\n".join([para * 5] * 2000)
    t0 = time.perf_counter()
    n = len(split_sentences(body))
    elapsed = time.perf_counter() - t0
    assert n == 2000 * 15
    assert len(body) / elapsed > 500_000, len(body) / elapsed  # ~10x below the measured rate


def test_quote_then_another_speakers_quote_are_two_sentences() -> None:
    # `.” X said, “…”` after a quote that has its own speaker starts a new sentence.
    assert sents("Sessions told the committee, “I did not meet any Russians.” "
                 "Senator Al Franken said, “That is not true.”") == [
        "Sessions told the committee, “I did not meet any Russians.”",
        "Senator Al Franken said, “That is not true.”",
    ]
    assert sents('Sessions told the committee, "I did not meet anyone." Donald Trump said, "He is lying."') == [
        'Sessions told the committee, "I did not meet anyone."', 'Donald Trump said, "He is lying."']
    assert sents("Sessions said, “I did not. Not once.” Franken said he was lying. Done.") == [
        "Sessions said, “I did not.", "Not once.”", "Franken said he was lying.", "Done."]
    assert sents("“I did not,” Sessions said. “Not once.” Franken said, “That is not true.”") == [
        "“I did not,” Sessions said.", "“Not once.”", "Franken said, “That is not true.”"]


def test_attribution_after_quote_stays_with_it() -> None:
    # ...when it says nothing of its own, or the quotation opens the paragraph.
    assert sents("He said, “I did not. Not once.” Sessions said Thursday. Done.") == [
        "He said, “I did not.", "Not once.” Sessions said Thursday.", "Done."]
    assert sents("“I did not meet any Russians.” Sessions said, “Not one.”") == [
        "“I did not meet any Russians.” Sessions said, “Not one.”"]


def test_many_quotes_in_one_line_are_many_sentences() -> None:
    body = "".join(f'He said "I met nobody {i}." ' for i in range(500)).strip()
    assert sents(body) == [f'He said "I met nobody {i}."' for i in range(500)]


def test_attribution_with_trailing_clause_stays_with_quote() -> None:
    # `.” X said <adverb/PP/participle clause>` continues the quote's attribution; `.” X said, “…”`,
    # `.” X said Tuesday, “…”` and `.” X said he …` report something new.
    lead = "Sessions was asked about the meetings. "
    quote = "“I did not meet with any Russians.”"
    for tail in (" Sessions said Tuesday, adding that he had met the ambassador twice.",
                 " Sessions said, adding it was a lie.",
                 " Sessions said in a statement he would recuse himself.",
                 " Sessions said of the meeting, which he said was brief.",
                 " Sessions said of the meeting, which he called “brief.”"):
        assert sents(lead + quote + tail) == [lead.strip(), quote + tail]
    for tail in (" Franken said, “That is not true.”", " Franken said Tuesday, “That is not true.”",
                 " Franken said: “That is not true.”", " Franken said he was lying.",
                 " Franken said that it was false."):
        assert sents(lead + quote + tail) == [lead.strip(), quote, tail.strip()]
