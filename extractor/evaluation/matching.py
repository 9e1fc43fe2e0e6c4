"""Pairing predicted with gold records of one article (records-and-scoring.md §3).

Meetings are compatible when they share a participant name, or (when either side
names nobody) when their country sets are equal and their dates are equal or one
is null; statements are compatible when their text token-overlap F1 is at least
0.5. Pairs are then chosen by maximum-weight one-to-one assignment. §3 leaves exact
ties open (a meeting and its announced follow-up with the same people and no
dates); they are broken by the remaining fields, so the order of records never
changes a score.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, Field
from scipy.optimize import linear_sum_assignment

from extractor.evaluation.names import NameTokens, count_name_matches, normalise_string, unique_names
from schemas import ArticleExtraction, Meeting, Participant, Statement

STATEMENT_MIN_OVERLAP = 0.5
_WORD = re.compile(r"\w+")


class ArticleMatch(BaseModel):
    """Which gold record each predicted record was paired with, by index into the article's lists."""

    meeting_pairs: list[tuple[int, int]] = Field(default_factory=list, description="(gold index, predicted index)")
    unmatched_gold_meetings: list[int] = Field(default_factory=list)
    unmatched_pred_meetings: list[int] = Field(default_factory=list)
    statement_pairs: list[tuple[int, int]] = Field(default_factory=list, description="(gold index, predicted index)")
    unmatched_gold_statements: list[int] = Field(default_factory=list)
    unmatched_pred_statements: list[int] = Field(default_factory=list)


@dataclass(frozen=True)
class MeetingKey:
    """What meeting matching looks at, computed once per meeting."""

    names: list[NameTokens]
    countries: frozenset[str]
    date: object
    others: tuple[object, ...]  # status, format, normalised location name: tie-breakers only
    topics: frozenset[str]

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingKey:
        location = normalise_string(meeting.location.name) if meeting.location is not None else None
        return cls(
            names=unique_names([p.name for p in meeting.participants]),
            countries=frozenset(meeting.countries),
            date=meeting.date,
            others=(meeting.status, meeting.format, location),
            topics=frozenset(meeting.topics),
        )


def text_tokens(text: str) -> Counter[str]:
    """Lower-cased word tokens of a statement text, as a multiset."""
    return Counter(_WORD.findall(text.casefold()))


def token_f1(gold: Counter[str], pred: Counter[str]) -> float:
    """Token-overlap F1 of two token multisets (0.0 when either is empty)."""
    common = sum((gold & pred).values())
    if common == 0:
        return 0.0
    return 2 * common / (sum(gold.values()) + sum(pred.values()))


def token_f1_matrix(gold: Sequence[Counter[str]], pred: Sequence[Counter[str]]) -> np.ndarray:
    """`token_f1` of every (gold, pred) pair at once (numpy over a shared vocabulary; same numbers)."""
    if not gold or not pred:
        return np.zeros((len(gold), len(pred)))
    vocabulary = {token: k for k, token in enumerate(set().union(*gold, *pred))}

    def counts(bags: Sequence[Counter[str]]) -> np.ndarray:
        matrix = np.zeros((len(bags), len(vocabulary)))
        for row, bag in enumerate(bags):
            for token, n in bag.items():
                matrix[row, vocabulary[token]] = n
        return matrix

    g, p = counts(gold), counts(pred)
    common = np.minimum(g[:, None, :], p[None, :, :]).sum(axis=2)
    sizes = g.sum(axis=1)[:, None] + p.sum(axis=1)[None, :]
    return np.divide(2 * common, sizes, out=np.zeros_like(common), where=sizes > 0)


def meetings_compatible(gold: MeetingKey, pred: MeetingKey, shared_names: int) -> bool:
    """The §3 compatibility test, given how many participant names the two meetings share."""
    if shared_names > 0:
        return True
    if gold.names and pred.names:
        return False
    dates_agree = gold.date is None or pred.date is None or gold.date == pred.date
    return gold.countries == pred.countries and dates_agree


def speakers_agree(gold: Statement, pred: Statement) -> bool:
    """Speaker agreement: the name sets overlap when both sides name someone; otherwise the speakers' countries are equal."""
    gold_names = unique_names([s.name for s in gold.speakers])
    pred_names = unique_names([s.name for s in pred.speakers])
    if gold_names and pred_names:
        return count_name_matches(gold_names, pred_names) > 0
    return _countries(gold.speakers) == _countries(pred.speakers)


def _countries(people: Iterable[Participant]) -> set[str]:
    return {p.country for p in people if p.country is not None}


