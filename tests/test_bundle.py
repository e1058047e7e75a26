"""The offline installer builder: platform tags, the closure of a wheels folder, the scripts, the CLI.

Most tests run without the network: pip is replaced by a stand-in that writes
small synthetic wheels. One end-to-end test (DRAFT_BUNDLE_TEST=1, as CI sets)
builds a real bundle, installs it into a fresh venv with pip's index turned
off, and drafts a plan with the installed ``draft``.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform as _platform
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from drafting.bundle import builder as bundle_build
from drafting.bundle import pip as bundle_pip
from drafting.bundle.installed import NotRepackable, repack
from drafting.bundle.__main__ import main
from drafting.bundle.pip import PipFailed, classify
from drafting.bundle.platforms import PLATFORMS, PYTHON_VERSIONS
from drafting.bundle.scripts import bundle_files, install_sh, launch_sh
from drafting.bundle.wheels import read_wheel, walk

ROOT = Path(__file__).resolve().parents[1]
WIN = PLATFORMS["win_amd64"]
LINUX = PLATFORMS["manylinux_x86_64"]
ARM = PLATFORMS["manylinux_aarch64"]


def make_wheel(folder: Path, name: str, version: str = "1.0", tag: str = "py3-none-any",
               requires: tuple[str, ...] = (), requires_python: str = "") -> Path:
    """A minimal wheel file: just the METADATA pip and the builder read."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{version}-{tag}.whl"
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    lines += [f"Requires-Dist: {r}" for r in requires]
    if requires_python:
        lines.append(f"Requires-Python: {requires_python}")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-{version}.dist-info/METADATA", "\n".join(lines) + "\n")
    return path


def leftovers(parent: Path) -> list[str]:
    """The names in ``parent``: a failed build must add none (no staging folder either)."""
    return sorted(p.name for p in parent.iterdir())


# -- platforms ---------------------------------------------------------------

def test_manylinux_targets_take_the_tags_pip_needs_and_nothing_newer_than_glibc_2_28():
    tags = LINUX.pip_platforms
    for needed in ("manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64",
                   "manylinux1_x86_64"):
        assert needed in tags
    assert "manylinux_2_31_x86_64" not in tags and "manylinux_2_34_x86_64" not in tags
    assert tags[0] == "manylinux_2_28_x86_64"  # the newest the target runs is preferred
    assert "manylinux2014_aarch64" in ARM.pip_platforms and not any("manylinux1" in t for t in ARM.pip_platforms)
    assert WIN.pip_platforms == ("win_amd64",)


def test_a_compiled_wheel_fits_its_own_python_and_platform_only(tmp_path):
    wheel = read_wheel(make_wheel(tmp_path, "ext", tag="cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64"))
    assert wheel.tags & LINUX.tags((3, 12))
    assert not wheel.tags & LINUX.tags((3, 11))
    assert not wheel.tags & ARM.tags((3, 12)) and not wheel.tags & WIN.tags((3, 12))
    newer = read_wheel(make_wheel(tmp_path, "new", tag="cp312-cp312-manylinux_2_34_x86_64"))
    assert not newer.tags & LINUX.tags((3, 12))
    stable = read_wheel(make_wheel(tmp_path, "abi", tag="cp38-abi3-win_amd64"))
    assert all(stable.tags & WIN.tags(v) for v in PYTHON_VERSIONS)
    assert read_wheel(make_wheel(tmp_path, "pure")).pure and not wheel.pure


# -- what a wheels folder lacks for a target ---------------------------------

