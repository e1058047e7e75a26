"""Lint fast enough for pre-commit: the lint cache, worker processes, ``--changed`` and file arguments.

Each test compares what lint reports — never how long it takes: a warm run, a run
with workers, a run on the changed files only must report what a cold serial run
over everything reports (for those files).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

import drafting.lint.workers as workers
from drafting.cli import main
from drafting.lint import lint
from drafting.lint import dupes
from drafting.similar import snippet_pairs

from helpers import write_library

FILES = {
    "甲.yaml": """
        category: 组织建设
        snippets:
          - id: a-1
            genre: plan
            lead: 严格落实组织生活制度
            body: 按期召开支部党员大会、支部委员会和党小组会，按规定上好党课。
          - id: a-2
            genre: speech
            body: 同志们要把{{ year }}年的学习教育抓紧抓实, 做到学思用贯通。
        """,
    "乙.yaml": """
        category: 思想建设
        snippets:
          - id: b-1
            genre: plan
            lead: 深化理论武装
            body: 深入学习十九届六中全会精神，推动学习往深里走。
            since: 2022
          - id: b-2
            genre: speech
            body: 今年要重点抓好××工作，确保取得实效。
        """,
    "丙.yaml": """
        category: 组织建设
        snippets:
          - id: c-1
            genre: plan
            lead: 严格落实组织生活制度
            body: 按期召开支部党员大会、支部委员会和党小组会，按规定认真上好党课。
          - id: c-2
            genre: plan
            lead: 抓好队伍建设
            body: 坚持防微社渐，把纪律挺在前面，抓好党员队伍建设。
        """,
}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def repo(tmp_path):
    return write_library(tmp_path / "repo", FILES)


@pytest.fixture
def rendered(monkeypatch):
    """The files lint renders (rather than reads from the cache), by name, in a serial run."""
    names: list[str] = []
    real = workers.render_files

    def spy(files, ctx):
        for snippets in files:
            names.extend(sorted({s.origin.path.rsplit("/", 1)[-1] for s in snippets if s.origin}))
        return real(files, ctx)

    monkeypatch.setattr(workers, "render_files", spy)
    return names


def shown(report) -> list[tuple]:
    return [(p.code, p.severity, str(p)) for p in report.problems]


def test_a_warm_run_reports_what_the_cold_one_did_without_rendering_again(repo, cache, rendered):
    cold = shown(lint(repo))
    assert sorted(rendered) == sorted(FILES)
    assert {"halfwidth-punctuation", "stale-reference", "placeholder", "typo", "near-duplicate"} <= \
        {code for code, _, _ in cold}
    rendered.clear()
    assert shown(lint(repo)) == cold
    assert rendered == []  # every file from the cache
    with pytest.MonkeyPatch.context() as m:
        m.setenv("DRAFT_CACHE_DIR", "off")
        assert shown(lint(repo)) == cold


def test_a_changed_file_is_linted_again_and_the_others_come_from_the_cache(repo, cache, rendered):
    lint(repo)
    rendered.clear()
    path = repo / "甲.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("上好党课。", "上好党课，某某同志负责。"),
                    encoding="utf-8")
    warm = lint(repo)
    assert rendered == ["甲.yaml"]
    new = [p for p in warm.problems if p.code == "placeholder" and p.path.endswith("甲.yaml")]
    assert new and "某某" in str(new[0])
    assert shown(warm) == shown(_cold(repo))


def _cold(repo):
    with pytest.MonkeyPatch.context() as m:
        m.setenv("DRAFT_CACHE_DIR", "off")
        return lint(repo)


def test_a_change_to_the_calendar_renders_every_file_again(repo, cache, rendered):
    lint(repo)
    rendered.clear()
    (repo / "日历.yaml").write_text("calendar:\n  anniversaries:\n    - name: 建市\n      base: 1983\n"
                                   "      text: 建市{n}周年\n", encoding="utf-8")
    warm = shown(lint(repo))
    assert sorted(rendered) == sorted(FILES)  # (the calendar file has no snippet to render)
    assert warm == shown(_cold(repo))


def test_a_corrupt_or_tampered_cache_is_a_miss(repo, cache, rendered):
    cold = shown(lint(repo))
    [entry] = cache.glob("lint-*.json")
    envelope = json.loads(entry.read_text(encoding="utf-8"))
    # Another message type in one file's entry, garbage for the near-duplicates.
    path, entry_data = next((path, data) for path, data in envelope["data"]["files"].items()
                            if any(result and result[1] for result in data[1]))
    finding = next(result[1][0] for result in entry_data[1] if result and result[1])
    finding[2] = 12  # the message
    envelope["data"]["near"] = {"masks": {"x": "not hex"}, "pairs": [["x", "y", "z"]]}
    entry.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    rendered.clear()
    assert shown(lint(repo)) == cold
    assert rendered == [path.rsplit("/", 1)[-1]]
    for garbage in (b"", b"\x00\xff not json", b'{"format": 2, "kind": "lint"}', b"[" * 100000):
        entry.write_bytes(garbage)
        assert shown(lint(repo)) == cold


def test_workers_report_what_one_process_does(repo, cache):
    serial = shown(_cold(repo))
    with pytest.MonkeyPatch.context() as m:
        m.setenv("DRAFT_CACHE_DIR", "off")
        assert shown(lint(repo, jobs=2)) == serial
    assert shown(lint(repo, jobs=2)) == serial  # parsed and rendered in workers, cached
    assert shown(lint(repo, jobs=2)) == serial  # from the cache


def test_near_duplicates_found_incrementally_are_those_of_a_full_search():
    from drafting.library import load_library

    snippets = list(load_library().snippets.values())
    full, state = dupes.near_pairs(snippets, None)
    assert full == snippet_pairs(snippets)
    rng = random.Random(7)
    for count in (1, 5, 40):
        # texts not seen before: those whose masks (and pairs) the cache lacks
        forgotten = set(rng.sample(sorted(state["masks"]), count))
        partial = {"masks": {fp: m for fp, m in state["masks"].items() if fp not in forgotten},
                   "pairs": [p for p in state["pairs"] if not forgotten & {p[0], p[1]}]}
        assert dupes.near_pairs(snippets, partial)[0] == full


def _git(folder, *args):
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=测试", "-c", "user.email=t@example.invalid", *args],
                   check=True, capture_output=True)


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_changed_lints_the_changed_file_and_checks_it_against_the_rest(repo, cache, rendered, capsys):
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "素材")
    assert main(["snippets", "lint", str(repo), "--changed"]) == 0
    assert "没有改动过的素材文件" in capsys.readouterr().out
    # 丙 (changed, the first file) now defines a-2 as well, which 甲 (unchanged, later) defines:
    # the duplicate is reported at 甲.
    path = repo / "丙.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - id: a-2\n    genre: plan\n    lead: 新的一条\n"
                    "    body: 组织开展主题党日活动，每月固定一天。\n", encoding="utf-8")
    rendered.clear()
    assert main(["snippets", "lint", str(repo), "--changed", "--json", "-j", "1"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert rendered == ["丙.yaml"]
    assert data["files"] == 1 and data["snippets"] == 3
    found = {(p["path"].rsplit("/", 1)[-1], p["code"]) for p in data["problems"]}
    assert ("甲.yaml", "duplicate-id") in found
    assert ("丙.yaml", "typo") in found
    # 乙 and the rest of 甲 did not change: their problems are not reported
    assert not [p for p in data["problems"] if p["path"].endswith("乙.yaml")]
    assert ("甲.yaml", "halfwidth-punctuation") not in found
    # the duplicate is what a lint of everything says about it
    full = [p.to_json() for p in lint(repo).problems if p.code == "duplicate-id"]
    assert [p for p in data["problems"] if p["code"] == "duplicate-id"] == full
    # a new file counts as changed too, and so does a staged one
    (repo / "丁.yaml").write_text("category: 组织建设\nsnippets:\n  - id: d-1\n    genre: speech\n"
                                  "    body: 今年要抓好××工作。\n", encoding="utf-8")
    assert main(["snippets", "lint", str(repo), "--changed", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["files"] == 2
    assert {p["path"].rsplit("/", 1)[-1] for p in data["problems"]} == {"甲.yaml", "丙.yaml", "丁.yaml"}
    _git(repo, "add", "-A")
    assert main(["snippets", "lint", str(repo), "--changed", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["files"] == 2


def test_file_arguments_report_on_those_files_only(repo, cache, capsys):
    assert main(["snippets", "lint", str(repo), str(repo / "乙.yaml"), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["files"] == 1
    assert {p["path"].rsplit("/", 1)[-1] for p in data["problems"]} == {"乙.yaml"}
    assert [p for p in data["problems"]] == [p.to_json() for p in lint(repo).problems if p.path.endswith("乙.yaml")]


def test_changed_outside_a_git_checkout_or_without_git(repo, cache, capsys, monkeypatch):
    if shutil.which("git") is not None:
        assert main(["snippets", "lint", str(repo), "--changed"]) == 2
        err = capsys.readouterr().err
        assert "不在 git 仓库中" in err and str(repo) in err and "Traceback" not in err
    monkeypatch.setenv("PATH", "")
    assert main(["snippets", "lint", str(repo), "--changed"]) == 2
    assert "找不到 git 命令" in capsys.readouterr().err


# -- the lint index: files lint does not render are read in their light form -----------------


@pytest.fixture
def decoded(monkeypatch):
    """The files decoded in full from the parse cache (rather than from the lint index), by name."""
    import drafting.cache as cache_module

    names: list[str] = []
    real = cache_module.parse_files

    def spy(folder, files, parse, on_error=None, **kwargs):
        names.extend(f.name for f in files)
        return real(folder, files, parse, on_error, **kwargs)

    monkeypatch.setattr("drafting.lint.parse_files", spy)
    return names


def _edit(repo, name: str, old: str, new: str) -> None:
    path = repo / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_run_on_one_file_reads_the_others_light_and_reports_what_a_full_lint_does(repo, cache, decoded):
    lint(repo)
    assert sorted(decoded) == sorted(FILES)  # the first run decodes everything, and writes the index
    decoded.clear()
    # a-1 is edited, still a near-duplicate of c-1 in 丙, which is not decoded: its text comes from the
    # index's texts file only because the new text of a-1 may be similar to it
    _edit(repo, "甲.yaml", "按规定上好党课。", "按规定上好党课和团课。")
    only = lint(repo, only=[repo / "甲.yaml"])
    assert decoded == ["甲.yaml"]
    [near] = [p for p in only.problems if p.code == "near-duplicate"]
    assert "“a-1”与“c-1”" in str(near) and near.also[0].endswith("丙.yaml")
    full = _cold(repo)
    assert shown(only) == [s for s, p in zip(shown(full), full.problems)
                           if p.path.endswith("甲.yaml") or any(a.endswith("甲.yaml") for a in p.also)
                           or p.code == "reference"]
    decoded.clear()
    assert shown(lint(repo)) == shown(full)  # a warm run over everything: 甲 rendered, the rest light
    assert decoded == ["甲.yaml"]


def test_a_damaged_index_or_texts_file_costs_time_never_a_wrong_result(repo, cache, decoded, rendered):
    lint(repo)
    [index] = cache.glob("lintindex-*[0-9a-f].json")
    [texts] = cache.glob("lintindex-*-texts.json")
    _edit(repo, "甲.yaml", "按规定上好党课。", "按规定上好党课和团课。")
    expected = shown(_cold(repo))
    # the texts file gone: the light files' texts come from their full parse, when one is needed
    texts.unlink()
    decoded.clear()
    assert shown(lint(repo)) == expected
    assert decoded[0] == "甲.yaml" and sorted(decoded[1:]) == sorted(["乙.yaml", "丙.yaml"])
    # an entry of another shape, values of the wrong type, garbage: misses, decoded in full
    envelope = json.loads(index.read_text(encoding="utf-8"))
    entries = envelope["data"]
    key = next(k for k in entries if k.endswith("丙.yaml"))
    entries[key][2][0][0] = 7  # an id that is not a text
    other = next(k for k in entries if k.endswith("乙.yaml"))
    entries[other][3] = "not a list"
    index.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    decoded.clear()
    assert shown(lint(repo)) == expected
    assert sorted(decoded) == sorted(FILES)
    for garbage in (b"", b"\x00\xff not json", b'{"format": 2, "kind": "lintindex"}', b"[" * 100000):
        index.write_bytes(garbage)
        assert shown(lint(repo)) == expected
    # a light file is never rendered: a new calendar renders every file again, in full
    lint(repo)
    rendered.clear()
    (repo / "日历.yaml").write_text("calendar:\n  anniversaries:\n    - name: 建市\n      base: 1983\n"
                                   "      text: 建市{n}周年\n", encoding="utf-8")
    warm = shown(lint(repo))
    assert sorted(rendered) == sorted(FILES)
    assert warm == shown(_cold(repo))
