"""Views of the organisation app, one module per noun (units, people, imports, API tokens)."""
