"""JSON and YAML text -> data, safely (no alias bombs, no giant integers, no repeated keys),
with locators that map a field path to its line for E100 findings, in linear time."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from ._diagnostics import Finding, Locate, Severity
from ._errors import InvalidDesignError, LoadError

__all__ = [
    "ALIAS_EXPANSION_LIMIT",
    "INT_BITS_LIMIT",
    "YAML_LOADER",
    "describe_value",
    "parse_document",
    "text_locator",
]

# libyaml's parser where PyYAML was built with it: the same safe loading, many times faster.
YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# How many nodes YAML aliases may add to a document by repeating their anchors' values: ample
# for reusing a list or a mapping, far below a "billion laughs" of anchors nested in anchors.
ALIAS_EXPANSION_LIMIT = 100_000
# No number a design holds needs more bits than a float's range: 2 ** 1024 is about 1.8e308.
INT_BITS_LIMIT = 1024


def text_locator(text: str) -> Locate | None:
    """Maps a field path to its line in a JSON or YAML text; None where the text is neither."""
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        pass
    else:
        return _json_locator(text)
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
    except (yaml.YAMLError, RecursionError):
        return None
    return None if root is None else _yaml_locator(root)


def _yaml_locator(root: yaml.Node) -> Locate:
    """Maps a field path to its line in a composed YAML document."""

    def locate(loc: tuple[int | str, ...]) -> int | None:
        # Walk as deep as the path exists: a missing field points at its parent's line.
        node: yaml.Node = root
        line: int = root.start_mark.line + 1
        for part in loc:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                pair = next((kv for kv in node.value if kv[0].value == part), None)
                if pair is None:
                    break
                line, node = pair[0].start_mark.line + 1, pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    return locate


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _json_locator(text: str) -> Locate:
    """Maps a field path to its line in a JSON text `json` has parsed.

    Only the objects and arrays on a path are read member by member, each member's value
    skipped by the C decoder, and each at most once: the cost is linear in the document, not
    in the document times the findings, and nesting costs no Python recursion."""
    decoder = json.JSONDecoder()
    space = _JSON_SPACE.match

    def skip_space(at: int) -> int:
        return space(text, at).end()  # type: ignore[union-attr]  # the pattern matches anywhere

    members: dict[int, dict[int | str, tuple[int, int]]] = {}  # container -> child -> offsets
    breaks: list[int] = []

    def children(start: int) -> dict[int | str, tuple[int, int]]:
        """A container's members: key or index -> (offset of its key or value, of its value)."""
        if start in members:
            return members[start]
        found: dict[int | str, tuple[int, int]] = {}
        closing = "}" if text[start] == "{" else "]"
        at = skip_space(start + 1)
        index = 0
        while text[at] != closing:
            named = at
            if closing == "}":
                key, at = decoder.raw_decode(text, at)
                at = skip_space(skip_space(at) + 1)  # past the colon
            found.setdefault(key if closing == "}" else index, (named, at))
            _, at = decoder.raw_decode(text, at)
            at = skip_space(at)
            if text[at] == ",":
                at = skip_space(at + 1)
            index += 1
        members[start] = found
        return found

    def line_of(offset: int) -> int:
        if not breaks:
            breaks.extend(match.start() for match in re.finditer("\n", text))
            breaks.append(len(text))
        return bisect.bisect_left(breaks, offset) + 1

    root = skip_space(0)

    def locate(loc: tuple[int | str, ...]) -> int | None:
        # Walk as deep as the path exists: a missing field points at its parent's line.
        at, line_at = root, root
        for part in loc:
            if text[at] not in "{[" or (text[at] == "{") != isinstance(part, str):
                break
            child = children(at).get(part)
            if child is None:
                break
            line_at, at = child
        return line_of(line_at)

    return locate


