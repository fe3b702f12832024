"""The editable data file of a plan (YAML): read it, naming the line of a bad task, and write one.  (pure)"""

from __future__ import annotations

from typing import Any

import yaml

from plan_data.model import PlanError, PlanSpec, RowError, TaskSpec
from plan_data.policy import Policy
from plan_data.readers.rows import RawItem
from plan_data.readers.tasks import Built, RowProblem, build_task
from plan_data.units.spec import UnitDirectory, UnitKind, UnitSpec, check_code
from plan_data.zone import VN

_TASK_FIELDS = ("content", "lead", "coordinators", "time", "product")

HEADER = """\
# Kế hoạch cải cách hành chính (CCHC) dưới dạng dữ liệu: sửa được bằng tay, rồi chạy
#   nhacviec plan check TỆP     (kiểm tra, không ghi gì)
#   nhacviec plan import TỆP    (nạp vào cơ sở dữ liệu; trạng thái và lịch sử được giữ nguyên)
# policy: lịch nhắc (nhắc trước 7, 3, 1 ngày lúc 08:00; giờ làm việc 07:30–17:30; quá hạn nhắc lại mỗi 3 ngày
#   làm việc, từ ngày quá hạn thứ 3 báo cả Chủ tịch và đầu mối; tổng hợp tuần sáng thứ Hai) — sửa được.
# tasks: mỗi nhiệm vụ của phụ lục, chép nguyên văn:
#   tt: số thứ tự · section: mục I–VII · content: nội dung công việc · lead: cơ quan chủ trì
#   coordinators: cơ quan phối hợp · time: thời gian thực hiện/hoàn thành · product: sản phẩm
#   items: các ý con (24.1, 24.2) · source: đoạn của kế hoạch đặt ra nhiệm vụ ngoài phụ lục (IV.1.c …)
#   shown: số thứ tự văn bản ghi, khi mã tt khác nó · extra: các cột thêm (Ghi chú, Kinh phí …)
# units: mỗi đơn vị một mã ngắn (code) để gõ trên điện thoại; sửa mã và tên tùy ý trước khi nạp.
#   external: true = ngoài cơ quan ban hành (chỉ ghi tên, không nhắc) · focal: true = đầu mối nhận báo cáo
# Tên đơn vị viết thế nào cũng được (hóa/hoá, "–" hay "-", có hay không chữ "xã"), miễn khớp
# một đơn vị trong units (theo mã, tên hoặc aliases).
"""


MAX_DEPTH = 12  # plan, tasks, a task, its items, an item, its extra…: a real data file nests six deep


