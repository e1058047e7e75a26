"""The scripts and the note of an offline bundle, as bytes ready to write.

Pure: no I/O. A bundle holds the scripts of its own platform family only
(``install.bat`` and ``启动起草工具.bat`` for Windows, ``install.sh`` and
``启动起草工具.sh`` for Linux): its wheels install nowhere else, and a script
of the other family would only invite a try that cannot work.

The .bat files are GBK with CRLF line ends: cmd.exe reads a batch file in the
console's code page, 936 on a Chinese Windows, and misreads LF-only lines;
``chcp 65001`` with a UTF-8 file still breaks on Windows 7 and some 10s. Their
commands are ASCII, so they also work, with garbled messages, elsewhere.
The Windows note is UTF-8 with a BOM and CRLF, which every Notepad reads.
"""

from __future__ import annotations

from .platforms import PYTHON_VERSIONS, Platform, version_text

#: Where install.sh puts its virtual environment when it is not given one.
LINUX_VENV = "$HOME/.local/share/drafting/venv"
#: The file install.sh leaves beside itself naming the Python it installed into.
PYTHON_RECORD = ".python-path"

_FIRST = version_text(PYTHON_VERSIONS[0])
_LAST = version_text(PYTHON_VERSIONS[-1])
_RANGE_TEXT = f"{_FIRST} 至 {_LAST}"
_RANGE_CHECK = (f"import sys; sys.exit(not ({PYTHON_VERSIONS[0][0]}, {PYTHON_VERSIONS[0][1]}) "
                f"<= sys.version_info[:2] <= ({PYTHON_VERSIONS[-1][0]}, {PYTHON_VERSIONS[-1][1]}))")

#: The one install command both installers run (with their own Python in front).
PIP_INSTALL = ("-m pip install --disable-pip-version-check --no-index --find-links wheels "
               "--force-reinstall drafting")


def _crlf(text: str) -> str:
    """``text`` with CRLF line ends."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _find_python_bat(probe: str, label: str) -> str:
    """Batch lines that set PY to the first 64-bit Python 3.10–3.13 where ``probe`` runs, else go to ``label``."""
    # The wheels are win_amd64: a 32-bit Python (py -3.12 may be one) cannot install them.
    first = f"import sys; {probe}; " if probe else "import sys; "
    check = (f"{first}sys.exit(not ({PYTHON_VERSIONS[0][0]}, {PYTHON_VERSIONS[0][1]}) <= sys.version_info[:2] "
             f"<= ({PYTHON_VERSIONS[-1][0]}, {PYTHON_VERSIONS[-1][1]}) or sys.maxsize < 2 ** 32)")
    lines = ['set "PY="']
    # The py launcher knows every installed version; newest first. Then a python on PATH.
    candidates = [f"py -{version_text(v)}" for v in reversed(PYTHON_VERSIONS)] + ["python"]
    for candidate in candidates:
        lines += [f'{candidate} -c "{check}" >nul 2>&1',
                  f'if not errorlevel 1 set "PY={candidate}"',
                  "if defined PY goto found"]
    lines.append(f"goto {label}")
    return "\n".join(lines)


def install_bat() -> str:
    """install.bat: find Python 3.10–3.13 and install drafting from wheels\\ without the network."""
    return f"""@echo off
rem 起草工具离线安装（Windows）。双击运行；所需的安装包都在 wheels 文件夹中，安装时不连网。
setlocal EnableExtensions
pushd "%~dp0"
title 起草工具离线安装
echo == 起草工具离线安装 ==
echo.
{_find_python_bat("", "nopython")}

:found
echo 使用的 Python：
%PY% -c "import sys; print(sys.executable, sys.version.split()[0])"
echo.
echo 正在安装起草工具（离线，只用 wheels 文件夹中的安装包），请稍候……
%PY% {PIP_INSTALL}
if errorlevel 1 goto failed
%PY% -c "import drafting" >nul 2>&1
if errorlevel 1 goto failed
echo.
echo 安装完成。以后双击“启动起草工具.bat”即可使用。
echo.
popd
pause
exit /b 0

