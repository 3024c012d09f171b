"""A first case, showing the form (other modules: cases_unsafe, cases_inputs, cases_build)."""
from catalogue.case import Case
from fixture_site import page

BODY = 17  # the first body line of fixture_site.page() without extra fields

CASES = [
    Case(
        "unknown-contact",
        "includes",
        files={"procedures/a.md": page("a", "Call [[phone: nobody-at-all]] now.\n")},
        expect=("procedures/a.md", BODY, 'contact "nobody-at-all" does not exist'),
    ),
]