def test_markers_are_read_for_the_target_not_for_this_machine(tmp_path):
    make_wheel(tmp_path, "app", requires=("dep>=1", 'wincolor; platform_system == "Windows"',
                                          'backport; python_version < "3.11"',
                                          'docs; extra == "docs"'))
    make_wheel(tmp_path, "dep", "1.2")
    _, lacking = walk(tmp_path, ["app"], WIN, (3, 10))
    assert lacking == ["wincolor", "backport"]
    _, lacking = walk(tmp_path, ["app"], WIN, (3, 12))
    assert lacking == ["wincolor"]
    chosen, lacking = walk(tmp_path, ["app"], LINUX, (3, 12))
    assert lacking == [] and [w.name for w in chosen] == ["app", "dep"]


def test_a_version_a_specifier_or_requires_python_rules_out_counts_as_lacking(tmp_path):
    make_wheel(tmp_path, "app", requires=("dep>=2", "ext"))
    make_wheel(tmp_path, "dep", "1.5")
    make_wheel(tmp_path, "ext", tag="cp311-cp311-win_amd64")
    make_wheel(tmp_path, "ext", "2.0", requires_python=">=3.12")
    assert walk(tmp_path, ["app"], WIN, (3, 11))[1] == ["dep>=2"]
    assert walk(tmp_path, ["app"], WIN, (3, 10))[1] == ["dep>=2", "ext"]
    chosen, _ = walk(tmp_path, ["app"], WIN, (3, 12))
    assert [str(w.version) for w in chosen if w.name == "ext"] == ["2.0"]


def test_extras_pull_in_their_own_requirements(tmp_path):
    make_wheel(tmp_path, "app", requires=("lib[speed]",))
    make_wheel(tmp_path, "lib", requires=('fast; extra == "speed"', 'slow; extra == "other"'))
    assert walk(tmp_path, ["app"], LINUX, (3, 12))[1] == ["fast"]


# -- pip's failures ------------------------------------------------------------

def test_pip_failures_are_told_apart():
    unreachable = ("WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after "
                   "connection broken by 'NewConnectionError(...: Failed to establish a new connection: "
                   "[Errno -3] Temporary failure in name resolution')': /simple/lxml/\n"
                   "ERROR: Could not find a version that satisfies the requirement lxml>=3.1 (from versions: none)\n"
                   "ERROR: No matching distribution found for lxml>=3.1\n")
    assert classify(unreachable) == ("network", "lxml>=3.1")
    sdist_only = ("ERROR: Could not find a version that satisfies the requirement jieba>=0.42 "
                  "(from versions: none)\nERROR: No matching distribution found for jieba>=0.42\n")
    assert classify(sdist_only) == ("unavailable", "jieba>=0.42")
    assert classify("ERROR: Invalid requirement: 'x=='\n") == ("other", None)


# -- the scripts -------------------------------------------------------------

def test_the_windows_bundle_has_crlf_gbk_batch_files_that_install_offline():
    files = bundle_files(WIN, "0.1.0", "2026-12-01")
    assert sorted(files) == sorted(["install.bat", "启动起草工具.bat", "说明.txt"])
    for name in ("install.bat", "启动起草工具.bat"):
        data = files[name]
        assert data.count(b"\n") == data.count(b"\r\n") > 10  # every line ends CRLF
        text = data.decode("gbk")  # cmd.exe on a Chinese Windows reads the batch file as GBK
        for version in ("3.13", "3.12", "3.11", "3.10"):
            assert f"py -{version} " in text
        assert "\r\npython -c " in text
    install = files["install.bat"].decode("gbk")
    assert "-m pip install --disable-pip-version-check --no-index --find-links wheels --force-reinstall drafting" in install
    assert "没有找到 64 位的 Python 3.10 至 3.13" in install and "安装完成" in install and "pause" in install
    assert "%PY% -m drafting serve %*" in files["启动起草工具.bat"].decode("gbk")
    note = files["说明.txt"]
    assert note.startswith(b"\xef\xbb\xbf") and note.count(b"\n") == note.count(b"\r\n")
    assert "install.bat" in note.decode("utf-8-sig") and "python-3.12" in note.decode("utf-8-sig")