# libyaml's parser (PyYAML's C loader, in its wheels) where it is there: reading the bundled plan took most
# of `nhacviec init`'s time with the pure-Python one. Both read the same documents into the same data.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_what_would_expand(text: str) -> None:
    """No aliases (a "billion laughs" file expands from a few lines), nothing nested deeper than MAX_DEPTH
    (100,000 nested lists would exhaust the stack of whatever builds the tree): decided on the parser's events,
    one at a time, before any tree is built. A node's depth counts itself: a scalar in a list at the top is 2."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise yaml.composer.ComposerError(None, None, "tệp kế hoạch không được dùng bí danh YAML (*tên)",
                                                  event.start_mark)
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) and depth + 1 > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"lồng quá {MAX_DEPTH} cấp", event.start_mark)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.scanner.ScannerError as problem:  # libyaml's scanner reads ahead, and stops 1,000 levels down
        if "nesting depth" not in str(problem.problem):
            raise
        raise yaml.composer.ComposerError(None, None, f"lồng quá {MAX_DEPTH} cấp", problem.problem_mark) from None


def _load(text: str) -> tuple[Any, Any]:
    """(the node tree, for line numbers; the data built from that same tree), or PlanError naming the line."""
    try:
        _refuse_what_would_expand(text)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        raise PlanError([RowError(mark.line + 1 if mark else 0, "", f"tệp YAML sai: {problem}")]) from None
    except (ValueError, OverflowError, RecursionError) as problem:  # "year: 9999…9" of 5,000 digits
        raise PlanError([RowError(0, "", f"tệp YAML có giá trị không đọc được: {str(problem)[:120]}")]) from None
    return root, data


def parse(text: str) -> PlanSpec:
    root, data = _load(text)
    if not isinstance(data, dict) or not isinstance(data.get("plan"), dict):
        raise PlanError([RowError(1, "", "tệp phải có mục «plan:» (commune, year, …)")])
    meta = data["plan"]
    year = meta.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise PlanError([RowError(_line(root, "plan"), "", "plan.year phải là một năm, ví dụ 2026")])
    policy, policy_errors = _policy(data.get("policy"), _line(root, "policy"))
    units, unit_errors = _units(data.get("units"), _line(root, "units"))
    level = str(meta.get("level") or "commune")
    directory = UnitDirectory(units, collective_means_all=level == "commune")
    tasks, errors, warnings = _tasks(data.get("tasks"), _task_lines(root), directory, year)
    errors = policy_errors + unit_errors + errors
    if errors:
        raise PlanError(errors)
    return PlanSpec(
        commune=str(meta.get("commune", "")).strip(), year=year, title=str(meta.get("title", "")),
        units=units, tasks=tuple(tasks), sections={str(k): str(v) for k, v in (data.get("sections") or {}).items()},
        province=str(meta.get("province", "")), timezone=str(meta.get("timezone", VN.key)),
        decision=str(meta.get("decision", "")), require_confirmation=bool(meta.get("require_confirmation", False)),
        policy=policy, level=level, issuer=str(meta.get("issuer") or ""), warnings=tuple(warnings),
    )


def read_units(text: str) -> tuple[UnitSpec, ...]:
    """The units of a units file (or of a data file): `units:` entries with code, name and aliases."""
    root, data = _load(text)
    raw = data.get("units") if isinstance(data, dict) else data
    units, errors = _units(raw, _line(root, "units") if isinstance(data, dict) else 1)
    if errors:
        raise PlanError(errors)
    return units


def _policy(raw: Any, line: int) -> tuple[dict[str, Any], list[RowError]]:
    """The reminder policy, checked now so that a bad value is refused with the file, not at 08:00."""
    if raw is None:
        return {}, []
    try:
        if not isinstance(raw, dict):
            raise ValueError("policy: phải là các cặp «tên: giá trị»")
        return Policy.from_mapping(raw).as_mapping(), []
    except (ValueError, TypeError) as problem:
        return {}, [RowError(line, "", str(problem))]


def _units(raw: Any, line: int) -> tuple[tuple[UnitSpec, ...], list[RowError]]:
    if not isinstance(raw, list) or not raw:
        return (), [RowError(line, "", "thiếu danh sách đơn vị «units:»")]
    units, errors = [], []
    for entry in raw:
        if not isinstance(entry, dict) or not entry.get("code") or not entry.get("name"):
            errors.append(RowError(line, "", f"đơn vị thiếu code hoặc name: {str(entry)[:80]}"))
            continue
        if not all(isinstance(entry[k], str | int) for k in ("code", "name")):
            errors.append(RowError(line, "", f"đơn vị «{str(entry['code'])[:40]}»: code và name phải là chữ"))
            continue
        if problem := check_code(str(entry["code"])):
            errors.append(RowError(line, "", problem))  # the unit is kept: its tasks are not refused again for it
        kind = UnitKind.ROLE if entry.get("role") else UnitKind.EXTERNAL if entry.get("external") else UnitKind.INTERNAL
        units.append(UnitSpec(str(entry["code"]), str(entry["name"]), kind, bool(entry.get("focal")),
                          tuple(str(a) for a in entry.get("aliases") or ())))
    return tuple(units), errors


def _tasks(raw: Any, lines: list[int], directory: UnitDirectory, year: int
           ) -> tuple[list[TaskSpec], list[RowError], list[RowError]]:
    """The tasks, the errors that refuse the file, and the warnings a published plan would give too."""
    if not isinstance(raw, list) or not raw:
        return [], [RowError(0, "", "thiếu danh sách nhiệm vụ «tasks:»")], []
    tasks, errors, warnings = [], [], []
    for entry, line in zip(raw, lines, strict=False):
        number = str(entry.get("tt", "")) if isinstance(entry, dict) else ""
        try:
            for task, said in _entry_tasks(entry, line, directory, year):
                tasks.append(task)
                warnings += [RowError(line, task.number, w) for w in said]
        except RowProblem as problem:
            errors.append(RowError(line, number, str(problem)))
    seen: set[str] = set()
    for task in tasks:
        if task.number in seen:
            errors.append(RowError(0, task.number, "số thứ tự bị trùng"))
        seen.add(task.number)
    return tasks, errors, warnings


def _texts_only(entry: dict[str, Any]) -> None:
    """A field that holds text holds text: a mapping or a list where a cell belongs is a mistake, not a cell."""
    for name in (*_TASK_FIELDS, "tt", "section", "source", "group", "shown"):
        value = entry.get(name)
        if value is not None and not isinstance(value, str | int | float) or isinstance(value, bool):
            raise RowProblem(f"«{name}» phải là chữ hoặc số, không phải {type(value).__name__}")


def _entry_tasks(entry: Any, line: int, directory: UnitDirectory, year: int) -> list[tuple[TaskSpec, list[str]]]:
    if not isinstance(entry, dict) or not entry.get("tt"):
        raise RowProblem("mỗi nhiệm vụ cần «tt» (và «section» nếu kế hoạch có các mục)")
    _texts_only(entry)
    for item in entry.get("items") or []:
        if isinstance(item, dict):
            _texts_only(item)
    cells = [str(entry.get(name) or "").strip() for name in _TASK_FIELDS]
    section, source = str(entry.get("section") or ""), str(entry.get("source", "appendix"))
    items = entry.get("items") or []
    extra = tuple((str(k), str(v)) for k, v in (entry.get("extra") or {}).items())
    if not items:
        raw = RawItem(line, str(entry.get("shown") or entry["tt"]), section, cells, extra=extra)
        return [_built(build_task(raw, directory, year, source=source, group=str(entry.get("group") or ""),
                                  number=str(entry["tt"]), strict=True))]
    out = []
    for item in items:
        if not isinstance(item, dict) or not item.get("tt"):
            raise RowProblem("mỗi ý con cần «tt», ví dụ 24.1")
        own = [str(item.get(name) or "").strip() for name in _TASK_FIELDS]
        merged = [own[0]] + [mine or parent for mine, parent in zip(own[1:], cells[1:], strict=True)]
        own_extra = tuple((str(k), str(v)) for k, v in (item.get("extra") or {}).items())
        raw = RawItem(line, str(item.get("shown") or item["tt"]), section, merged, extra=own_extra)
        out.append(_built(build_task(raw, directory, year, group=cells[0], source=source, number=str(item["tt"]),
                                     strict=True)))
    return out


def _built(built: Built) -> tuple[TaskSpec, list[str]]:
    """A data file's task, and what a published plan would also only warn of (a time not understood)."""
    return built.task, built.warnings


