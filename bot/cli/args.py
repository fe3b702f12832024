"""The command line's own words in Vietnamese: help, usage and argparse's errors; dates as officers write them."""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from bot.core import texts
from plan_data.folding import clean
from storage.models import NAME_LENGTH

# argparse's English, as it words its errors (Python 3.11–3.13), in the order tried
_ERRORS = (
    (r"the following arguments are required: (.+)", "thiếu {0}"),
    (r"argument (\S+): invalid choice: '?(.+?)'? \(choose from (.+)\)", "{0}: không có lựa chọn «{1}»; chọn một trong: {2}"),
    (r"argument (\S+): expected one argument", "{0} cần một giá trị"),
    (r"argument (\S+): not allowed with argument (\S+)", "{0} không dùng cùng {1}"),
    (r"argument (\S+): invalid \S+ value: '?(.+?)'?$", "{0}: giá trị «{1}» không đúng"),
    (r"argument (\S+): (.+)", "{0}: {1}"),
    (r"unrecognized arguments: (.+)", "không hiểu: {0}"),
)


def vietnamese_error(message: str) -> str:
    for pattern, template in _ERRORS:
        found = re.fullmatch(pattern, message)
        if found:
            return template.format(*found.groups())
    return message


class HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: ANN001 (argparse's signature)
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Vietnamese: its help, its section titles and its errors."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 (passed on to argparse as they are)
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="xem hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {vietnamese_error(message)}\n")


def out_refusal(path: Path) -> str | None:
    """What can be known of an out path before a file is made for it (a missing folder, a folder, a file or
    folder this user may not write), in write_out's words; None when it may be written. Writing may still
    fail (a full disk): write_out says so then."""
    if path.is_dir():
        return texts.OUT_IS_FOLDER.format(path=path)
    folder = path.parent
    if not folder.is_dir():
        return texts.OUT_NO_FOLDER.format(path=path, folder=folder)
    if not os.access(path if path.exists() else folder, os.W_OK):
        return texts.OUT_NOT_ALLOWED.format(path=path)
    return None


def write_out(path: Path, data: bytes) -> str | None:
    """Writes a file the command made; None when written, else the one sentence that says why not."""
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        return texts.OUT_NO_FOLDER.format(path=path, folder=path.parent)
    except IsADirectoryError:
        return texts.OUT_IS_FOLDER.format(path=path)
    except PermissionError:
        return texts.OUT_NOT_ALLOWED.format(path=path)
    except OSError as problem:
        if problem.errno == errno.ENOSPC:
            return texts.OUT_DISK_FULL.format(path=path)
        return texts.OUT_FAILED.format(path=path, why=problem.strerror or problem)
    return None


def commune_name(text: str) -> str:
    """--commune as a commune's name: one line, of what every database holds."""
    name = " ".join(text.split())
    if not name or len(name) > NAME_LENGTH or clean(name, one_line=True) != name:
        raise argparse.ArgumentTypeError(texts.BAD_COMMUNE_NAME.format(limit=NAME_LENGTH))
    return name


def whole_number(low: int, high: int):
    """An argument's type: a whole number from low to high, else argparse's error in Vietnamese."""
    from bot.cli.texts import WHOLE_NUMBER

    def read(text: str) -> int:
        try:
            number = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(WHOLE_NUMBER.format(low=low, high=high)) from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(WHOLE_NUMBER.format(low=low, high=high))
        return number

    return read
