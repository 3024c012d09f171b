"""Contacts and glossary: one source of truth, and the includes that put them on pages."""
import datetime as dt

import checks
import content
import includes
from fixture_site import page

CONTACTS = """\
- id: city-duty
  name: City duty team
  phones:
    - number: "0100 000 0000"
      label: Day and night
  hours: Always.
  last_verified: 2026-01-01
- id: county-duty
  name: County duty team
  phones:
    - number: "0100 000 0001"
  last_verified: null
"""


def run(site, today=dt.date(2026, 3, 1)):
    manual = content.load(site.root)
    data = includes.load_data(site.root)
    return [str(p) for p in sorted(set(manual.problems + checks.run(manual, data, today)))]


def test_a_page_naming_a_missing_contact_is_an_error(site):
    site.write("data/contacts.yml", CONTACTS)
    site.write("procedures/a.md", page("a", "Call [[phone: city-duty]].\n\n[[contact: city-dutty]]\n\n`[[contact: in-code]]`\n"))
    assert 'procedures/a.md:19: error: contact "city-dutty" does not exist in data/contacts.yml (did you mean "city-duty"?): use an id from that file' in run(site)
    assert not [p for p in run(site) if "in-code" in p]


# Columns: today, expected warning for city-duty (checked on 2026-01-01), if any.
STALE = [
    (dt.date(2026, 7, 2), None),
    (dt.date(2026, 7, 4), "data/contacts.yml:1: warning: contact city-duty was last checked on 1 January 2026, more than 6 months ago: check it again and update last_verified"),
]


def test_contacts_not_checked_for_six_months_are_warned_about(site):
    site.write("data/contacts.yml", CONTACTS)
    for today, expected in STALE:
        found = [p for p in run(site, today) if "city-duty" in p]
        assert found == ([expected] if expected else [])
    assert "data/contacts.yml:8: warning: contact county-duty has never been checked against its official source: call or check it, then set last_verified" in run(site)


def test_contact_cards_and_numbers_come_from_the_data(site):
    site.write("data/contacts.yml", CONTACTS)
    site.write("procedures/a.md", page("a", "Call [[phone: city-duty]].\n\n[[contact: county-duty]]\n"))
    assert site.build().returncode == 0
    html = site.html("procedures/a")
    assert '<a href="tel:01000000000">0100 000 0000</a>' in html
    assert "County duty team" in html and "We have not yet confirmed this number with the service itself." in html


def test_glossary_terms_are_defined_once_and_become_tooltips(site):
    site.write("data/glossary.yml", "- term: Local authority designated officer\n  abbr: LADO\n  definition: Manages allegations.\n- term: Lado\n  definition: Again.\n")
    assert 'data/glossary.yml:4: error: "Lado" is already defined at line 1: define each term once' in run(site)
    site.write("data/glossary.yml", "- term: Local authority designated officer\n  abbr: LADO\n  definition: Manages allegations.\n")
    site.write("procedures/a.md", page("a", "Tell the LADO.\n"))
    site.write("docs/glossary.md", page("glossary", "[[glossary]]\n", type="reference"))
    assert site.build().returncode == 0
    assert '<abbr title="Local authority designated officer">LADO</abbr>' in site.html("procedures/a")
    assert '<dt id="term-lado">LADO (Local authority designated officer)</dt>' in site.html("glossary")


def test_a_page_gets_the_abbreviations_it_uses(tmp_path):
    glossary = [{"term": t, "abbr": a, "definition": "."} for t, a in
                [("Section 47", "s47"), ("Designated officer", "LADO"), ("Data law", "UK GDPR"), ("Education department", "DfE"), ("Child in need", "CIN")]]
    data = includes.Data(glossary=glossary)
    used = includes.abbreviations(data, "A s47 enquiry. Tell the LADO, and the DfE (under UK GDPR). Lowercase cin and xCINx are not it.")
    assert used.split("\n") == ["", "", "*[s47]: Section 47", "*[LADO]: Designated officer", "*[UK GDPR]: Data law", "*[DfE]: Education department", ""]
    assert includes.abbreviations(data, "An enquiry about the child in need, with the lado, within 17 days.") == ""
    assert includes.abbreviations(data).count("*[") == 5  # no text: every definition, for the glossary page


def test_includes_are_replaced_where_they_are_written_and_never_in_code():
    import model
    import yaml

    data = includes.Data(contacts={c["id"]: c for c in yaml.safe_load(CONTACTS)})
    body = "Call [[phone: city-duty]] or `[[phone: city-duty]]`.\n\n```\n[[phone: county-duty]]\n```\n\n| Who | Number |\n|---|---|\n| County | [[phone: county-duty]] |\n"
    doc = model.Document("procedures/a.md", {}, body=body, body_line=5)
    assert [tuple(i) for i in doc.outline().includes] == [("phone", "city-duty", 5), ("phone", "county-duty", 13)]
    assert includes.expand(doc, data).split("\n") == [
        "Call [0100 000 0000](tel:01000000000) or `[[phone: city-duty]]`.", "", "```", "[[phone: county-duty]]", "```", "",
        "| Who | Number |", "|---|---|", "| County | [0100 000 0001](tel:01000000001) |", ""]
