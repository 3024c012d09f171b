"""The catalogue of bad inputs (issue 13): each case is a small change to a fixture site, with the one
problem an editor must be told about. tests/test_catalogue.py runs every case through `make check`'s
and `make build`'s commands and compares. Cases live in cases_*.py modules, one per kind of input."""
