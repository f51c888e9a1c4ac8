"""Statistics hold no tables of their own: every figure is aggregated from the award rows at read time
(so an annulment or a new decision shows at once). Statutory report forms are versioned in code
(``stats/reports.py``)."""

from stats.models_news import Article  # noqa: E402,F401