def _line(root: Any, key: str) -> int:
    for key_node, value_node in getattr(root, "value", []) or []:
        if getattr(key_node, "value", None) == key:
            return value_node.start_mark.line + 1
    return 0


def _task_lines(root: Any) -> list[int]:
    for key_node, value_node in getattr(root, "value", []) or []:
        if getattr(key_node, "value", None) == "tasks" and isinstance(value_node, yaml.SequenceNode):
            return [node.start_mark.line + 1 for node in value_node.value]
    return []


def dump(spec: PlanSpec) -> str:
    """The plan as an editable data file, sub-items nested under their heading row."""
    data = {
        "plan": {"commune": spec.commune, "province": spec.province, "year": spec.year, "timezone": spec.timezone,
                 "title": spec.title, "decision": spec.decision, "require_confirmation": spec.require_confirmation,
                 **({"level": spec.level, "issuer": spec.issuer} if spec.level != "commune" else {})},
        "policy": Policy.from_mapping(spec.policy).as_mapping(),
        "units": [_unit_entry(u) for u in spec.units],
        "sections": dict(spec.sections),
        "tasks": _task_entries(spec.tasks),
    }
    review = "".join(f"# Xem lại: {note}\n" for note in (*spec.notes, *_open_points(spec)))
    return HEADER + review + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def _open_points(spec: PlanSpec) -> list[str]:
    """What the published plan left open, for the person who reviews this file before importing it."""
    points = [f"{w}" for w in spec.warnings]
    points += [f"đơn vị «{u.name}» (mã {u.code}) do tệp kế hoạch nêu mà chưa ai biết: giữ, sửa mã/tên, hoặc đổi ô "
               "chủ trì sang một đơn vị có sẵn" for u in spec.units if u.proposed]
    return points


def _unit_entry(unit: UnitSpec) -> dict[str, Any]:
    entry: dict[str, Any] = {"code": unit.code, "name": unit.name}
    if unit.focal:
        entry["focal"] = True
    if unit.kind is not UnitKind.INTERNAL:
        entry[unit.kind.value] = True
    if unit.aliases:
        entry["aliases"] = list(unit.aliases)
    return entry


def _task_entries(tasks: tuple[TaskSpec, ...]) -> list[dict[str, Any]]:
    """Sub-items ("24.1" under the heading 24) nested under their heading; every other task flat, with the
    number the document shows when its id differs, its added columns and its group."""
    entries: list[dict[str, Any]] = []
    for task in tasks:
        fields: dict[str, Any] = {"content": task.content, "lead": task.lead_text,
                                  "coordinators": task.coordinators_text, "time": task.time_expression,
                                  "product": task.product}
        if task.shown:
            fields["shown"] = task.shown
        if task.extra:
            fields["extra"] = dict(task.extra)
        if task.parent and task.group:
            if not entries or entries[-1]["tt"] != task.parent:
                entries.append({"tt": task.parent, "section": task.section, "content": task.group, "items": []})
            entries[-1]["items"].append({"tt": task.number, **fields})
            continue
        entry = {"tt": task.number, "section": task.section, **fields}
        if task.group:
            entry["group"] = task.group
        if task.source != "appendix":
            entry["source"] = task.source
        entries.append(entry)
    return entries
