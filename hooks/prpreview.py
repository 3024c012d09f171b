"""Pull-request previews on a preview site: each pull request's built site at pr-N/ of a checkout of the
preview site (never the production site), removed when the pull request closes. Standard library only,
so the preview jobs need no install: `python3 hooks/prpreview.py publish SITE PREVIEW N` or `remove PREVIEW N`.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path


class PreviewError(Exception):
    """Said in one plain line."""


def folder(pr: str | int) -> str:
    number = str(pr).strip()
    if not number.isdigit():
        raise PreviewError(f'PR "{pr}" is not a pull request number: give it like PR=42')
    return f"pr-{number}"


def publish(site: Path, preview: Path, pr: str | int) -> Path:
    """Copy a built site into the preview checkout at pr-N/, replacing that pull request's preview only."""
    site, preview = Path(site), Path(preview)
    if not (site / "index.html").is_file():
        raise PreviewError(f"{site} holds no built site (no index.html): run `make build` first")
    target = preview / folder(pr)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(site, target)
    (preview / ".nojekyll").touch()  # GitHub Pages would otherwise hide files and folders starting with _
    return target


def remove(preview: Path, pr: str | int) -> bool:
    target = Path(preview) / folder(pr)
    existed = target.is_dir()
    shutil.rmtree(target, ignore_errors=True)
    return existed


def main(argv: list[str]) -> int:
    try:
        if len(argv) == 4 and argv[0] == "publish":
            print(f"Preview written to {publish(Path(argv[1]), Path(argv[2]), argv[3])}/")
        elif len(argv) == 3 and argv[0] == "remove":
            print("Preview removed." if remove(Path(argv[1]), argv[2]) else "No preview to remove.")
        else:
            print("usage: preview.py publish SITE PREVIEW PR | remove PREVIEW PR", file=sys.stderr)
            return 2
    except PreviewError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