:nopython
echo 安装失败：没有找到 64 位的 Python {_RANGE_TEXT}。
python --version >nul 2>&1
if not errorlevel 1 echo 这台电脑上的 python 版本不合适（或是 32 位的）：
python --version 2>nul
echo 请先安装 Python {_RANGE_TEXT}（64 位，例如随本文件夹带来的 python-3.12.x-amd64.exe，
echo 安装时勾选“Add python.exe to PATH”），然后重新双击 install.bat。
echo.
popd
pause
exit /b 1

:failed
echo.
echo 安装失败：pip 没能完成安装，原因见上面的输出。
echo 请确认整个离线安装包文件夹都已拷到本机（特别是 wheels 文件夹）。
echo.
popd
pause
exit /b 1
"""


def launch_bat() -> str:
    """启动起草工具.bat: run ``python -m drafting serve`` with the Python drafting was installed into."""
    return f"""@echo off
rem 启动起草工具（在浏览器中使用）。先双击 install.bat 安装过才能启动。
setlocal EnableExtensions
title 起草工具
{_find_python_bat("import drafting", "notinstalled")}

:found
echo 正在启动起草工具……请按下面的提示在浏览器中使用；用完后关闭这个窗口即可退出。
echo.
%PY% -m drafting serve %*
if errorlevel 1 pause
exit /b

:notinstalled
echo 没有找到已安装的起草工具：请先双击 install.bat 安装。
echo.
pause
exit /b 1
"""


def install_sh() -> str:
    """install.sh: check the Python, make a virtual environment if needed, install from wheels/ offline."""
    return f"""#!/bin/sh
# 起草工具离线安装（Linux：麒麟、统信 UOS 等）。所需的安装包都在 wheels 文件夹中，安装时不连网。
# 用法：sh install.sh [Python 路径]；也可用环境变量 PYTHON 指定，默认 python3。
# 给的 Python 若已是虚拟环境，就装进它；否则先在 {LINUX_VENV}
# （环境变量 DRAFT_VENV 可改）建一个虚拟环境再装，不动系统的 Python。
set -u
cd "$(dirname "$0")" || exit 1
PY="${{1:-${{PYTHON:-python3}}}}"
VENV="${{DRAFT_VENV:-{LINUX_VENV}}}"

echo "== 起草工具离线安装 =="
if ! command -v "$PY" >/dev/null 2>&1; then
    echo "安装失败：没有找到 Python（$PY）。" >&2
    echo "请先安装 Python {_RANGE_TEXT}（麒麟、统信 UOS 可用系统的 python3 和 python3-venv 软件包），然后重新运行：sh install.sh" >&2
    exit 1
fi
if ! "$PY" -c '{_RANGE_CHECK}' 2>/dev/null; then
    FOUND="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo 未知)"
    echo "安装失败：$PY 的版本是 $FOUND，起草工具需要 Python {_RANGE_TEXT}。" >&2
    echo "请安装合适版本的 Python，或指定它：sh install.sh /usr/bin/python3.12" >&2
    exit 1
fi
echo "使用的 Python：$("$PY" -c 'import sys; print(sys.executable, sys.version.split()[0])')"

if "$PY" -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)' 2>/dev/null; then
    TARGET="$PY"
else
    if [ ! -x "$VENV/bin/python" ]; then
        echo "创建 Python 虚拟环境：$VENV"
        CREATED=0
        [ -e "$VENV" ] || CREATED=1
        if ! "$PY" -m venv "$VENV"; then
            [ "$CREATED" = 1 ] && rm -rf "$VENV"
            echo "安装失败：无法创建 Python 虚拟环境。" >&2
            echo "请先安装 python3-venv 软件包（如 sudo apt install python3-venv，或用系统光盘、内网软件源），然后重新运行：sh install.sh" >&2
            exit 1
        fi
    fi
    TARGET="$VENV/bin/python"
fi

echo "正在安装起草工具（离线，只用 wheels 文件夹中的安装包），请稍候……"
if ! "$TARGET" {PIP_INSTALL}; then
    echo "安装失败：pip 没能完成安装，原因见上面的输出。" >&2
    echo "请确认整个离线安装包文件夹都已拷到本机（特别是 wheels 文件夹）。" >&2
    exit 1
fi
if ! "$TARGET" -c 'import drafting' >/dev/null 2>&1; then
    echo "安装失败：安装后仍无法载入起草工具。" >&2
    exit 1
