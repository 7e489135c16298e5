"""A corpus of hostile articles, generated (never committed): ``python -m tests.hostile_corpus DIR``.

Markup and scripts in every field, ``javascript:`` links in many spellings, control and bidi
characters, an overlong paragraph, a paragraph repeating query words thousands of times, and
bad lines of every input format. CI indexes it next to the seeds and lets Schemathesis loose
on the server; tests use it to check that ingest reports and repairs it.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

SCRIPT = "<script>alert(1)</script>"
LINKS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "data:,x"]
ARTICLES = [
    {
        "id": f"vijand-{n}",
        "source": f"lab\x1b[31m{n}",
        "date": f"2019-0{n % 9 + 1}-1{n % 9}",
        "title": f"Titel {SCRIPT} \u202egnp.exe\u202c nummer {n}",
        "text": f"De raad <img src=x onerror=alert({n})> besprak de begroting & de \u2066kosten\u2069.\n\n"
        f"Kim en Trump {SCRIPT} ontmoetten elkaar in Panmunjeom.",
        "url": link,
    }
    for n, link in enumerate(LINKS)
] + [
    {"id": "herhaling", "title": "Herhaling", "text": "kim trump moon bolton " * 3200},
    {"id": "lang", "title": "Lang", "text": "De gemeenteraad vergaderde weer over de begroting. " * 2000},
    {"id": "x" * 500, "source": "s" * 500, "title": "Lange id", "text": "Een artikel met een lange id."},
]
BAD_LINES = ["{not json", "[1, 2]", '{"text": 5}', '{"title": "geen tekst"}', "1" * 5000, '"a string"']


def write(folder: Path) -> Path:
    """Write the hostile corpus into ``folder`` (created); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(a, ensure_ascii=False) for a in ARTICLES] + BAD_LINES
    (folder / "vijandig.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "afgekapt.jsonl.gz").write_bytes(gzip.compress(b'{"title": "a", "text": "b"}\n' * 50)[:-20])
    (folder / "binair.txt").write_bytes(b"\x00\x01\xff\xfe" * 100)
    (folder / "bladen.csv").write_text(
        'title,text,url\n"Kop <b>x</b>","Tekst met ""quotes"" en <script>x</script>.",javascript:x\n"open,"\n',
        encoding="utf-8",
    )
    (folder / "nieuws.txt").write_text(f"date 2020-02-30\n\nKop {SCRIPT}\n\nDe \x07tekst\x1b[2J van dit stuk.\n")
    return folder


if __name__ == "__main__":
    print(write(Path(sys.argv[1])))