def test_the_python_probes_of_the_batch_files_accept_a_fitting_python_and_want_drafting_to_launch(tmp_path):
    files = bundle_files(WIN, "0.1.0", "2026-12-01")
    for name, wants_drafting in (("install.bat", False), ("启动起草工具.bat", True)):
        probes = set(re.findall(r'^(?:py -3\.1\d|python) -c "(.*)" >nul 2>&1\r$',
                                files[name].decode("gbk"), re.MULTILINE))
        assert len(probes) == 1  # every candidate is asked the same
        probe = probes.pop()
        # -S: no site-packages, so drafting cannot be imported from tmp_path
        bare = subprocess.run([sys.executable, "-S", "-c", probe], cwd=tmp_path, capture_output=True)
        assert (bare.returncode != 0) == wants_drafting
        if wants_drafting:
            assert subprocess.run([sys.executable, "-c", probe], cwd=ROOT).returncode == 0


def test_the_linux_bundle_has_sh_scripts_only_with_lf():
    files = bundle_files(LINUX, "0.1.0", "2026-12-01")
    assert sorted(files) == sorted(["install.sh", "启动起草工具.sh", "说明.txt"])
    for data in files.values():
        assert b"\r" not in data
    install = files["install.sh"].decode("utf-8")
    assert install.startswith("#!/bin/sh\n")
    assert '"$TARGET" -m pip install --disable-pip-version-check --no-index --find-links wheels' in install
    assert 'PY="${1:-${PYTHON:-python3}}"' in install
    assert 'exec "$PY" -m drafting serve "$@"' in files["启动起草工具.sh"].decode("utf-8")
    assert "python3-venv" in files["说明.txt"].decode("utf-8")


