"""Documents the system prints, laid out as Vietnamese offices expect them.

``documents.govdoc`` builds any administrative document (pledge, minutes, decision, submission
memo …) in the Decree 30/2020/NĐ-CP layout with python-docx. It is a pure module: no Django,
plain strings and dates in, ``.docx`` bytes out. Each app's ``exports.py`` loads its data and
calls it (``cycle.exports.pledge_docx`` is the first user).

``documents.xlsx`` is the toolkit of every Excel import, template and export: cells as text,
documented columns, headers, refusing a file too large or unreadable, the "Hướng dẫn" sheet, and
``write_table`` for every exported table (a title naming the body, typed and formatted cells,
widths to content). It imports no app (only Django's settings and translations).
"""
