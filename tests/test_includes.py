"""Contacts and glossary: one source of truth, and the includes that put them on pages."""
import datetime as dt

import pytest

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
    card = html.split('<div class="llr-contact">', 1)[1].split("</div>", 1)[0]
    assert "County duty team" in card and 'class="llr-phone" href="tel:01000000001"' in card
    assert "not verified" not in card.lower() and "confirmed" not in card  # provenance is for editors only


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


CARDS = """\
- id: emergency-999
  name: Emergency services
  area: national
  phones:
    - number: "999"
  who: For anyone in danger now.
  hours: Open day and night.
  audience: public
  source: A council page
  last_verified: null
  disagreement: Nobody disagrees about 999.
  editor_note: Never qualify it.
- id: helpline
  name: Helpline
  phones:
    - number: "0100 000 0002"
      label: Main
    - number: "0100 000 0003"
      label: Text relay
  email: help@example.org
  who: For worried adults.
  hours: Weekdays.
  out_of_hours: When it is closed, call
  out_of_hours_contact: emergency-999
  audience: public
  source: Its own site, 2020
  last_verified: 2026-02-01
  disagreement: An older page says it is open all night.
  questions:
    - question: What are its hours today?
      who: The helpline
- id: online
  name: Online service
  website: https://report.example.org/start/
  who: For children.
  audience: public
  source: Its own site
  last_verified: null
"""


def test_a_public_card_shows_the_number_who_and_when_and_nothing_for_editors(site):
    site.write("data/contacts.yml", CARDS)
    site.write("procedures/a.md", page("a", "[[contact: emergency-999]]\n\n[[contact: helpline]]\n\n[[contact: online]]\n"))
    assert site.build().returncode == 0
    cards = [c.split("</div>", 1)[0] for c in site.html("procedures/a").split('<div class="llr-contact">')[1:]]
    emergency, helpline, online = cards
    assert emergency == ('\n<p class="llr-contact__name"><strong>Emergency services</strong></p>\n'
                         '<p class="llr-contact__number"><a class="llr-phone" href="tel:999">999</a></p>\n'
                         '<p class="llr-contact__who">For anyone in danger now.</p>\n'
                         '<p class="llr-contact__when">Open day and night.</p>\n')
    assert '<span class="llr-contact__label">Text relay</span>' in helpline  # labels only when there are several numbers
    assert 'When it is closed, call <a class="llr-phone" href="tel:999">999</a>' in helpline
    assert 'href="mailto:help@example.org"' in helpline
    assert '<a class="llr-contact__web" href="https://report.example.org/start/">report.example.org</a>' in online
    for card in cards:
        assert not any(word in card for word in ("older page", "Never qualify", "Its own site", "What are its hours", "2026"))


def test_the_editors_contacts_page_has_the_provenance_and_where_each_contact_is_used(site):
    site.write("data/contacts.yml", CARDS)
    site.write("procedures/a.md", page("a", "Call [[phone: helpline]].\n", title="Alpha"))
    assert site.build().returncode == 0
    html = site.html("editors/contacts")
    helpline = html.split('id="contact-helpline"', 1)[1].split('id="contact-online"', 1)[0]
    assert "An older page says it is open all night." in helpline and "1 February 2026" in helpline
    assert "What are its hours today?" in helpline
    assert '<a href="../../procedures/a/">Alpha</a> (<code>procedures/a.md:17</code>)' in helpline
    emergency = html.split('id="contact-emergency-999"', 1)[1].split('id="contact-helpline"', 1)[0]
    assert "<strong>Not verified</strong>" in emergency and "out of hours of another contact" in emergency
    assert "What are its hours today?" in site.html("editors/open-questions")


