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
import os
import re
import sys
import tempfile
from pathlib import Path

from bot.cli.main import main as nhacviec

PLAN_SUFFIXES = (".txt", ".docx", ".pdf", ".yaml", ".yml")


def run(*argv: str) -> tuple[int, dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = nhacviec(list(argv))
    return code, json.loads(out.getvalue())


def check_files(files: list[Path], *extra: str, show: int = 8) -> tuple[int, int]:
    """plan check on each file, then plan export, plan import of the data file and schedule --json, in a
    throwaway SQLite database."""
    accepted = imported = 0
    for path in files:
        year = re.findall(r"_(20\d\d)\b", path.stem)
        argv = [*extra, *(["--year", year[-1]] if extra and year else [])]
        code, report = run("plan", "check", str(path), "--json", *argv)
        if code != 0:
            errors = report["errors"]
            print(f"  REFUSED  {path.name}: {len(errors)} lỗi")
            for error in errors[:show]:
                print(f"           dòng {error['row']} TT {error['task']}: {error['message'][:160]}")
            continue
        accepted += 1
        units = [u for u in report["units"] if u["kind"] != "role"]
        external = sum(u["kind"] == "external" for u in units)
        with tempfile.TemporaryDirectory() as folder:
            os.environ["NHACVIEC_DATABASE_URL"] = f"sqlite:///{folder}/corpus.db"
            data = Path(folder) / "plan.yaml"  # the officer's route: export, (review), import the data file
            exported = _quiet("plan", "export", str(path), "--out", str(data), *argv)
            done = exported and _quiet("plan", "import", str(data)) and run("schedule", "--json")[0] == 0
            imported += done
        print(f"  ok       {path.name}: {len(report['tasks'])} nhiệm vụ, {len(units)} đơn vị ({external} ngoài), "
              f"năm {report['year']}, {'đã nạp' if done else 'NẠP LỖI'}; xem lại: {len(report['notes'])}")
    return accepted, imported


def _quiet(*argv: str) -> bool:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return nhacviec(list(argv)) == 0


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
    print(f"plan check, then plan export → plan import → schedule --json, on the plan files of {folder}:")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in PLAN_SUFFIXES and p.name[:1].isdigit())
    accepted, imported = check_files(files)
    own = sorted(folder.glob("*.orig.tsv"))
    if own:
        print("the same plans in their sources' own layouts (.orig.tsv; no title lines, so --year from the name):")
        own_accepted, _ = check_files(own, "--commune", "corpus", show=2)
    print("when on expected*.tsv:")
    counts = check_phrases(folder)
    total = sum(counts.values())
    share = 100 * counts["right"] / total if total else 0.0
    print(f"files accepted: {accepted}/{len(files)} (imported: {imported})")
    if own:
        print(f"own layouts accepted: {own_accepted}/{len(own)}")
    print(f"phrases: {total}, right: {counts['right']} ({share:.1f}%), not understood: {counts['not understood']}, "
          f"wrong: {counts['wrong']}")
    return 0 if accepted == imported == len(files) and counts["wrong"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