def _run_sh(script: str, folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Write ``script`` into ``folder`` and run it with sh."""
    path = folder / "script.sh"
    path.write_text(script, encoding="utf-8")
    return subprocess.run([shutil.which("sh"), str(path), *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)


@pytest.mark.skipif(sys.platform == "win32", reason="sh scripts")
def test_install_sh_says_clearly_when_python_is_missing_or_the_wrong_version(tmp_path):
    done = _run_sh(install_sh(), tmp_path, PYTHON=str(tmp_path / "没有这个python"))
    assert done.returncode == 1 and "没有找到 Python" in done.stderr and "3.10 至 3.13" in done.stderr
    old = tmp_path / "python3.9"  # answers like a Python 3.9 would
    old.write_text('#!/bin/sh\ncase "$*" in *%d.%d*) echo 3.9 ;; *) exit 1 ;; esac\n', encoding="utf-8")
    old.chmod(0o755)
    done = _run_sh(install_sh(), tmp_path, str(old))
    assert done.returncode == 1 and "版本是 3.9" in done.stderr and "需要 Python 3.10 至 3.13" in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="sh scripts")
def test_the_launcher_says_to_install_first_when_no_python_has_drafting(tmp_path):
    tools = tmp_path / "bin"  # a PATH with the shell's helpers but no python3
    tools.mkdir()
    for tool in ("dirname", "cat"):
        (tools / tool).symlink_to(shutil.which(tool))
    done = _run_sh(launch_sh(), tmp_path, PYTHON=str(tmp_path / "none"), DRAFT_VENV=str(tmp_path / "venv"),
                   PATH=str(tools))
    assert done.returncode == 1 and "请先运行 sh install.sh" in done.stderr


# -- the command line --------------------------------------------------------

def test_an_unknown_platform_exits_2_and_makes_no_folder(tmp_path, capsys):
    assert main(["--platform", "win32", "-o", str(tmp_path / "包")]) == 2
    err = capsys.readouterr().err
    assert "不认识的平台“win32”" in err and "win_amd64" in err
    assert leftovers(tmp_path) == []


def test_a_missing_option_is_told_in_chinese_with_exit_2(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--platform", "win_amd64"])
    assert stop.value.code == 2 and "缺少必需的选项：-o/--output" in capsys.readouterr().err


def test_a_folder_with_something_in_it_is_refused_and_left_alone(tmp_path, capsys):
    dest = tmp_path / "离线包"
    (dest / "wheels").mkdir(parents=True)
    (dest / "旧说明.txt").write_text("旧的内容", encoding="utf-8")
    assert main(["--platform", "manylinux_x86_64", "-o", str(dest)]) == 2
    assert "已存在且不是空的" in capsys.readouterr().err
    assert sorted(p.name for p in dest.iterdir()) == ["wheels", "旧说明.txt"]
    assert (dest / "旧说明.txt").read_text(encoding="utf-8") == "旧的内容"
    assert leftovers(tmp_path) == ["离线包"]


def test_a_file_in_the_way_or_a_missing_parent_exits_2(tmp_path, capsys):
    (tmp_path / "包").write_text("x", encoding="utf-8")
    assert main(["--platform", "win_amd64", "-o", str(tmp_path / "包")]) == 2
    assert "不是文件夹" in capsys.readouterr().err
    assert main(["--platform", "win_amd64", "-o", str(tmp_path / "无" / "包")]) == 2
    assert "上级文件夹" in capsys.readouterr().err
    assert leftovers(tmp_path) == ["包"]


def test_a_folder_that_is_not_drafting_source_is_refused(tmp_path, capsys):
    assert main(["--platform", "win_amd64", "-o", str(tmp_path / "包"), "--source", str(tmp_path)]) == 2
    assert "不是起草工具的源代码文件夹" in capsys.readouterr().err
    assert leftovers(tmp_path) == []


class FakePip:
    """pip's stand-in: builds drafting as a synthetic wheel needing ``sdistonly``, downloads what it is told."""

    def __init__(self, *, compiled: bool = False, offline: bool = False) -> None:
        self.compiled = compiled  # the sdist-only package has C code
        self.offline = offline
        self.calls: list[list[str]] = []

    def __call__(self, args: list[str]) -> str:
        self.calls.append(args)
        folder = Path(args[args.index("--wheel-dir" if args[0] == "wheel" else "--dest") + 1])
        if args[0] == "wheel" and "--no-binary" not in args:
            make_wheel(folder, "drafting", "0.1.0", requires=("sdistonly>=1", "lxml>=4"))
        elif args[0] == "wheel":
            make_wheel(folder, "sdistonly", tag="cp311-cp311-linux_x86_64" if self.compiled else "py3-none-any")
        elif self.offline:
            raise PipFailed("network", "lxml>=4", "ERROR: No matching distribution found for lxml>=4")
        elif "sdistonly>=1" in args:
            raise PipFailed("unavailable", "sdistonly>=1", "ERROR: No matching distribution found for sdistonly>=1")
        else:
            python = args[args.index("--python-version") + 1].replace(".", "")
            make_wheel(folder, "lxml", "5.0", tag=f"cp{python}-cp{python}-win_amd64")
        return ""


def test_a_pure_sdist_only_dependency_is_built_here_and_the_bundle_completes(tmp_path, monkeypatch, capsys):
    fake = FakePip()
    monkeypatch.setattr(bundle_pip, "run", fake)
    dest = tmp_path / "离线包"
    assert main(["--platform", "win_amd64", "-o", str(dest)]) == 0
    err = capsys.readouterr().err
    assert "sdistonly>=1 没有现成的 wheel 安装包" in err and "Python 3.13" in err and "离线安装包已生成" in err
    assert sorted(p.name for p in (dest / "wheels").iterdir()) == sorted(
        ["drafting-0.1.0-py3-none-any.whl", "sdistonly-1.0-py3-none-any.whl"]
        + [f"lxml-5.0-cp3{m}-cp3{m}-win_amd64.whl" for m in (10, 11, 12, 13)])
    assert sorted(p.name for p in dest.iterdir()) == ["install.bat", "wheels", "启动起草工具.bat", "说明.txt"]
    assert leftovers(tmp_path) == ["离线包"]
    downloads = [c for c in fake.calls if c[0] == "download"]
    assert {c[c.index("--python-version") + 1] for c in downloads} == {"3.10", "3.11", "3.12", "3.13"}
    assert all("--only-binary=:all:" in c and c[c.index("--platform") + 1] == "win_amd64" for c in downloads)


def test_a_compiled_sdist_only_dependency_stops_the_build_with_a_clear_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bundle_pip, "run", FakePip(compiled=True))
    assert main(["--platform", "win_amd64", "-o", str(tmp_path / "离线包")]) == 1
    err = capsys.readouterr().err
    assert "sdistonly>=1 没有适用于 win_amd64 / Python 3.10 的 wheel 安装包" in err and "需要编译的代码" in err
    assert leftovers(tmp_path) == []


