"""Write out moderators' "the automatic flag was wrong" marks as corpus lines (a development tool).

    CROSSROADS_DATABASE_URL=... .venv/bin/python -m bench.screens_labels OUT.tsv

Each label (moderation.models.ScreenLabel) whose text is still there (its author has not erased
the post or the account) becomes one ``kind<TAB>text`` line per screen it fooled: kind
``marked_wrong_crisis`` or ``marked_wrong_personal``, text on one line. Put the file in
moderation/corpus/ as look-alikes (crisis_lookalike_*.tsv / personal_lookalike_*.tsv) for the next
training round; bench/screens_corpus.py splits it into training and validation like any other
hand-written line. Prints how many labels it wrote and how many had no text left.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    from forum.cli import run_db
    from forum.settings import Settings

    async def work() -> int:
        from moderation.models import ScreenLabel

        lines, erased = [], 0
        for label in await ScreenLabel.all().order_by("id"):
            text = " ".join(label.text.split())
            if not text:
                erased += 1
                continue
            screens = {
                "crisis" if r.startswith(("crisis:", "possible crisis")) else "personal"
                for r in label.reasons
                if r.startswith(
                    ("crisis:", "possible crisis", "personal data", "possible personal")
                )
            }
            lines.extend(f"marked_wrong_{screen}\t{text}" for screen in sorted(screens))
        out.write_text(
            "# kind<TAB>text -- flags moderators marked wrong (bench/screens_labels.py)\n"
            + "".join(line + "\n" for line in lines),
            encoding="utf-8",
        )
        print(
            f"wrote {len(lines)} line(s) to {out}; {erased} label(s) had no text left (erased by their author)"
        )
        return 0

    return run_db(Settings.from_env(), work, migrate=False)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