# Columns: a contacts.yml entry's extra lines, the expected problem.
BAD_CONTACTS = [
    ("  caveat: We are not sure.\n", 'contact x: "caveat" is no longer shown to readers: move what editors should know to editor_note'),
    ("  website: http://example.org\n", 'contact x: website "http://example.org" must be a full secure address starting with https://'),
    ("  area: leicester city\n", 'contact x: area "leicester city" is not one of'),
    ("  questions: What?\n", "contact x: questions must be a list"),
    ("  phones:\n    - label: Main\n", "contact x: each entry of phones needs a number"),
    ("", "warning: public contact x does not say when it is open"),
]


@pytest.mark.parametrize("extra,expected", BAD_CONTACTS)
def test_contact_records_are_checked_with_their_line(site, extra, expected):
    site.write("data/contacts.yml", "- id: ok\n  name: OK\n  hours: Always.\n  audience: public\n- id: x\n  name: X\n  audience: public\n" + extra)
    found = [p for p in run(site) if p.startswith("data/contacts.yml:5: ") and expected in p]
    assert found, run(site)


RESOURCES = """\
- id: marf-city
  name: City referral form
  area: leicester
  purpose: Refer a child.
  url: https://example.org/marf
  owner: City council
  last_checked: 2026-02-01
- id: escalation-form
  name: Escalation form
  area: llr
  purpose: Escalate a disagreement.
  where: Ask the partnership business office.
  owner: The partnerships
  last_checked: null
- id: screening-tool
  name: Screening tool
  purpose: Screen for exploitation.
  owner: The partnerships
  questions:
    - question: Where is the screening tool published?
      who: The partnerships
"""


def test_resources_list_and_links_and_an_unknown_resource_is_an_error(site):
    site.write("data/resources.yml", RESOURCES)
    site.write("docs/local-resources.md", page("local-resources", "[[resources]]\n", title="Local resources", type="reference"))
    site.write("procedures/x/a.md", page("a", "Use the [[resource: marf-city]]. Escalate with the [[resource: escalation-form]].\n\n[[resource: marf-ctiy]]\n"))
    assert 'procedures/x/a.md:19: error: resource "marf-ctiy" does not exist in data/resources.yml (did you mean "marf-city"?): use an id from that file' in run(site)
    site.write("procedures/x/a.md", page("a", "Use the [[resource: marf-city]]. Escalate with the [[resource: escalation-form]].\n"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    html = site.html("procedures/x/a")
    assert '<a href="https://example.org/marf">City referral form</a>' in html
    assert '<a href="../../../local-resources/#resource-escalation-form">Escalation form</a>' in html
    listing = site.html("local-resources")
    assert '<dt id="resource-escalation-form">Escalation form</dt>' in listing
    assert "Ask the partnership business office." in listing and "Checked 1 February 2026." in listing
    assert '<a href="https://example.org/marf">Open it on example.org</a>' in listing
    assert "Screening tool" in listing and "Local detail to be confirmed." in listing.split('id="resource-screening-tool"')[1]
    assert "Where is the screening tool published?" in site.html("editors/open-questions")


# Columns: a resources.yml entry's extra lines, the expected problem.
BAD_RESOURCES = [
    ("  url: http://example.org/form\n", 'resource x: url "http://example.org/form" must be a full secure address starting with https://'),
    ("  form: yes\n  url: https://example.org\n", 'unknown field "form" in resource x'),
    ("", "resource x says neither where it is published (url) nor where practitioners get it (where)"),
    ("  url: https://example.org\n  last_checked: last week\n", 'resource x: last_checked "last week" is not a date'),
]


@pytest.mark.parametrize("extra,expected", BAD_RESOURCES)
def test_resource_records_are_checked_with_their_line(site, extra, expected):
    site.write("data/resources.yml", "- id: ok\n  name: OK\n  purpose: P.\n  owner: O\n  url: https://example.org\n- id: x\n  name: X\n  purpose: P.\n  owner: O\n" + extra)
    assert [p for p in run(site) if p.startswith("data/resources.yml:6: error: ") and expected in p], run(site)
