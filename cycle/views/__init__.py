"""Views of the yearly cycle, one module per noun."""
