"""The commendation workflow: proposals (``proposals``), the council (``council``), decisions (``decisions``)."""
