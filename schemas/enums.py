"""Closed vocabularies of the records contract (records-and-scoring.md §1)."""

from __future__ import annotations

from enum import Enum


class Topic(str, Enum):
    """What a meeting was about; only topics the article ties to that meeting."""

    dprk_nuclear = "dprk_nuclear"
    dprk_missiles = "dprk_missiles"
    dprk_satellite = "dprk_satellite"
    dprk_russia = "dprk_russia"
    china = "china"
    indo_pacific = "indo_pacific"
    trilateral_cooperation = "trilateral_cooperation"
    alliance = "alliance"
    sanctions = "sanctions"
    dialogue = "dialogue"
    un_security_council = "un_security_council"
    economic_security = "economic_security"
    technology = "technology"
    cyber = "cyber"
    military_agreement = "military_agreement"
    other = "other"


class Act(str, Enum):
    """The speech act of a statement."""

    condemn = "condemn"
    urge = "urge"
    pledge = "pledge"
    agree = "agree"
    concern = "concern"
    warn = "warn"
    reaffirm = "reaffirm"
    other = "other"


class MeetingStatus(str, Enum):
    """Whether a meeting happened or is announced for the future."""

    held = "held"
    scheduled = "scheduled"


class MeetingFormat(str, Enum):
    """How the parties met."""

    in_person = "in_person"
    phone = "phone"
    video = "video"
    unknown = "unknown"


class Source(str, Enum):
    """Which extractor a value came from."""

    llm = "llm"
    rules = "rules"
    both = "both"


class AlignmentStatus(str, Enum):
    """How an extracted string was grounded in the article text."""

    exact = "exact"  # the value occurs verbatim
    normalized = "normalized"  # occurs after folding case, whitespace and quote style
    fuzzy = "fuzzy"  # a near match above the aligner's thresholds
    unaligned = "unaligned"  # not found in the text
