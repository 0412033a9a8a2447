"""YAML files that remember where every value came from.

Config and policy errors must name the file, line and column of the offending
key. PyYAML's composer keeps node positions; we walk the node tree once and
record a position for every path, then turn pydantic validation errors into
:class:`~generator.errors.Problem` objects pointing at that position.
"""
from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator.errors import InputError, Problem, did_you_mean

Path_ = tuple  # a path into the document: ("segments", 2, "when")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader that refuses duplicate keys (a silent overwrite hides mistakes). PyYAML's
    libyaml parser when it has one: the pure-Python parser takes a tenth of a second for the
    policy, a noticeable part of building the sample."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}' (first at line {seen[key].start_mark.line + 1})", mark)
        seen[key] = key_node
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text: the schema decides what a date is, and '2026-06-30' must not
# silently become a different type in one place than another.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlDocument:
    """A parsed YAML mapping plus the (line, column) of every path in it."""

    def __init__(self, file: str, data: Any, positions: dict[Path_, tuple[int, int]]):
        self.file = file
        self.data = data
        self.positions = positions

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column (1-based) of ``path``, or of its nearest ancestor."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (None, None))

    def problem(self, path: Path_, message: str, hint: str | None = None) -> Problem:
        line, col = self.where(path)
        return Problem(self.file, message, line, col, hint)


#: Bounds on a config or policy file: a real one is a few hundred lines. Beyond these a file is a
#: mistake or an attack (an alias "billion laughs" expands nine nested anchors to 10^9 nodes).
MAX_BYTES = 2_000_000           # file size
MAX_NODES = 200_000             # values after expanding every alias
MAX_DEPTH = 64                  # nesting of mappings and lists
MAX_INT_DIGITS = 18             # an integer beyond this is not a setting anyone means


def load_yaml(path: Path, display_name: str | None = None) -> YamlDocument:
    """Read ``path``; syntax errors become an :class:`InputError` with a position.

    Only a regular file of at most ``MAX_BYTES`` is read (a directory, ``/dev/zero`` or a pipe
    is refused before reading), and its text may hold no NUL character."""
    name = display_name or str(path)
    path = Path(path)
    try:
        if not path.is_file():
            if not path.exists():
                raise FileNotFoundError(path)
            kind = "a folder" if path.is_dir() else "not a regular file"
            raise InputError(Problem(name, f"cannot read: {kind}", hint="give the path of a YAML file"))
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(Problem(name, "file not found", hint="check the path, or run 'klantwaarde init DIR' to start from the sample")) from None
    except OSError as exc:
        raise InputError(Problem(name, f"cannot read: {exc.strerror or exc}",
                                 hint="check that the file exists and that you may read it")) from None
    if len(raw) > MAX_BYTES:
        raise InputError(Problem(name, f"file is larger than {MAX_BYTES // 1_000_000} MB",
                                 hint="a config or policy file is a few hundred lines: is this the right file?"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})", hint="save the file as UTF-8")) from None
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> YamlDocument:
    if "\x00" in text:
        before = text[:text.index("\x00")]
        raise InputError(Problem(name, "the file holds a NUL character", before.count("\n") + 1,
                                 len(before) - before.rfind("\n"), "save the file as plain UTF-8 text"))
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_bounds(node, name)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        msg = exc.problem or str(exc)
        raise InputError(Problem(name, f"YAML syntax error: {msg}", line, col,
                                 "check indentation, colons and quotes around text with ':' or '#'")) from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        raise InputError(Problem(name, f"cannot read this YAML: {type(exc).__name__}",
                                 hint="simplify the file: no deep nesting, no huge numbers")) from None
    finally:
        loader.dispose()
    positions: dict[Path_, tuple[int, int]] = {}
    if node is not None:
        _record(node, (), positions)
    return YamlDocument(name, data, positions)


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


def _check_bounds(root: yaml.Node, name: str) -> None:
    """Refuse, before anything is built from it, a node tree that expands beyond ``MAX_NODES``
    values or ``MAX_DEPTH`` levels (aliases counted as often as they are used), refers to itself,
    or holds an integer of more than ``MAX_INT_DIGITS`` digits. Each distinct node is visited once
    (its expanded size is remembered), so a bomb is measured without being expanded."""
    size: dict[int, int] = {}
    depth_of: dict[int, int] = {}
    active: set[int] = set()

    def fail(node, message, hint):
        raise InputError(Problem(name, message, node.start_mark.line + 1, node.start_mark.column + 1, hint))

    # an explicit stack: (node, entered?)
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, entered = stack.pop()
        key = id(node)
        if isinstance(node, yaml.ScalarNode):
            if key not in size:
                if node.tag == _INT_TAG or (node.tag == _FLOAT_TAG and "e" not in node.value.lower()):
                    digits = sum(ch.isalnum() for ch in node.value) - 2 * node.value.lower().lstrip("+-").startswith(
                        ("0x", "0b", "0o"))
                    if digits > MAX_INT_DIGITS:
                        fail(node, f"a number of {digits} digits", "write a realistic value (or quote it as text)")
                size[key], depth_of[key] = 1, 1
            continue
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else list(node.value)
        if not entered:
            if key in size:
                continue
            if key in active:
                fail(node, "an alias refers to the value that contains it", "remove the recursive alias (*name)")
            active.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)
            continue
        active.discard(key)
        total = 1 + sum(size[id(c)] for c in children)
        deep = 1 + max((depth_of[id(c)] for c in children), default=0)
        if total > MAX_NODES:
            fail(node, f"this value expands to more than {MAX_NODES:,} values (aliases counted each time they are used)",
                 "use fewer anchors and aliases (&name / *name); a config or policy needs none of this size")
        if deep > MAX_DEPTH:
            fail(node, f"nested more than {MAX_DEPTH} levels deep", "flatten the structure")
        size[key], depth_of[key] = total, deep


