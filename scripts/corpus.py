"""`make corpus DIR=…`: how the importer and the time grammar fare on a folder of real published plans.

Runs `nhacviec plan check --json` on every plan file of the folder (.txt, .tsv, .docx, .pdf, .yaml) and
`nhacviec when --json` on every line of its expected*.tsv, through the command's own entry point, and prints
the counts: files accepted, phrases right, not understood and wrong. It reads the folder it is given and
nothing else; it is not part of `make test`.

expected*.tsv columns: expression, kind ("a|b": either), start, due dates (comma-separated), plan year.
"-" is none and "?" is not checked. A start of "-" means the phrase names no start: the reader's own default
for an ongoing task (the plan year's first day) is accepted there.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

from bot.cli import main as nhacviec

PLAN_SUFFIXES = (".txt", ".docx", ".pdf", ".yaml", ".yml")


def run(*argv: str) -> tuple[int, dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = nhacviec(list(argv))
    return code, json.loads(out.getvalue())


def check_files(folder: Path) -> tuple[int, int]:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in PLAN_SUFFIXES and p.name[:1].isdigit())
    accepted = 0
    for path in files:
        code, report = run("plan", "check", str(path), "--json")
        if code == 0:
            accepted += 1
            units = report.get("units", [])
            print(f"  ok       {path.name}: {len(report['tasks'])} nhiệm vụ, {len(units)} đơn vị")
        else:
            errors = report["errors"]
            print(f"  REFUSED  {path.name}: {len(errors)} lỗi")
            for error in errors[:8]:
                print(f"           dòng {error['row']} TT {error['task']}: {error['message']}")
    return accepted, len(files)


def _verdict(expected: list[str], shown: dict) -> str:
    kinds, start, due = expected[1].split("|"), expected[2], expected[3]
    if not shown["ok"]:
        return "not understood"
    if shown["kind"] not in kinds:
        return "wrong"
    if start not in ("-", "?") and shown["start"] != start:
        return "wrong"
    if due == "?":
        return "right"
    wanted = [] if due == "-" else due.split(",")
    return "right" if sorted(shown["due"]) == sorted(wanted) else "wrong"


def check_phrases(folder: Path) -> dict[str, int]:
    counts = {"right": 0, "not understood": 0, "wrong": 0}
    for table in sorted(folder.glob("expected*.tsv")):
        for line in table.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            expected = line.split("\t")
            _code, shown = run("when", expected[0], "--year", expected[4], "--json")
            verdict = _verdict(expected, shown)
            counts[verdict] += 1
            if verdict != "right":
                got = f"{shown.get('kind')} {shown.get('start')} {shown.get('due')}" if shown["ok"] else "—"
                print(f"  {verdict:<15} «{expected[0]}» ({table.name}): want {expected[1]} {expected[2]} "
                      f"{expected[3]}, got {got}")
    return counts


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: make corpus DIR=<folder of plan files and expected*.tsv>", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    print(f"plan check on {folder}:")
    accepted, files = check_files(folder)
    print("when on expected*.tsv:")
    counts = check_phrases(folder)
    total = sum(counts.values())
    share = 100 * counts["right"] / total if total else 0.0
    print(f"files accepted: {accepted}/{files}")
    print(f"phrases: {total}, right: {counts['right']} ({share:.1f}%), not understood: {counts['not understood']}, "
          f"wrong: {counts['wrong']}")
    return 0 if accepted == files and counts["wrong"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
