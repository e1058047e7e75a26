"""``python -m drafting.bundle``: build the offline installer folder for one platform.

argparse rather than typer: the builder runs on the IT person's machine and
needs nothing beyond the standard library and pip. Its own messages, help and
errors are Chinese; bad input exits 2, a failed build 1, a cancelled one 130.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
from pathlib import Path

from ..errors import DraftError
from .builder import build
from .platforms import PLATFORMS, PYTHON_VERSIONS, version_text

_PROG = "python -m drafting.bundle"

# argparse's own messages, in the user's words.
_ARGPARSE_TEXT = (
    (re.compile(r"the following arguments are required: (.*)"), "缺少必需的选项：{0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
    (re.compile(r"argument (\S+): expected one argument"), "选项 {0} 后面需要一个值"),
    (re.compile(r"argument (\S+): (.*)"), "选项 {0} 有误：{1}"),
)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help with a Chinese usage line."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法：")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are Chinese and exit with code 2."""

    def error(self, message: str):
        for pattern, text in _ARGPARSE_TEXT:
            found = pattern.fullmatch(message)
            if found:
                message = text.format(*found.groups())
                break
        self.exit(2, f"{self.prog}：错误：{message}\n（{self.prog} --help 查看用法）\n")


def parser() -> argparse.ArgumentParser:
    """The command line of the bundle builder."""
    versions = "、".join(version_text(v) for v in PYTHON_VERSIONS)
    platforms = "\n".join(f"  {p.name:<20}{p.label}" for p in PLATFORMS.values())
    result = _Parser(
        prog=_PROG, add_help=False, formatter_class=_Formatter,
        description="生成起草工具的离线安装包：在能上网的电脑上运行，把得到的文件夹拷到不能上网的电脑上安装。\n"
                    f"安装包中有起草工具和它所需的全部依赖（Python {versions}），以及安装、启动脚本和说明。",
        epilog=f"平台：\n{platforms}\n\n例：{_PROG} --platform win_amd64 -o 起草工具离线包")
    options = result.add_argument_group("选项")
    options.add_argument("--platform", required=True, metavar="平台",
                         help="目标电脑的平台：" + "、".join(PLATFORMS))
    options.add_argument("-o", "--output", required=True, type=Path, metavar="文件夹",
                         help="生成的离线安装包文件夹（必须是新的或空的文件夹）")
    options.add_argument("--source", type=Path, metavar="文件夹",
                         help="起草工具源代码所在的文件夹（默认：本程序所在的源代码）")
    options.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    return result


def _say(text: str) -> None:
    """Progress on stderr, at once."""
    print(text, file=sys.stderr, flush=True)


def _terminated(signum, frame) -> None:
    """SIGTERM/SIGHUP as SystemExit, so the half-built folder is removed on the way out."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Build the bundle the command line asks for; the exit code."""
    args = parser().parse_args(argv)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminated)
    try:
        bundle = build(args.platform, args.output, source=args.source, progress=_say)
    except DraftError as exc:
        _say(f"错误：{exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _say("已取消，未生成离线安装包。")
        return 130
    size = bundle.size / 1024 / 1024
    counts = "，".join(f"Python {v}：{n} 个" for v, n in bundle.per_python.items())
    _say(f"离线安装包已生成：{bundle.path}")
    _say(f"  平台：{bundle.platform.label}；起草工具 {bundle.version}；"
         f"安装包 {len(bundle.wheels)} 个，共 {size:.1f} MB（{counts}）")
    if bundle.built_locally:
        _say(f"  在本机从源码包构建的：{'、'.join(bundle.built_locally)}")
    _say("  把整个文件夹拷到目标电脑上，按其中的 说明.txt 安装。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