def lexicographic_weights(tiers: Sequence[np.ndarray], compatible: np.ndarray) -> np.ndarray:
    """One weight per pair that orders pairs by `tiers` (non-negative integer arrays) lexicographically.

    Each tier's unit exceeds the largest possible sum of all lower tiers over a whole assignment, so a
    maximum-weight assignment maximises the first tier's total, then the second's, and so on. A last
    implicit tier of 1 makes every compatible pair weigh more than nothing; incompatible pairs weigh 0.
    """
    n_pairs = min(compatible.shape)
    weights = compatible.astype(float)
    below = float(n_pairs)  # the largest total the tiers below the current one can add over an assignment
    for tier in reversed(tiers):
        unit = below + 1.0
        weights = weights + tier * unit
        below += n_pairs * float(tier.max(initial=0.0)) * unit
    return np.where(compatible, weights, 0.0)


def _assign(weights: np.ndarray) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Maximum-weight one-to-one pairs among positive weights, and the rows and columns left over."""
    n_gold, n_pred = weights.shape
    pairs: list[tuple[int, int]] = []
    if n_gold and n_pred:
        rows, cols = linear_sum_assignment(weights, maximize=True)
        pairs = sorted((int(r), int(c)) for r, c in zip(rows, cols) if weights[r, c] > 0)
    paired_gold = {g for g, _ in pairs}
    paired_pred = {p for _, p in pairs}
    return pairs, [i for i in range(n_gold) if i not in paired_gold], [j for j in range(n_pred) if j not in paired_pred]


def meeting_weights(gold: Sequence[Meeting], pred: Sequence[Meeting]) -> np.ndarray:
    """Weights of compatible meeting pairs (0 for incompatible ones), ordered by §3's
    (shared participant names, shared countries, date equal), then, only to break exact ties,
    by agreeing status/format/location and shared topics."""
    gold_keys = [MeetingKey.of(m) for m in gold]
    pred_keys = [MeetingKey.of(m) for m in pred]
    shape = (len(gold), len(pred))
    compatible = np.zeros(shape, dtype=bool)
    tiers = [np.zeros(shape) for _ in range(5)]
    for i, g in enumerate(gold_keys):
        for j, p in enumerate(pred_keys):
            shared = count_name_matches(g.names, p.names)
            if not meetings_compatible(g, p, shared):
                continue
            compatible[i, j] = True
            tiers[0][i, j] = shared
            tiers[1][i, j] = len(g.countries & p.countries)
            tiers[2][i, j] = g.date == p.date
            tiers[3][i, j] = sum(a == b for a, b in zip(g.others, p.others))
            tiers[4][i, j] = len(g.topics & p.topics)
    return lexicographic_weights(tiers, compatible)


def statement_weights(gold: Sequence[Statement], pred: Sequence[Statement]) -> np.ndarray:
    """Weights of compatible statement pairs (token-overlap F1 >= 0.5; 0 for the others), ordered by that F1
    (to six decimals), then, only to break exact ties, by agreeing speaker/direct/act/target."""
    f1 = token_f1_matrix([text_tokens(s.text) for s in gold], [text_tokens(s.text) for s in pred])
    compatible = f1 >= STATEMENT_MIN_OVERLAP
    overlap = np.where(compatible, np.round(f1 * 1_000_000), 0.0)
    agreement = np.zeros(f1.shape)
    for i, j in zip(*np.nonzero(compatible)):
        gs, ps = gold[i], pred[j]
        agreement[i, j] = speakers_agree(gs, ps) + (gs.direct == ps.direct) + (gs.act == ps.act) + (gs.target == ps.target)
    return lexicographic_weights([overlap, agreement], compatible)


def match_article(gold: ArticleExtraction, pred: ArticleExtraction | None) -> ArticleMatch:
    """Pair the meetings and statements of a prediction with those of the gold record for the same article.

    A missing prediction (None) leaves every gold record unmatched.
    """
    pred_meetings = pred.meetings if pred is not None else []
    pred_statements = pred.statements if pred is not None else []
    m_pairs, m_gold, m_pred = _assign(meeting_weights(gold.meetings, pred_meetings))
    s_pairs, s_gold, s_pred = _assign(statement_weights(gold.statements, pred_statements))
    return ArticleMatch(
        meeting_pairs=m_pairs,
        unmatched_gold_meetings=m_gold,
        unmatched_pred_meetings=m_pred,
        statement_pairs=s_pairs,
        unmatched_gold_statements=s_gold,
        unmatched_pred_statements=s_pred,
    )
