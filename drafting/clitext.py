"""Chinese for the words Click and Typer print around our own help and errors.

Click and Typer mark their strings with gettext's ``_`` but bind it at import, so
a translation has to be put where they look it up: the ``_`` (and ``ngettext``)
of each module. Only the strings a user of ``draft`` can meet are translated;
anything else falls through unchanged.
"""

from __future__ import annotations

import sys

ZH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Error": "错误",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Aborted!": "已取消。",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Error: {message}": "错误：{message}",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不需要值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值 {choices} 之一。",
    "{name} {filename!r} does not exist.": "{filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{filename!r} 是目录，不是文件。",
    "{name} {filename!r} is a file.": "{filename!r} 是文件，不是目录。",
    "{name} {filename!r} is not readable.": "{filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{filename!r} 无法写入。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "您是不是要用 {possibility}？",
    "(Possible options: {possibilities})": "（可能的选项：{possibilities}）",
    "(Did you mean one of: {possibilities}?)": "您是不是要用 {possibilities} 中的一个？",
    # what help shows for a path option (click.Path names itself with these)
    "path": "路径",
    "file": "文件",
    "directory": "文件夹",
}


def _gettext(message: str) -> str:
    return ZH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return ZH.get(singular if n == 1 else plural, singular if n == 1 else plural)


def install() -> None:
    """Put the Chinese strings into the Click and Typer modules that are loaded."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name.startswith("click") or name.startswith("typer")):
            continue
        if getattr(module, "_", None) is not None and callable(module._):
            module._ = _gettext
        if getattr(module, "ngettext", None) is not None:
            module.ngettext = _ngettext
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:
        _patch_rich_titles(rich_utils)
    _patch_metavars()


#: What help calls each kind of value (Click prints the type's name upper-cased: TEXT, PATH …).
_TYPE_NAMES = {
    "StringParamType": "文字", "IntParamType": "整数", "IntRange": "整数", "FloatParamType": "数字",
    "FloatRange": "数字", "Path": "路径", "File": "文件", "DateTime": "日期", "BoolParamType": "是或否",
}


def _patch_metavars() -> None:
    """Help's placeholders in Chinese: 文字, 整数 … instead of TEXT, INTEGER ([选项] is the app's own setting)."""
    types = sys.modules.get("click.types")
    if types is not None:
        for name, shown in _TYPE_NAMES.items():
            kind = getattr(types, name, None)
            if isinstance(kind, type):
                kind.name = shown


def _patch_rich_titles(rich_utils) -> None:
    for attr in ("ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE"):
        value = getattr(rich_utils, attr, None)
        if isinstance(value, str):
            setattr(rich_utils, attr, ZH.get(value, value))
