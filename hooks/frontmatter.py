"""The YAML an officer writes (front matter, captions.yml), loaded safely with line numbers.

Dates stay text here (``dates`` reads them, so an impossible day gets a Vietnamese message,
not a parser crash). Anchors and aliases are refused: nobody needs them in a news post,
and they are how a small file expands into gigabytes ("billion laughs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# YAML 1.1 reads "7:30" as the number 450 and "yes"/"no" as booleans; officers mean text.
# Only YAML 1.2's plain numbers and true/false are typed; dates stay text for ``dates``.
_TYPED = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading with YAML 1.2's few implicit types."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _TYPED]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }


_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789.")
)


class YamlError(ValueError):
    """The text is not the YAML we accept; ``line`` is 1-based within the text.

    ``fix`` is set when the mistake has a fix of its own (a Tab), else the caller gives the usual one.
    """

    def __init__(self, reason: str, line: int | None, fix: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.fix = fix


@dataclass(frozen=True)
class CutText:
    """A value without quotes that YAML ended at " #": the rest of the line was read as a comment.

    ``title: Hội nghị lần #1`` gives the title "Hội nghị lần"; the officer meant the whole line.
    """

    key: str  # the top-level field it belongs to
    name: str  # the field written on its line ("caption" in a gallery), or "" for an item of a list
    line: int  # 1-based
    kept: str  # what YAML read
    written: str  # the whole value as the officer wrote it


@dataclass
class YamlDocument:
    data: Any
    lines: dict[str, int] = field(default_factory=dict)  # "key" and "key[i]" -> 1-based line
    repeated: list[tuple[str, int]] = field(default_factory=list)  # keys written twice, second line
    cut: list[CutText] = field(default_factory=list)  # values without quotes cut short by a "#"


def load_yaml(text: str) -> YamlDocument:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None)
        _refuse_aliases(node)
        data = loader.construct_document(node)
    except YamlError:
        raise
    except yaml.MarkedYAMLError as error:
        raise _explain(error, text) from None
    except yaml.YAMLError:
        raise YamlError("cú pháp YAML không đúng", None) from None
    except (ValueError, TypeError, OverflowError, RecursionError):
        raise YamlError("có giá trị không đọc được", None) from None
    finally:
        loader.dispose()
    document = _with_lines(data, node)
    document.cut = _cut_at_hash(node, text.split("\n"))
    return document


def _refuse_aliases(root: yaml.Node) -> None:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise YamlError("có ký hiệu neo “&”/“*” của YAML, không được dùng ở đây", node.start_mark.line + 1)
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


def _with_lines(data: Any, node: yaml.Node) -> YamlDocument:
    document = YamlDocument(data)
    if isinstance(node, yaml.SequenceNode):  # a data file: a list of records
        document.lines = {f"[{index}]": item.start_mark.line + 1 for index, item in enumerate(node.value)}
    if not isinstance(node, yaml.MappingNode):
        return document
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key in document.lines:
            document.repeated.append((key, line))
        document.lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                document.lines[f"{key}[{index}]"] = item.start_mark.line + 1
    return document


# " #1 của UBND", " #hashtag": text, not a note. A note is written "   # ghi chú" (spaces on both sides).
_TEXT_AFTER_HASH = re.compile(r"^(?: #|\s+#(?=[^\s#]))(.*)$")


def _cut_at_hash(root: yaml.Node, lines: list[str]) -> list[CutText]:
    """Plain (unquoted) values that a " #" on their line ended, where the "#" looks like part of the text."""
    found: list[CutText] = []
    tops = root.value if isinstance(root, yaml.MappingNode) else []
    for key_node, value_node in tops:
        stack: list[tuple[yaml.Node, str]] = [(value_node, str(key_node.value))]
        while stack:
            node, name = stack.pop()
            if isinstance(node, yaml.SequenceNode):
                stack.extend((item, "") for item in node.value)
            elif isinstance(node, yaml.MappingNode):
                stack.extend((value, str(key.value)) for key, value in node.value)
            elif isinstance(node, yaml.ScalarNode) and not node.style and node.end_mark.line < len(lines):
                rest = lines[node.end_mark.line][node.end_mark.column :]
                if match := _TEXT_AFTER_HASH.match(rest):
                    whole = f"{node.value} #{match[1]}".rstrip()
                    found.append(CutText(str(key_node.value), name, node.end_mark.line + 1, node.value, whole))
    return sorted(found, key=lambda cut: cut.line)


_NO_SPACE_AFTER_COLON = re.compile(r"^\s*[A-Za-z_][\w-]*:[^\s/]")


def _explain(error: yaml.MarkedYAMLError, text: str) -> YamlError:
    """A Vietnamese reason and the line an officer should look at."""
    # An unclosed quote is found only at the end of the text: point at where the quote opened.
    opened = "quoted scalar" in (error.context or "")
    mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    lines = text.split("\n")
    problem = f"{error.problem or ''} {error.context or ''}"
    near = [n for n in (line, (line or 0) - 1) if n and 0 < n <= len(lines)]
    for number in near:
        if "\t" in lines[number - 1]:
            return YamlError("có ký tự Tab, hãy dùng dấu cách để thụt lề", number, TAB_FIX)
    for number in near:
        if _NO_SPACE_AFTER_COLON.match(lines[number - 1]):
            return YamlError("thiếu dấu cách sau dấu hai chấm", number)
    if "flow" in problem and error.context_mark and mark:
        opened_at = error.context_mark.line + 1
        if any(" #" in lines[n - 1] for n in range(opened_at, min(mark.line + 1, len(lines)) + 1)):
            return YamlError(
                "có dấu “#” trong danh sách [...]: phần sau dấu “#” bị coi là ghi chú",
                opened_at,
                'đặt thẻ có dấu “#” trong ngoặc kép, ví dụ tags: ["hội nghị lần #1", tổng kết]',
            )
    for needle, reason in _REASONS:
        if needle in problem:
            return YamlError(reason, line)
    return YamlError("cú pháp YAML không đúng", line)


TAB_FIX = (
    "xoá ký tự Tab ở dòng này và thụt lề bằng dấu cách (2 dấu cách cho mỗi bậc, ví dụ “  - src: 01.jpg”); "
    "Notepad++: Edit → Blank Operations → TAB to Space"
)

_REASONS = (
    ("quoted scalar", "thiếu dấu nháy đóng (\" hoặc ') ở cuối giá trị"),
    ("flow sequence", "danh sách thiếu dấu “]” đóng hoặc thiếu dấu phẩy"),
    ("flow mapping", "thiếu dấu “}” đóng"),
    ("alias", "giá trị bắt đầu bằng dấu “*” hoặc “&”: hãy đặt giá trị trong ngoặc kép"),
    ("anchor", "giá trị bắt đầu bằng dấu “*” hoặc “&”: hãy đặt giá trị trong ngoặc kép"),
    ("mapping values are not allowed", "có dấu hai chấm “:” trong giá trị: hãy đặt giá trị trong ngoặc kép"),
    ("could not find expected ':'", "thiếu dấu hai chấm “:” sau tên trường"),
    ("did not find expected key", "các dòng thụt lề không đều nhau"),
    ("expected <block end>", "các dòng thụt lề không đều nhau"),
    ("block mapping", "các dòng thụt lề không đều nhau"),
    ("block sequence", "các dòng thụt lề không đều nhau"),
    ("cannot start any token", "có ký tự đặc biệt (như @, ` hoặc %) ở đầu giá trị: hãy đặt giá trị trong ngoặc kép"),
)
