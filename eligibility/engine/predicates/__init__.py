"""The predicate vocabulary: every condition of every rule set is one of these.

Each predicate evaluates **column-wise** — one call returns the set (an integer bitset, see
``bits``) of every candidate of the table that meets it — and explains **one** candidate on
demand (the failed fact as a short Vietnamese phrase). Parameters arrive resolved (``$name``
already replaced by the rule set's value) and validated against ``params``.

Conventions shared by all:

* ``Y`` is the year judged and ``on`` the evaluation (cut-off) date, by default 31/12 of Y.
* After a discipline, achievements count from the end of its period (Decree 152/2025 art. 4):
  a year's rating or title counts only when the year began after the period ended. This is the
  ``counted`` mask; the rule set's ``discipline_reset_form`` parameter says from which form on.
* ``or_eligible``: a title of year Y that the council has not conferred yet counts when the
  candidate is eligible for it in this same evaluation (CSTĐ cơ sở "holds CSTT that year").
* ``after_own``: one achievement earns one title or form (Law 2022 art. 5) — only years after
  the last time the candidate received the very title or form being judged count.

The predicates live by family: ``ratings``, ``titles``, ``awards`` (forms received, chains since an
award), ``initiatives``, ``discipline`` (disciplines and pending cases), ``members`` (a unit's
members), ``service``, ``blocks`` and ``achievements``; they build on ``base`` (the interface),
``context`` (what they read), ``params`` (parameter types) and ``formatting``.
"""

from eligibility.engine.predicates.achievements import AchievementRecorded
from eligibility.engine.predicates.awards import ChainSinceAward, HoldsAwardBefore, LacksAward
from eligibility.engine.predicates.base import BOTH, Predicate
from eligibility.engine.predicates.blocks import LeadsBlock
from eligibility.engine.predicates.context import Context
from eligibility.engine.predicates.discipline import NoDiscipline, NoPendingCase
from eligibility.engine.predicates.initiatives import InitiativesUnused
from eligibility.engine.predicates.members import (
    EveryMemberRatedAtLeast,
    MemberShareHolding,
    MembersHoldingAtLeast,
    NoMemberDiscipline,
)
from eligibility.engine.predicates.params import Spec, check_value
from eligibility.engine.predicates.ratings import RatingAtLeast
from eligibility.engine.predicates.service import YearsOfService
from eligibility.engine.predicates.titles import ConsecutiveTerms, ConsecutiveTitle, HoldsTitle, TitleCount

REGISTRY: dict[str, Predicate] = {
    cls.name: cls()
    for cls in (
        RatingAtLeast,
        HoldsTitle,
        ConsecutiveTitle,
        TitleCount,
        ConsecutiveTerms,
        HoldsAwardBefore,
        LacksAward,
        ChainSinceAward,
        InitiativesUnused,
        NoDiscipline,
        NoPendingCase,
        MemberShareHolding,
        EveryMemberRatedAtLeast,
        MembersHoldingAtLeast,
        NoMemberDiscipline,
        YearsOfService,
        LeadsBlock,
        AchievementRecorded,
    )
}

__all__ = [
    "BOTH",
    "REGISTRY",
    "AchievementRecorded",
    "ChainSinceAward",
    "ConsecutiveTerms",
    "ConsecutiveTitle",
    "Context",
    "EveryMemberRatedAtLeast",
    "HoldsAwardBefore",
    "HoldsTitle",
    "InitiativesUnused",
    "LacksAward",
    "LeadsBlock",
    "MemberShareHolding",
    "MembersHoldingAtLeast",
    "NoDiscipline",
    "NoMemberDiscipline",
    "NoPendingCase",
    "Predicate",
    "RatingAtLeast",
    "Spec",
    "TitleCount",
    "YearsOfService",
    "check_value",
]