def test_without_the_network_the_message_names_what_could_not_be_downloaded(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bundle_pip, "run", FakePip(offline=True))
    assert main(["--platform", "win_amd64", "-o", str(tmp_path / "离线包")]) == 1
    err = capsys.readouterr().err
    assert "无法下载 lxml>=4（win_amd64 / Python 3.10）：连不上软件包索引" in err
    assert leftovers(tmp_path) == []


def test_a_newer_wheel_fetched_for_one_python_is_checked_for_the_others(tmp_path, monkeypatch):
    """pip on 3.10 will take the pure lib 2.0 fetched for 3.13, and then needs helper for 3.10 too."""

    def run(args: list[str]) -> str:
        folder = Path(args[args.index("--wheel-dir" if args[0] == "wheel" else "--dest") + 1])
        if args[0] == "wheel":
            make_wheel(folder, "drafting", "0.1.0", requires=("lib",))
            return ""
        python = args[args.index("--python-version") + 1].replace(".", "")
        if "lib" in args and python == "313":  # as pip does, with the dependency
            make_wheel(folder, "lib", "2.0", requires=("helper",))
            make_wheel(folder, "helper", tag="cp313-cp313-win_amd64")
        elif "lib" in args:
            make_wheel(folder, "lib", "1.0", tag=f"cp{python}-cp{python}-win_amd64")
        if "helper" in args:
            make_wheel(folder, "helper", tag=f"cp{python}-cp{python}-win_amd64")
        return ""

    monkeypatch.setattr(bundle_pip, "run", run)
    dest = tmp_path / "离线包"
    assert main(["--platform", "win_amd64", "-o", str(dest)]) == 0
    assert sorted(p.name for p in (dest / "wheels").iterdir()) == sorted(
        ["drafting-0.1.0-py3-none-any.whl", "lib-2.0-py3-none-any.whl"]
        + [f"helper-1.0-cp3{m}-cp3{m}-win_amd64.whl" for m in (10, 11, 12, 13)])


# -- drafting's wheel from an installed copy ------------------------------------

def _installed_copy(site: Path, *, editable: bool = False) -> importlib.metadata.Distribution:
    """A small installed distribution as pip leaves it: files, dist-info, a console script, a .pyc."""
    info = site / "mypkg-1.0.dist-info"
    files = {
        "mypkg-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: mypkg\nVersion: 1.0\nRequires-Dist: dep>=1\n",
        "mypkg-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        "mypkg-1.0.dist-info/entry_points.txt": "[console_scripts]\nmytool = mypkg:main\n",
        "mypkg-1.0.dist-info/INSTALLER": "pip\n",
        "mypkg-1.0.dist-info/REQUESTED": "",
    }
    if editable:
        files["mypkg.pth"] = "/somewhere/src\n"
    else:
        files.update({"mypkg/__init__.py": "def main():\n    print('ok')\n",
                      "mypkg/data/词表.yaml": "- 某某单位\n",
                      "mypkg/__pycache__/__init__.cpython-311.pyc": "compiled"})
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    record = [f"{name},," for name in files] + ["../../bin/mytool,,", "mypkg-1.0.dist-info/RECORD,,"]
    (info / "RECORD").write_text("\n".join(record) + "\n", encoding="utf-8")
    return importlib.metadata.PathDistribution(info)


