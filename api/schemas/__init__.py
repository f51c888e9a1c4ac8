"""What goes in and out of the API: one module per noun (as ``api/routers``), shared bounds and
pagination in ``common``.

Every input value is bounded here, before any query runs: ids fit a 32-bit key, years are
1945..2100, dates 1900..2100, strings are no longer than their model field and carry no NUL
character (PostgreSQL refuses it), lists at most a few hundred items, so the database never sees
an out-of-range value.
"""