def parse_document(path: Path, text: str) -> tuple[Any, Callable[[], Locate | None]]:
    """The document's data, and how to make a locator of its lines."""
    if path.suffix == ".json":
        try:
            return json.loads(text, object_pairs_hook=_unique_keys), lambda: _json_locator(text)
        except _DuplicateKeyError as error:
            key, line = _first_duplicate_key(text) or (error.key, None)
            where = f":{line}" if line else ""
            raise LoadError(
                f"{path}{where}: invalid JSON: the key {json.dumps(key)} appears twice in one "
                "object; keep one of them"
            ) from None
        except json.JSONDecodeError as error:
            raise LoadError(
                f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}"
            ) from None
        except RecursionError:
            raise LoadError(f"{path}: invalid JSON: nested too deeply to be a design") from None
        except ValueError as error:  # e.g. an integer of thousands of digits
            raise LoadError(f"{path}: invalid JSON: {describe_value(error)}") from None
    try:
        data, root = _load_yaml(path, text)
        return data, lambda: _yaml_locator(root)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        if "nesting depth" in problem:  # libyaml's limit, as the Python parser's RecursionError
            problem = "nested too deeply to be a design"
        raise LoadError(f"{path}{where}: invalid YAML: {problem}") from None
    except RecursionError:
        raise LoadError(f"{path}: invalid YAML: nested too deeply to be a design") from None
    except ValueError as error:  # a scalar its tag cannot hold: `2024-13-45`, `!!int abc`
        raise LoadError(f"{path}: invalid YAML: {describe_value(error)}") from None


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key given twice (json would keep the last)."""
    obj = dict(pairs)
    if len(obj) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return obj


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],]')


def _first_duplicate_key(text: str) -> tuple[str, int] | None:
    """The first key, in reading order, that repeats within its object, with its line; for a
    text `json` has parsed, so its tokens are well formed."""
    objects: list[set[str] | None] = []  # per open bracket: the keys seen, or None for a list
    expect_key = False
    for token in _JSON_TOKEN.finditer(text):
        mark = token.group()
        if mark == "{":
            objects.append(set())
            expect_key = True
        elif mark == "[":
            objects.append(None)
            expect_key = False
        elif mark in "}]":
            objects.pop()
            expect_key = False
        elif mark == ",":
            expect_key = bool(objects) and objects[-1] is not None
        elif expect_key:
            keys = objects[-1]
            assert keys is not None
            key = json.loads(mark)
            if key in keys:
                return key, text.count("\n", 0, token.start()) + 1
            keys.add(key)
            expect_key = False
    return None


def _load_yaml(path: Path, text: str) -> tuple[Any, yaml.Node]:
    """The document's data, built by the safe loader (a YAML design is data and never constructs
    Python objects) once its aliases are known not to blow it up; and its node graph, which
    gives the line of a field."""
    loader = _DesignLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise LoadError(
                f"{path} holds no YAML document, only comments; a design file holds one "
                "JSON/YAML object"
            )
        if "*" in text:  # no alias without one
            _check_aliases(path, root)
        return loader.construct_document(root), root
    finally:
        loader.dispose()


class _DesignLoader(YAML_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader, refusing integers that no design field can hold (`0x` and thousands
    of digits), which Python could not even print in an error message."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        value: int = super().construct_yaml_int(node)
        if value.bit_length() > INT_BITS_LIMIT:
            raise yaml.constructor.ConstructorError(
                None, None, f"the number {node.value[:12]}... is too large", node.start_mark
            )
        return value


_DesignLoader.add_constructor("tag:yaml.org,2002:int", _DesignLoader.construct_yaml_int)


def _check_aliases(path: Path, root: yaml.Node) -> None:
    """E100 when aliases make the document refer to itself or grow past the limit.

    An alias is the very node of its anchor, so the composed document is a graph: its size once
    every alias is written out is counted per distinct node, without expanding anything. Only
    collections are walked: a scalar counts one wherever it stands."""
    distinct = 0
    sizes: dict[int, int] = {}
    uses: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes.get(id(child), 1) for child in children)
            distinct += 1 + sum(isinstance(child, yaml.ScalarNode) for child in children)
            continue
        uses[key] = uses.get(key, 0) + 1
        if key in sizes:
            continue
        if key in open_nodes:
            raise _alias_error(
                path,
                node,
                "an alias refers to its own anchor, so the document never ends",
                "write the value out instead of the alias",
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend(
            (child, False) for child in reversed(children) if not isinstance(child, yaml.ScalarNode)
        )
    added = sizes.get(id(root), 1) - max(distinct, 1)
    if added > ALIAS_EXPANSION_LIMIT:
        nodes = {id(node): node for node in _walk_distinct(root)}
        largest = max((k for k, count in uses.items() if count > 1), key=sizes.__getitem__)
        raise _alias_error(
            path,
            nodes[largest],
            f"aliases repeat their anchors' values into {added:,} more nodes "
            f"(at most {ALIAS_EXPANSION_LIMIT:,}), as in a 'billion laughs'",
            "write the values out, or use fewer aliases and no aliases inside repeated anchors",
        )


def _walk_distinct(root: yaml.Node) -> Iterator[yaml.Node]:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            yield node
            stack.extend(_children(node))


def _alias_error(path: Path, node: yaml.Node, message: str, hint: str) -> InvalidDesignError:
    line = node.start_mark.line + 1
    finding = Finding(
        code="E100",
        severity=Severity.ERROR,
        message=f"(document): {message}",
        subject="(document)",
        hint=hint,
        line=line,
    )
    return InvalidDesignError(str(path), [finding])


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def describe_value(error: ValueError) -> str:
    # Python's own advice after a semicolon (sys.set_int_max_str_digits) is not for users.
    return str(error).split(";")[0].strip() or type(error).__name__
