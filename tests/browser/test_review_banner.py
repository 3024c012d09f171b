"""The overdue banner is decided at build time and again in the reader's browser, from the date in the
page: a page built before its review date still shows the banner once the date has passed."""
from __future__ import annotations

import datetime as dt

PAGE = "procedures/child-protection/making-a-referral/"


def banner(context, base_url, when: dt.datetime | None):
    page = context.new_page()
    if when:
        page.clock.install(time=when)
    page.goto(base_url + PAGE)
    due = page.locator(".llr-overdue").get_attribute("data-review-due")
    return page.locator(".llr-overdue").is_visible(), due


def test_the_banner_appears_in_the_browser_once_the_review_date_has_passed(new_context, base_url):
    context = new_context()
    _, due = banner(context, base_url, None)
    day = dt.date.fromisoformat(due)
    assert banner(context, base_url, dt.datetime.combine(day, dt.time(12)))[0] is False  # due today: not yet
    assert banner(context, base_url, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9)))[0] is True


def test_without_javascript_the_build_time_state_shows(new_context, base_url):
    # The test site is built on a date before the review date, so the banner is hidden without JavaScript.
    visible, _ = banner(new_context(java_script_enabled=False), base_url, None)
    assert visible is False
