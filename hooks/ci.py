"""Command-line entry points for the editors' workflow, behind the Makefile (`make pr-summary`,
`make annotations`, `make review-issues`, `make codeowners`, `make new-page`, `make headers`,
`make messages`; the previews are hooks/prpreview.py). The GitHub workflows call only these and `gh` to post what they
print, so another CI or host can run the same commands."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import codeowners
import content
import dates
import report
import reviews
import workflow

ROOT = Path(__file__).resolve().parent.parent


def _write(text: str, out: str | None) -> None:
    """To a file when given (append: GitHub's step summary collects every step's), else stdout."""
    if out:
        with open(out, "a", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)


def pr_summary(base: str, out: str | None, preview_url: str = "", preview_note: str = "", root: Path = ROOT) -> int:
    try:
        s = workflow.summarise(root, base)
    except workflow.WorkflowError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    _write(workflow.summary_markdown(s, preview_url, preview_note), out)
    return 0


def annotations(base: str, root: Path = ROOT) -> int:
    """Problems as annotations: everything in the files this change touches, and errors anywhere (a moved
    page can break an address listed in another file)."""
    try:
        changed = set(workflow.changed_files(root, base))
    except workflow.WorkflowError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    import changes

    problems = workflow.all_problems(root, dates.today()) + changes.check(root, base)[0]
    shown = [p for p in problems if p.path in changed or p.severity == "error"]
    for line in report.github(shown):
        print(line)
    return 0


def changed_kind(base: str, out: str | None, root: Path = ROOT) -> int:
    try:
        kind = workflow.kind_of_change(workflow.changed_files(root, base))
    except workflow.WorkflowError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    _write(f"kind={kind}", out)
    return 0


def review_issues(folder: Path, site_url: str = "", root: Path = ROOT) -> int:
    """One Markdown body per owning group with something due, and issues.json naming what to open,
    update or close; the workflow posts them with `gh`."""
    today = dates.today()
    rows = reviews.schedule(content.load(root), today, reviews.load_policy(root))
    teams, _ = codeowners.load(root)
    mentions = {owner: teams.of(owner) for owner in teams.teams if teams.of(owner)}
    import model

    issues = workflow.review_issues(rows, model.load_owners(root), today, site_url, mentions)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    for n, issue in enumerate(issues, 1):
        entry = {"owner": issue.owner, "title": issue.title, "label": workflow.ISSUE_LABEL, "open": issue.body is not None, "body": ""}
        if issue.body is not None:
            body = folder / f"issue-{n}.md"
            body.write_text(issue.body, encoding="utf-8")
            entry["body"] = str(body)
        manifest.append(entry)
    (folder / "issues.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {len(manifest)} review issues ({sum(e['open'] for e in manifest)} with something due) to {folder}/")
    return 0


def codeowners_cmd(check: bool, root: Path = ROOT) -> int:
    teams, problems = codeowners.load(root)
    for line in report.lines(problems):
        print(line)
    if problems:
        return 1
    text = codeowners.generate(content.load(root), teams)
    path = root / codeowners.OUTPUT
    if check:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            print(f"{codeowners.OUTPUT}:1: error: CODEOWNERS is out of date with the documents' owners (a page was added, moved or given another owner): run `make codeowners` and commit it, or ask the web team to")
            return 1
        return 0
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {codeowners.OUTPUT}")
    return 0


def new_page(kind: str, ident: str, title: str, folder: str | None, owner: str | None, root: Path = ROOT) -> int:
    import newpage

    try:
        path = newpage.create(root, kind, ident, title, folder, owner)
    except newpage.Refused as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"Wrote {path.relative_to(root)}: fill in each section, then run `make check`.")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="llr-ci")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("pr-summary", help="what a pull request changes, in plain words (Markdown)")
    s.add_argument("base")
    s.add_argument("--out", default=os.environ.get("GITHUB_STEP_SUMMARY") or None)
    s.add_argument("--preview-url", default=os.environ.get("PREVIEW_URL", ""))
    s.add_argument("--preview-note", default=os.environ.get("PREVIEW_NOTE", ""))
    a = sub.add_parser("annotations", help="problems as GitHub annotations")
    a.add_argument("base")
    k = sub.add_parser("changed-kind", help="kind=content or kind=code for the files changed since BASE")
    k.add_argument("base")
    k.add_argument("--out", default=os.environ.get("GITHUB_OUTPUT") or None)
    r = sub.add_parser("review-issues", help="the weekly review issues, one per owning group")
    r.add_argument("folder", type=Path)
    r.add_argument("--site-url", default="")
    c = sub.add_parser("codeowners", help="write .github/CODEOWNERS (--check: fail when it is out of date)")
    c.add_argument("--check", action="store_true")
    n = sub.add_parser("new-page", help="a new document with complete front matter")
    n.add_argument("--type", required=True)
    n.add_argument("--id", required=True)
    n.add_argument("--title", required=True)
    n.add_argument("--folder")
    n.add_argument("--owner")
    h = sub.add_parser("headers", help="write _headers (with the inline scripts' hashes) into a built site")
    h.add_argument("site", type=Path)
    sub.add_parser("messages", help="write the editors' page of every check message")
    args = parser.parse_args(argv)
    if args.command == "pr-summary":
        return pr_summary(args.base, args.out, args.preview_url, args.preview_note)
    if args.command == "annotations":
        return annotations(args.base)
    if args.command == "changed-kind":
        return changed_kind(args.base, args.out)
    if args.command == "review-issues":
        return review_issues(args.folder, args.site_url)
    if args.command == "codeowners":
        return codeowners_cmd(args.check)
    if args.command == "new-page":
        return new_page(args.type, args.id, args.title, args.folder, args.owner)
    if args.command == "headers":
        import headers

        path = headers.write(args.site)
        print(f"Wrote {path}")
        return 0
    if args.command == "messages":
        import messages

        return messages.write_page(ROOT)
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
