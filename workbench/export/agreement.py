"""How far independent reviewers agree, for ``workbench merge`` and reports.

Raw percent agreement flatters: two reviewers who mark nearly everything
"contradicted" agree often by chance. Cohen's kappa corrects for chance for
exactly two reviewers; Krippendorff's alpha (nominal) does so for any number
of reviewers and tolerates items some reviewers skipped. All three work on
verdict labels only; unreviewed items are not counted as a label.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable
from typing import Any


def percent_agreement(pairs: Iterable[tuple[str, str]]) -> float:
    """Share (0..1) of label pairs that are equal. Raises ValueError when there are none."""
    pairs = list(pairs)
    if not pairs:
        raise ValueError("percent agreement needs at least one pair of labels")
    return sum(1 for a, b in pairs if a == b) / len(pairs)


def cohen_kappa(labels_a: list[str], labels_b: list[str]) -> float:
    """Cohen's kappa of two raters who labelled the same items (position i = item i).

    kappa = (p_o - p_e) / (1 - p_e), with p_o the observed agreement and p_e the
    agreement expected from each rater's label frequencies. When p_e == 1 both
    raters used one and the same label throughout: that is perfect agreement
    and returns 1.0 (the formula would divide by zero).
    """
    if len(labels_a) != len(labels_b):
        raise ValueError("cohen_kappa needs two label lists of the same length")
    n = len(labels_a)
    if n == 0:
        raise ValueError("cohen_kappa needs at least one item")
    p_o = sum(1 for a, b in zip(labels_a, labels_b, strict=True) if a == b) / n
    count_a, count_b = Counter(labels_a), Counter(labels_b)
    p_e = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    if math.isclose(p_e, 1.0):
        return 1.0 if math.isclose(p_o, 1.0) else 0.0
    return (p_o - p_e) / (1 - p_e)


def krippendorff_alpha_nominal(units: list[list[str]]) -> float:
    """Krippendorff's alpha for nominal labels.

    ``units``: for each item, the labels it received (one per reviewer who
    reviewed it). Items with fewer than two labels carry no pairing and are
    ignored. alpha = 1 - D_o / D_e computed through the coincidence matrix:
    each ordered pair of labels inside a unit of m labels adds 1/(m-1).
    When only one label value occurs at all, D_e is 0: every pairable value
    agrees, and 1.0 is returned. Raises ValueError when no unit is pairable.
    """
    coincidences: Counter[tuple[str, str]] = Counter()
    for labels in units:
        m = len(labels)
        if m < 2:
            continue
        for i, j in itertools.permutations(range(m), 2):
            coincidences[(labels[i], labels[j])] += 1 / (m - 1)
    if not coincidences:
        raise ValueError("krippendorff_alpha_nominal needs an item with at least two labels")
    totals: Counter[str] = Counter()
    for (c, _k), weight in coincidences.items():
        totals[c] += weight
    n = sum(totals.values())
    observed = sum(w for (c, k), w in coincidences.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k) / (n - 1)
    if math.isclose(expected, 0.0, abs_tol=1e-12):
        return 1.0
    return 1 - observed / expected


def _labels_by_reviewer(claim: dict[str, Any]) -> dict[str, str]:
    """Each reviewer's label for one claim; the latest verdict wins if one repeats."""
    verdicts = claim.get("verdicts") or []
    if not verdicts and claim.get("verdict") and claim.get("reviewer"):
        verdicts = [
            {
                "reviewer": claim["reviewer"],
                "label": claim["verdict"],
                "updated_at": claim.get("updated_at"),
            }
        ]
    ordered = sorted(verdicts, key=lambda v: str(v.get("updated_at") or ""))
    return {
        str(v["reviewer"]): str(v["label"]) for v in ordered if v.get("reviewer") and v.get("label")
    }


def agreement_report(doc: dict[str, Any]) -> dict[str, Any]:
    """Agreement between the reviewers of ``doc`` (a merged export), from each claim's ``verdicts``.

    Keys: ``reviewers`` (sorted names), ``items_both_reviewed`` (claims with
    labels from at least two reviewers), ``percent_agreement`` (share of equal
    pairs of labels over all reviewer pairs on those claims), ``kappa`` (Cohen,
    only with exactly two reviewers), ``alpha`` (Krippendorff nominal), and
    ``disagreements``. Statistics are None when no claim has two labels.
    """
    per_claim = [(claim, _labels_by_reviewer(claim)) for claim in doc.get("claims") or []]
    reviewers = sorted({name for _, labels in per_claim for name in labels})
    shared = [(claim, labels) for claim, labels in per_claim if len(labels) >= 2]
    pairs = [
        (labels[a], labels[b])
        for _, labels in shared
        for a, b in itertools.combinations(sorted(labels), 2)
    ]
    kappa: float | None = None
    if len(reviewers) == 2 and shared:
        first, second = reviewers
        kappa = cohen_kappa(
            [labels[first] for _, labels in shared], [labels[second] for _, labels in shared]
        )
    alpha = (
        krippendorff_alpha_nominal([list(labels.values()) for _, labels in shared])
        if shared
        else None
    )
    disagreements = [
        {
            "claim": claim.get("id"),
            "text": claim.get("text"),
            "verdicts": dict(sorted(labels.items())),
        }
        for claim, labels in shared
        if len(set(labels.values())) > 1
    ]
    return {
        "reviewers": reviewers,
        "items_both_reviewed": len(shared),
        "percent_agreement": percent_agreement(pairs) if pairs else None,
        "kappa": kappa,
        "alpha": alpha,
        "disagreements": disagreements,
    }