def test_an_installed_copy_is_packed_again_into_a_wheel_pip_installs(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    path = repack(_installed_copy(tmp_path / "site"), out)
    assert path.name == "mypkg-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert "mypkg/data/词表.yaml" in names and names[-1] == "mypkg-1.0.dist-info/RECORD"
    assert not any(n.endswith((".pyc", "INSTALLER", "REQUESTED")) or "bin/" in n for n in names)
    assert read_wheel(path).requires == ("dep>=1",)
    target = tmp_path / "target"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-index", "--no-deps", "--target",
                           str(target), str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / "mypkg" / "data" / "词表.yaml").read_text(encoding="utf-8") == "- 某某单位\n"
    assert (target / "bin" / "mytool").exists() or (target / "bin" / "mytool.exe").exists()


def test_an_editable_install_without_its_source_is_not_packed(tmp_path):
    with pytest.raises(NotRepackable):
        repack(_installed_copy(tmp_path / "site", editable=True), tmp_path)


def test_without_the_source_or_an_installed_copy_the_builder_says_where_to_run(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bundle_build, "_PACKAGE_ROOT", tmp_path)
    monkeypatch.setattr(bundle_build, "_installed", lambda: None)
    assert main(["--platform", "win_amd64", "-o", str(tmp_path / "包")]) == 2
    err = capsys.readouterr().err
    assert "找不到起草工具的源代码" in err and "--source" in err
    assert leftovers(tmp_path) == []


# -- end to end --------------------------------------------------------------

_MACHINE = {"x86_64": "manylinux_x86_64", "amd64": "manylinux_x86_64", "aarch64": "manylinux_aarch64",
            "arm64": "manylinux_aarch64"}.get(_platform.machine().lower())


@pytest.mark.skipif(os.environ.get("DRAFT_BUNDLE_TEST") != "1",
                    reason="builds a real bundle from PyPI: set DRAFT_BUNDLE_TEST=1 (CI does)")
@pytest.mark.skipif(not sys.platform.startswith("linux") or _MACHINE is None,
                    reason="installs the bundle of this machine's Linux platform")
def test_a_real_bundle_installs_offline_into_a_fresh_venv_and_drafts_a_plan(tmp_path):
    dest = tmp_path / "起草工具离线包"
    built = subprocess.run([sys.executable, "-m", "drafting.bundle", "--platform", _MACHINE, "-o", str(dest)],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    names = [p.name.lower() for p in (dest / "wheels").iterdir()]
    for project in ("lxml", "pyyaml", "markupsafe"):
        for major, minor in PYTHON_VERSIONS:
            tag = f"cp{major}{minor}-cp{major}{minor}-"
            assert any(n.startswith(f"{project}-") and tag in n for n in names), (project, tag)
    assert any(n.startswith("jieba-") and n.endswith("py3-none-any.whl") for n in names)
    assert os.access(dest / "install.sh", os.X_OK)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    # Only the bundle's wheels: no pip configuration or find-links of this machine.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PYTHON=str(venv / "bin" / "python"))
    installed = subprocess.run(["sh", str(dest / "install.sh")], capture_output=True, text=True,
                               env=env, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "安装完成" in installed.stdout

    out = tmp_path / "out.docx"
    drafted = subprocess.run([str(venv / "bin" / "draft"), "plan", "--year", "2026", "--org", "某某单位",
                              "-o", str(out)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert drafted.returncode == 0, drafted.stderr
    import docx

    title = next(p.text for p in docx.Document(str(out)).paragraphs if p.text.strip())
    assert "2026" in title and "某某单位" in title
