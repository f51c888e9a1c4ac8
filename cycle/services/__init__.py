"""Every write of the yearly cycle, one function per change, each in one transaction with its audit row.

A package by noun: ``blocks`` (movements, blocks, members, leaders, next year), ``registration``,
``pledges``, ``reports`` (outline, deadlines, reports, uploads), ``conferences``, ``tasks``
(what each user owes, notifications).
"""


class CycleError(ValueError):
    """A change refused by the cycle's rules; the message is Vietnamese and for the user."""
