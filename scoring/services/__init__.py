"""Every write of scoring, one function per change, each in one transaction with its audit row.

A package by noun: ``rubrics`` (the rubric and its criteria, import, copy from last year, opening
and closing scoring, new versions), ``rounds`` (score cells with optimistic concurrency, evidence,
cross-scoring assignments, explanation requests), ``results`` (read-only: totals, discrepancies and
the ranking, computed by ``scoring.core`` from the stored scores).
"""


class ScoringError(ValueError):
    """A change refused by the scoring rules; the message is Vietnamese and for the user."""
