"""Tests of inter-reviewer agreement: percent agreement, Cohen's kappa, Krippendorff's alpha."""

from __future__ import annotations

import pytest
from export_sample import sample_doc

from workbench.export.agreement import (
    agreement_report,
    cohen_kappa,
    krippendorff_alpha_nominal,
    percent_agreement,
)

X, C, U = "contradicted", "consistent", "unresolved"


def test_percent_agreement() -> None:
    assert percent_agreement([(X, X), (X, C), (C, C), (U, U)]) == 0.75
    with pytest.raises(ValueError):
        percent_agreement([])


def test_cohen_kappa_by_hand() -> None:
    # 10 claims, two reviewers. Confusion matrix (rows A, columns B):
    #                 B: contradicted  B: consistent
    #   A: contradicted        4              2        -> A said contradicted 6 times
    #   A: consistent          1              3        -> A said consistent 4 times
    #   B said contradicted 5 times, consistent 5 times.
    # p_o = (4 + 3) / 10 = 0.7
    # p_e = (6/10)(5/10) + (4/10)(5/10) = 0.30 + 0.20 = 0.5
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    a = [X] * 4 + [X] * 2 + [C] * 1 + [C] * 3
    b = [X] * 4 + [C] * 2 + [X] * 1 + [C] * 3
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert percent_agreement(zip(a, b, strict=True)) == pytest.approx(0.7)


def test_cohen_kappa_edge_cases() -> None:
    assert cohen_kappa([X, C, U], [X, C, U]) == pytest.approx(1.0)
    # p_e == 1: both reviewers only ever said "contradicted": perfect agreement, not 0/0
    assert cohen_kappa([X, X, X], [X, X, X]) == 1.0
    # systematic disagreement: p_o = 0, p_e = 0.5 -> kappa = -1
    assert cohen_kappa([X, C], [C, X]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        cohen_kappa([X], [X, C])
    with pytest.raises(ValueError):
        cohen_kappa([], [])


def test_krippendorff_alpha_textbook_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
    # 4 observers, 12 units, values 1-5, missing = None. Published nominal alpha = 0.743.
    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3]
    c = [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]
    units = [[str(v) for v in column if v is not None] for column in zip(a, b, c, d, strict=True)]
    # unit 12 has one value only and is ignored
    assert krippendorff_alpha_nominal(units) == pytest.approx(0.743, abs=5e-4)


def test_krippendorff_alpha_by_hand() -> None:
    # units: [X, X], [U, X], [C, C]; each pair inside a 2-label unit weighs 1/(2-1) = 1.
    # coincidences: o(X,X) = 2, o(U,X) = o(X,U) = 1, o(C,C) = 2
    # n_X = 3, n_U = 1, n_C = 2, n = 6
    # observed disagreement: o(U,X) + o(X,U) = 2
    # expected: sum over c != k of n_c n_k / (n - 1) = 2 (3*1 + 3*2 + 1*2) / 5 = 22 / 5 = 4.4
    # alpha = 1 - 2 / 4.4 = 6/11
    assert krippendorff_alpha_nominal([[X, X], [U, X], [C, C], [C]]) == pytest.approx(6 / 11)


def test_krippendorff_alpha_edge_cases() -> None:
    assert krippendorff_alpha_nominal([[X, X], [X, X, X]]) == 1.0  # one value only: D_e = 0
    assert krippendorff_alpha_nominal([[X, C], [C, X]]) < 0
    with pytest.raises(ValueError):
        krippendorff_alpha_nominal([[X], []])


def test_agreement_report_on_sample() -> None:
    report = agreement_report(sample_doc())
    # alice / bob: claim 1 X/X, claim 2 U/X, claim 4 C/C; claim 3 unreviewed.
    # p_o = 2/3; alice (X, U, C) and bob (X, X, C): p_e = (1*2 + 1*0 + 1*1) / 9 = 1/3
    # kappa = (2/3 - 1/3) / (1 - 1/3) = 0.5; alpha as in test_krippendorff_alpha_by_hand = 6/11
    assert report["reviewers"] == ["alice", "bob"]
    assert report["items_both_reviewed"] == 3
    assert report["percent_agreement"] == pytest.approx(2 / 3)
    assert report["kappa"] == pytest.approx(0.5)
    assert report["alpha"] == pytest.approx(6 / 11)
    assert report["disagreements"] == [
        {
            "claim": 2,
            "text": "I never met with any Russian officials to discuss issues of the campaign.",
            "verdicts": {"alice": "unresolved", "bob": "contradicted"},
        }
    ]


def test_agreement_report_three_reviewers_and_no_overlap() -> None:
    doc = sample_doc()
    doc["claims"][0]["verdicts"].append(
        {
            "reviewer": "carol",
            "label": C,
            "note": None,
            "updated_at": "2026-11-21T08:00:00Z",
            "settled": False,
        }
    )
    report = agreement_report(doc)
    assert report["reviewers"] == ["alice", "bob", "carol"]
    assert report["kappa"] is None
    assert report["alpha"] is not None
    # claim 1 gives 3 pairs (1 agreeing), claims 2 and 4 one pair each (0 and 1 agreeing)
    assert report["percent_agreement"] == pytest.approx(2 / 5)

    lonely = sample_doc()
    for claim in lonely["claims"]:
        claim["verdicts"] = claim["verdicts"][:1]
    report = agreement_report(lonely)
    assert report["items_both_reviewed"] == 0
    assert report["percent_agreement"] is report["kappa"] is report["alpha"] is None
    assert report["disagreements"] == []


def test_agreement_report_falls_back_to_single_verdict() -> None:
    doc = sample_doc()
    for claim in doc["claims"]:
        claim.pop("verdicts")
    report = agreement_report(doc)
    assert report["reviewers"] == ["alice", "bob"]
    assert report["items_both_reviewed"] == 0
