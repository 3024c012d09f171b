"""Problems as editors read them: `path:line: error|warning: message`, sorted, then a count."""
from __future__ import annotations

from model import Problem


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def lines(problems: list[Problem]) -> list[str]:
    return [str(p) for p in sorted(set(problems))]


def summary(problems: list[Problem]) -> str:
    e = len(errors(problems))
    w = len(set(problems)) - e
    if not e and not w:
        return "No problems found."
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"
    return f"{plural(e, 'error')} and {plural(w, 'warning')}." + (" Fix the errors above; the site is not built until they are fixed." if e else "")


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github(problems: list[Problem]) -> list[str]:
    """The same problems as GitHub Actions annotations (`::error file=...,line=...::message`), which
    GitHub shows on the changed lines of a pull request."""
    return [f"::{p.severity} file={_escape(p.path, True)},line={p.line},title={_escape(p.severity.capitalize() + ' in ' + p.path, True)}::{_escape(p.message)}"
            for p in sorted(set(problems))]