def _record(node: yaml.Node, path: Path_, out: dict) -> None:
    # for a quoted scalar, point at its first character, not at the quote, so
    # that a column inside a condition string adds up
    quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
    out[path] = (node.start_mark.line + 1, node.start_mark.column + 1 + quoted)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            _record(value_node, path + (key,), out)
            # a problem with the key itself points at the key
            out[path + (key, "__key__")] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _record(item, path + (i,), out)


def validate(doc: YamlDocument, model: type[BaseModel], context: dict | None = None) -> BaseModel:
    """Validate ``doc.data`` against ``model``; all problems at once, with positions."""
    data = doc.data if doc.data is not None else {}
    try:
        return model.model_validate(data, context={"doc": doc, **(context or {})})
    except ValidationError as exc:
        raise InputError(problems_from_validation(doc, exc, model)) from None


#: a key that could be a setting: anything else is not echoed (it may be a line of a file that is
#: no config at all, such as /etc/shadow)
_KEY_LIKE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,60}$")


def problems_from_validation(doc: YamlDocument, exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    errors = exc.errors(include_url=False)
    top = [e for e in errors if e["type"] == "extra_forbidden" and len(e["loc"]) == 1]
    if isinstance(doc.data, dict) and len(top) >= 3 and len(top) * 2 > len(doc.data):
        # most top-level keys unknown: not a file of this kind; say so without echoing its lines
        allowed = _allowed_keys(model, (), doc.data)
        return [Problem(doc.file, f"this does not look like a klantwaarde file: {len(top)} of its "
                        f"{len(doc.data)} top-level keys are unknown", 1, 1,
                        f"is this the right file? Its keys would be: {', '.join(allowed)}")]
    problems = []
    for err in errors:
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        kind = err["type"]
        dotted = ".".join(str(p) for p in loc) or "(top level)"
        if kind == "extra_forbidden":
            key = loc[-1]
            allowed = _allowed_keys(model, loc[:-1], doc.data)
            hint = did_you_mean(str(key), allowed) or (f"allowed keys: {', '.join(allowed)}" if allowed else None)
            line, col = doc.where(loc + ("__key__",)) if loc + ("__key__",) in doc.positions else doc.where(loc)
            if not all(_KEY_LIKE.match(str(p)) or isinstance(p, int) for p in loc):
                problems.append(Problem(doc.file, "unknown key (not shown: it does not look like a setting)",
                                        line, col, f"allowed keys: {', '.join(allowed)}" if allowed else None))
                continue
            problems.append(Problem(doc.file, f"unknown key '{dotted}'", line, col, hint))
            continue
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if kind == "missing":
            msg = "required key is missing"
            line, col = doc.where(loc[:-1])
            problems.append(Problem(doc.file, f"'{dotted}': {msg}", line, col))
            continue
        shown = err.get("input")
        got = "" if isinstance(shown, (dict, list)) or shown is None else f" (found {_short(shown)})"
        line, col = doc.where(loc)
        problems.append(Problem(doc.file, f"'{dotted}': {msg}{got}", line, col))
    # one problem per place and message, in file order
    unique = {(p.line, p.column, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.line or 0, p.column if isinstance(p.column, int) else 0))


def _short(value) -> str:
    """A found value as an error shows it: at most 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _allowed_keys(model: type[BaseModel], loc: Path_, data: Any) -> list[str]:
    """The field names (aliases) allowed at ``loc`` — walking the model's annotations."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            current = _unwrap_container(current)
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            if field is None:
                for f in current.model_fields.values():
                    if f.alias == part:
                        field = f
                if field is None:
                    return []
            current = field.annotation
        else:
            current = _unwrap_container(current)
        current = _unwrap_optional(current)
    current = _unwrap_optional(_unwrap_container(current) if not (isinstance(current, type) and issubclass(current, BaseModel)) else current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap_optional(tp):
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (typing.Union, __import__("types").UnionType):
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        return models[0] if models else (args[0] if args else tp)
    return tp


def _unwrap_container(tp):
    tp = _unwrap_optional(tp)
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (list, tuple) and args:
        return _unwrap_optional(args[0])
    if typing.get_origin(tp) is dict and len(args) == 2:
        return _unwrap_optional(args[1])
    return tp
