"""Scoring pages: the rubric (tree, import, export, copy, open), the cross-scoring assignments, the score grid
(one cell saved at a time with htmx), a unit's discrepancy report with explanations, the leaderboard and its
exports. Thin views: access helper → form → one service → redirect or render.

One module per page family: ``rubrics``, ``assignments``, ``sheets`` (the grid and its evidence),
``unit_reports``, ``results``; ``downloads`` builds the file responses."""
