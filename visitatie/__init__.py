"""Staat van VTH: the web application (create_app in visitatie/app.py) and its domain packages.
Empty on purpose: importing a pure core or the pipeline must not load Flask
(tests/test_afhankelijkheden.py)."""