fi
( "$TARGET" -c 'import sys; print(sys.executable)' > {PYTHON_RECORD} ) 2>/dev/null || true
echo "安装完成。启动：sh 启动起草工具.sh"
"""


def launch_sh() -> str:
    """启动起草工具.sh: run ``python -m drafting serve`` with the Python drafting was installed into."""
    return f"""#!/bin/sh
# 启动起草工具（在浏览器中使用）。先运行过 install.sh 才能启动。
HERE="$(cd "$(dirname "$0")" && pwd)"
VENV="${{DRAFT_VENV:-{LINUX_VENV}}}"
RECORDED="$(cat "$HERE/{PYTHON_RECORD}" 2>/dev/null)"
for PY in "${{PYTHON:-}}" "$RECORDED" "$VENV/bin/python" python3; do
    [ -n "$PY" ] || continue
    if "$PY" -c 'import drafting' >/dev/null 2>&1; then
        echo "正在启动起草工具……请按下面的提示在浏览器中使用；按 Ctrl+C 或关闭窗口即可退出。"
        exec "$PY" -m drafting serve "$@"
    fi
done
echo "没有找到已安装的起草工具：请先运行 sh install.sh" >&2
exit 1
"""


def note(platform: Platform, version: str, built: str) -> str:
    """说明.txt: how to install and start, for the person at the target PC."""
    if platform.family == "windows":
        python = (f"  需要 64 位的 Python {_RANGE_TEXT}，Windows 10 或更高版本（Python 3.10 起不再支持 Windows 7）。\n"
                  "  没有的话，请在能上网的电脑上从 python.org 下载 python-3.12.x-amd64.exe，\n"
                  "  随本文件夹一起拷过来安装；安装时勾选“Add python.exe to PATH”。\n")
        install = "  双击 install.bat，等窗口中出现“安装完成”。全程不连网。\n"
        start = "  双击“启动起草工具.bat”，按窗口中的提示在浏览器中使用；用完后关闭这个窗口。\n"
        again = "install.bat"
    else:
        python = (f"  需要 Python {_RANGE_TEXT}。麒麟、统信 UOS 可用系统的 python3，另需 python3-venv 软件包\n"
                  "  （用系统光盘或内网软件源安装，如 sudo apt install python3-venv）。\n"
                  "  在终端中输入 python3 --version 可查看版本；版本不合适时可指定其他 Python：\n"
                  "  sh install.sh /usr/bin/python3.12\n")
        install = ("  在本文件夹中打开终端，输入：sh install.sh\n"
                   f"  等出现“安装完成”。全程不连网，起草工具装在 {LINUX_VENV.replace('$HOME', '~')}。\n")
        start = "  在终端中输入：sh 启动起草工具.sh，按提示在浏览器中使用；用完后按 Ctrl+C 退出。\n"
        again = "sh install.sh"
    return (f"起草工具离线安装包：{platform.label}\n"
            "\n"
            "本文件夹用于在不能上网的电脑上安装起草工具。请把整个文件夹一起拷过去\n"
            "（例如用 U 盘），不要只拷其中几个文件。\n"
            "\n"
            "一、先装 Python\n" + python +
            "\n"
            "二、安装起草工具\n" + install +
            "\n"
            "三、使用\n" + start +
            "\n"
            f"更新：先关掉正在运行的起草工具，拷来新的离线安装包，再运行一次其中的 {again} 即可。\n"
            f"起草工具版本 {version}，生成于 {built}；wheels 文件夹中是 Python {_RANGE_TEXT} 所需的全部安装包。\n")


def bundle_files(platform: Platform, version: str, built: str) -> dict[str, bytes]:
    """The scripts and note of a bundle for ``platform``: file name → content."""
    if platform.family == "windows":
        return {
            "install.bat": _crlf(install_bat()).encode("gbk"),
            "启动起草工具.bat": _crlf(launch_bat()).encode("gbk"),
            "说明.txt": _crlf(note(platform, version, built)).encode("utf-8-sig"),
        }
    return {
        "install.sh": install_sh().encode("utf-8"),
        "启动起草工具.sh": launch_sh().encode("utf-8"),
        "说明.txt": note(platform, version, built).encode("utf-8"),
    }
