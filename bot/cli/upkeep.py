"""`nhacviec backup`, `restore` and `doctor`: the commands of whoever runs the server (issue 17)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bot.ops import texts as ops_texts
from bot.ops.settings import Settings
from storage.backup import BackupError, backup, restore
from storage.db import make_engine

Clock = Callable[[], datetime]


def add_ops_commands(commands: argparse._SubParsersAction) -> None:
    """Registers backup, restore and doctor on the `nhacviec` parser."""
    save = commands.add_parser("backup", help="sao lưu cơ sở dữ liệu (chạy được khi bot đang chạy)")
    save.add_argument("--out", type=Path, required=True, metavar="TỆP",
                      help="tệp sao lưu sẽ ghi (SQLite: tệp .db; PostgreSQL: pg_dump), kèm bản kê .manifest.json")
    save.set_defaults(handler=cmd_backup)
    back = commands.add_parser("restore", help="khôi phục cơ sở dữ liệu từ một bản sao lưu")
    back.add_argument("file", type=Path, metavar="TỆP", help="bản sao lưu do «nhacviec backup» ghi")
    back.add_argument("--force", action="store_true", help="ghi đè cả khi cơ sở dữ liệu đích đang có dữ liệu")
    back.set_defaults(handler=cmd_restore)
    doctor = commands.add_parser("doctor", help="tự kiểm tra: token, webhook, cơ sở dữ liệu, ngày nghỉ, nhóm chat")
    doctor.add_argument("--commune", metavar="XÃ", help="chỉ kiểm tra kế hoạch của xã này (mặc định: mọi kế hoạch)")
    doctor.set_defaults(handler=cmd_doctor)


def cmd_backup(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    if args.out.is_dir():  # checked first: the copy is written beside its name, then moved onto it
        print(ops_texts.BACKUP_OUT_FOLDER.format(path=args.out), file=sys.stderr)
        return 1
    try:
        copy = backup(settings.database_url, args.out)
    except BackupError as problem:
        print(ops_texts.backup_error(problem.reason, problem.details, problem.problems), file=sys.stderr)
        return 1
    except OSError as problem:  # a folder that cannot be made, a full disk: said, not a traceback
        print(ops_texts.BACKUP_OUT_FAILED.format(path=args.out, why=ops_texts.os_reason(problem)), file=sys.stderr)
        return 1
    print(ops_texts.BACKUP_DONE.format(kind=copy.kind, path=copy.path, size=copy.size))
    print(ops_texts.BACKUP_MANIFEST.format(path=copy.manifest))
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    engine = make_engine(settings.database_url)
    try:
        copy = restore(settings.database_url, args.file, engine, force=args.force)
    except BackupError as problem:
        print(ops_texts.backup_error(problem.reason, problem.details, problem.problems), file=sys.stderr)
        return 2 if problem.reason == "not_empty" else 1
    finally:
        engine.dispose()
    done = ops_texts.RESTORE_DONE if copy.manifest else ops_texts.RESTORE_DONE_OLD
    print(done.format(path=args.file, revision=copy.revision))
    return 0


def backed_up_first(args: argparse.Namespace, settings: Settings, clock: Clock) -> bool:
    """The copy a change of the plan (`plan import`, `giao`) makes first, said on the terminal; False when it
    failed (the change must not go on). None is made with --no-backup, or on a demo's throwaway database (it
    is not copied into the real backups' folder)."""
    if args.no_backup or getattr(args, "demo", False):
        return True
    copy, error = backup_before_import(settings, clock)
    if error:
        print(ops_texts.AUTO_BACKUP_FAILED.format(error=error), file=sys.stderr)
        return False
    if copy:
        print(ops_texts.AUTO_BACKUP.format(path=copy))
    return True


def backup_before_import(settings: Settings, clock: Clock) -> tuple[Path | None, str | None]:
    """(the copy written, or None when there was nothing to keep; an error text, or None): `plan import`
    changes or retires tasks, so what is there is copied first to NHACVIEC_BACKUP_DIR."""
    from storage.backup import filled_tables

    engine = make_engine(settings.database_url)
    try:
        if "plans" not in filled_tables(engine):
            return None, None
    finally:
        engine.dispose()
    suffix = ".db" if settings.database_url.startswith("sqlite") else ".dump"
    out = Path(settings.backup_dir) / f"truoc-khi-nap-{clock():%Y%m%d-%H%M%S}{suffix}"
    try:
        return backup(settings.database_url, out).path, None
    except BackupError as problem:
        return None, ops_texts.backup_error(problem.reason, problem.details, problem.problems)


def cmd_doctor(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    from bot.channels.registry import CHANNELS
    from bot.ops.doctor import run_doctor

    return run_doctor(settings, clock, args.commune, sys.stdout, CHANNELS)
