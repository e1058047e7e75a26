"""The cache folder: reused when nothing changed, never hiding an edit or an error, never trusted.

Every kind of cache file (library, search index, jieba dictionary, jieba cuts) is
damaged in every way (garbage bytes, a crafted pickle, the right envelope with data
of the wrong shape, another entry's data): the command still gives the right
output, rebuilds the entry, and the crafted payload never runs.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import pickle
import shutil
import sys
from pathlib import Path

import pytest

from drafting import cache, library, sandbox, search, segment
from drafting.cli import main
from drafting.errors import DataError
from drafting.library import load_library
from drafting.resources import bundled

from helpers import docx_text, plan_item, write_library


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """Count real parses; the cache lives in a folder of this test."""
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    real = library.parse_file

    def parse(path):
        calls.append(path.name)
        return real(path)

    monkeypatch.setattr(library, "parse_file", parse)
    return calls


def make(tmp_path, body="第一版。"):
    return write_library(tmp_path / "lib", {
        "a.yaml": {"category": "测试", "snippets": [plan_item("c1", "条目", body)]},
        "b.yaml": {"category": "测试", "snippets": [plan_item("c2", "条目二", "不变。")]},
    })


def test_unchanged_files_are_not_parsed_again(tmp_path, counted):
    folder = make(tmp_path)
    first = load_library([folder], bundled_first=False)
    assert sorted(counted) == ["a.yaml", "b.yaml"]
    counted.clear()
    second = load_library([folder], bundled_first=False)
    assert counted == []
    assert second.snippets == first.snippets


def test_the_bundled_library_reads_back_exactly_as_parsed(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(tmp_path))
    folder = bundled("snippets")
    parsed = [library.parse_file(p) for p in library.library_files(folder)]
    assert cache.parse_files(folder, library.library_files(folder), library.parse_file) == parsed
    # the second time every file comes from the cache, rebuilt from plain data
    assert cache.parse_files(folder, library.library_files(folder), _never) == parsed


def _never(path):
    raise AssertionError(f"parsed again: {path}")


def test_an_edited_file_is_read_again(tmp_path, counted):
    folder = make(tmp_path)
    load_library([folder], bundled_first=False)
    counted.clear()
    target = folder / "a.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("第一版", "第二版了"), encoding="utf-8")
    lib = load_library([folder], bundled_first=False)
    assert counted == ["a.yaml"]
    assert lib.get("c1").body == "第二版了。"


def test_an_edit_keeping_size_and_time_is_seen(tmp_path, counted):
    folder = make(tmp_path)
    load_library([folder], bundled_first=False)
    target = folder / "a.yaml"
    st = target.stat()
    target.write_text(target.read_text(encoding="utf-8").replace("第一版", "第九版"), encoding="utf-8")
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))  # as a copy tool or a coarse clock leaves it
    assert load_library([folder], bundled_first=False).get("c1").body == "第九版。"


def test_errors_are_never_cached(tmp_path, counted):
    folder = make(tmp_path)
    load_library([folder], bundled_first=False)
    (folder / "a.yaml").write_text("category: 测试\nsnippets:\n  - id: c1\n    oops: 1\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError) as info:
            load_library([folder], bundled_first=False)
        assert info.value.line == 4


def test_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFT_CACHE_DIR", "off")
    folder = make(tmp_path)
    assert load_library([folder], bundled_first=False).get("c1") is not None
    assert not (tmp_path / "cache").exists()


def test_duplicate_ids_are_found_from_cached_files_too(tmp_path, counted):
    folder = make(tmp_path)
    load_library([folder], bundled_first=False)
    (folder / "c.yaml").write_text("category: 测试\nsnippets:\n  - {id: c2, genre: plan, lead: 又, body: 重复。}\n",
                                   encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_library([folder], bundled_first=False)
    assert info.value.path.endswith("c.yaml") and info.value.line == 3 and "b.yaml" in info.value.message


def test_unreadable_cache_folder_is_no_obstacle(tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(blocker / "cache"))
    assert load_library([make(tmp_path)], bundled_first=False).get("c1") is not None


def test_a_new_version_of_the_code_replaces_the_entry_of_the_folder(tmp_path, counted, monkeypatch):
    folder = make(tmp_path)
    other = write_library(tmp_path / "other", {"c.yaml": {"category": "测试", "snippets": [plan_item("c3", "三", "三。")]}})
    load_library([folder], bundled_first=False)
    load_library([other], bundled_first=False)
    before = sorted(p.name for p in (tmp_path / "cache").glob("library-*.json"))
    assert len(before) == 2
    monkeypatch.setattr(cache, "_code_signature", lambda: "a newer version")
    counted.clear()
    load_library([folder], bundled_first=False)
    assert sorted(counted) == ["a.yaml", "b.yaml"]  # the old entry is not used …
    assert sorted(p.name for p in (tmp_path / "cache").glob("library-*.json")) == before  # … but replaced
    counted.clear()
    load_library([folder], bundled_first=False)
    assert counted == []


def test_an_entry_holding_another_files_result_is_parsed_again(tmp_path, counted):
    folder = make(tmp_path)
    load_library([folder], bundled_first=False)
    (path,) = (tmp_path / "cache").glob("library-*.json")
    envelope = json.loads(path.read_text(encoding="utf-8"))
    files = envelope["data"]
    a, b = (next(k for k in files if k.endswith(name)) for name in ("a.yaml", "b.yaml"))
    files[a], files[b] = files[b], files[a]  # each file's entry holds the other file's checksum and snippets
    path.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    counted.clear()
    lib = load_library([folder], bundled_first=False)
    assert sorted(counted) == ["a.yaml", "b.yaml"]
    assert lib.get("c1").body == "第一版。" and lib.get("c1").origin.path.endswith("a.yaml")


# -- every kind of cache file, damaged every way ---------------------------------------


def crafted_pickle(marker: Path) -> bytes:
    """A pickle that creates ``marker`` when it is loaded: what an attacker would leave in the cache."""

    class Payload:
        def __reduce__(self):
            return open, (str(marker), "w")

    return pickle.dumps(Payload())


def test_the_crafted_pickle_would_run(tmp_path):
    # The payload the tests below leave in the cache is live: loading it creates the marker.
    marker = tmp_path / "ran"
    pickle.loads(crafted_pickle(marker)).close()
    assert marker.exists()


def _swapped(value):
    """The same data with every text a number and every number a text: the wrong shape everywhere."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return [_swapped(v) for v in value]
    return {k: _swapped(v) for k, v in value.items()}


def damage(path: Path, how: str, other: bytes, marker: Path, kind: str) -> None:
    """Damage one cache file: garbage, a crafted pickle, the wrong shape, or another entry's data."""
    if how == "garbage":
        path.write_bytes(bytes(range(256)) * 4)
    elif how == "pickle":
        path.write_bytes(crafted_pickle(marker))
    elif how == "shape":
        envelope = json.loads(path.read_bytes())
        data = envelope["data"]  # format, kind, key and checksums all stay right
        if kind == "library":  # each file's checksum, and the parsed content of the wrong shape
            envelope["data"] = {name: [checksum, _swapped(value)] for name, (checksum, value) in data.items()}
        else:
            envelope["data"] = _swapped(data)
        path.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    elif how == "other":
        path.write_bytes(other)
    else:
        raise ValueError(how)


@pytest.fixture(scope="module")
def small_dictionary(tmp_path_factory):
    """jieba's common words only: a dictionary built in milliseconds, so each test can build its own."""
    source = segment._dict_path(segment._import_jieba())
    path = tmp_path_factory.mktemp("jieba") / "dict.txt"
    with open(source, encoding="utf-8") as fh:
        path.write_text("".join(line for line in fh if int(line.split(" ", 2)[1]) >= 3000), encoding="utf-8")
    return path


def _fresh_segmentation():
    for cached in (segment._base, segment._dictionary_id):
        cached.cache_clear()
    segment._segmenters.clear()


@pytest.fixture
def cache_dir(tmp_path, monkeypatch, small_dictionary):
    root = tmp_path / "cache"
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(root))
    monkeypatch.setattr(segment, "_dict_path", lambda jieba_module: small_dictionary)
    _fresh_segmentation()
    yield root
    monkeypatch.undo()
    _fresh_segmentation()


def _new_file(root: Path, pattern: str, before: set[Path]) -> Path:
    (found,) = set(root.glob(pattern)) - before
    return found


UNIT = {"纪律建设.yaml": {"category": "纪律建设", "snippets": [
    plan_item("jl-home", "开展廉政家访", "组织党员干部家属参加廉政家访活动，筑牢家庭防线。", tags=["廉政家访"]),
]}}
TEXTS = ["各支部要认真落实三会一课制度", "经常开展谈心谈话"]


def _plan_kind(tmp_path, root, capsys):
    out = tmp_path / "plan.docx"
    args = ["plan", "--year", "2026", "--org", "市审计局", "--date", "2026-01-10", "-o", str(out), "--force"]

    def run():
        assert main(args) == 0
        return docx_text(out)

    before = set(root.glob("library-*.json"))
    expected = run()
    assert "2026年市审计局党的建设工作要点" in expected
    path = _new_file(root, "library-*.json", before)
    other = write_library(tmp_path / "other", UNIT)
    before = set(root.glob("library-*.json"))
    load_library([other], bundled_first=False)
    return path, _new_file(root, "library-*.json", before).read_bytes(), run, expected


def _search_kind(tmp_path, root, capsys):
    unit = write_library(tmp_path / "unit", UNIT)

    def run(folder=unit):
        capsys.readouterr()
        assert main(["snippets", "search", "廉政家访", "--library", str(folder), "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    expected = run()
    assert expected["results"][0]["id"] == "jl-home"
    (path,) = root.glob("search-*.json")
    run(write_library(tmp_path / "unit2", {"a.yaml": UNIT["纪律建设.yaml"]}))  # another library, another index
    return path, _new_file(root, "search-*.json", {path}).read_bytes(), run, expected


def _dictionary_kind(tmp_path, root, capsys):
    def run():
        segment._base.cache_clear()
        return segment.Segmenter(("三会一课",)).cut(TEXTS[0])

    expected = run()
    assert "三会一课" in expected
    (path,) = root.glob("jieba-*.json")
    # the dictionary of another min_freq: a valid entry, for another key
    other = segment._cache_file("jieba", segment._dictionary_id(50)[0])
    segment._store(other, *segment._dictionary_id(50), segment._build(segment._dict_path(segment._import_jieba()), 50))
    return path, other.read_bytes(), run, expected


def _cuts_kind(tmp_path, root, capsys):
    def run():
        return segment.Segmenter(("三会一课", "谈心谈话")).cut_many(TEXTS)

    expected = run()
    assert expected[1] == ("经常", "开展", "谈心谈话")
    (path,) = root.glob("cuts-*.json")
    segment.Segmenter(("三会",)).cut_many(TEXTS)  # other terms: other cuts
    return path, _new_file(root, "cuts-*.json", {path}).read_bytes(), run, expected


KINDS = {"library": _plan_kind, "search": _search_kind, "dictionary": _dictionary_kind, "cuts": _cuts_kind}


@pytest.mark.parametrize("how", ["garbage", "pickle", "shape", "other"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_cache_file_is_a_miss_rebuilt_and_never_runs_anything(kind, how, tmp_path, cache_dir, capsys):
    # jieba's common words only (``small_dictionary``): the same cuts on every run, built fast
    path, other, run, expected = KINDS[kind](tmp_path, cache_dir, capsys)
    good = json.loads(path.read_bytes())
    marker = tmp_path / "crafted-payload-ran"
    damage(path, how, other, marker, kind)
    assert run() == expected
    assert not marker.exists()
    rebuilt = json.loads(path.read_bytes())  # the entry is whole again
    assert (rebuilt["kind"], rebuilt["key"], rebuilt["source"]) == (good["kind"], good["key"], good["source"])
    assert run() == expected


def test_the_cache_holds_no_code_and_old_pickles_and_compiled_code_are_never_loaded(tmp_path, monkeypatch):
    """What earlier versions stored (pickles, marshalled template code) is crafted here: none of it runs."""
    root = tmp_path / "cache"
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(root))
    marker = tmp_path / "crafted-payload-ran"
    keys = []
    compile_ = sandbox.CachingSandbox.compile

    def spy(self, source, name=None, filename=None, raw=False, defer_init=False):
        # the key under which the earlier versions looked for this template's code
        import jinja2

        options = (jinja2.__version__, type(self).__qualname__, type(self).__module__, self.autoescape,
                   self.trim_blocks, self.lstrip_blocks, self.keep_trailing_newline, name, filename)
        if isinstance(source, str):
            keys.append(hashlib.sha1(repr(options).encode("utf-8") + source.encode("utf-8")).hexdigest())
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(sandbox.CachingSandbox, "compile", spy)
    out = tmp_path / "plan.docx"
    args = ["plan", "--year", "2026", "--org", "市审计局", "--date", "2026-01-10", "-o", str(out), "--force"]
    assert main(args) == 0
    expected = docx_text(out)
    assert keys and all(p.suffix == ".json" for p in root.rglob("*") if p.is_file())  # nothing but data

    shutil.rmtree(root)
    payload = marshal.dumps(compile(f"open({str(marker)!r}, 'w').close()", "<crafted>", "exec"))
    for key in keys:
        code_file = root / f"jinja-{sys.implementation.cache_tag}" / key[:2] / f"{key}.code"
        code_file.parent.mkdir(parents=True, exist_ok=True)
        code_file.write_bytes(payload)
    where = hashlib.sha1(str(bundled("snippets").resolve()).encode("utf-8")).hexdigest()[:12]
    for name in (f"library-{where}-0123456789ab.pickle", "search-0123456789abcdef0123.pickle",
                 "jieba-0123456789abcdef0123.pickle", "cuts-0123456789abcdef0123.pickle"):
        (root / name).write_bytes(crafted_pickle(marker))
    (root / "jinja-notes").mkdir()
    for mine in (root / "notes.pickle", root / "jinja-notes" / "a.code"):  # not the cache's: kept
        mine.write_bytes(b"the user's own")
    assert main(args) == 0
    assert docx_text(out) == expected
    assert not marker.exists()
    # what earlier versions left is removed (never read again), and nothing else
    assert sorted(p.name for p in root.glob("*.pickle")) == ["notes.pickle"]
    assert sorted(p.name for p in root.glob("jinja-*")) == ["jinja-notes"]
    assert (root / "jinja-notes" / "a.code").exists()


@pytest.fixture
def program_folder(tmp_path, monkeypatch):
    """The package folder compiled templates are kept in, moved into this test; compile calls counted."""
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_HERE", tmp_path / "drafting")
    monkeypatch.setattr(cache, "_code_signature_memo", [])
    calls = []
    original = sandbox.SandboxedEnvironment.compile

    def counting(self, *a, **kw):
        calls.append(1)
        return original(self, *a, **kw)

    monkeypatch.setattr(sandbox.SandboxedEnvironment, "compile", counting)
    return tmp_path / "drafting" / "__pycache__", calls


SOURCE = "{% for i in items %}{{ i }}、{% endfor %}"


def test_compiled_templates_are_kept_beside_the_program_never_in_the_cache_folder(program_folder, tmp_path):
    store, calls = program_folder
    env = sandbox.CachingSandbox()
    assert env.from_string(SOURCE).render(items=[1, 2]) == "1、2、"
    assert env.from_string(SOURCE).render(items=[3]) == "3、"
    assert calls == [1]  # once per process …
    assert sandbox.CachingSandbox().from_string(SOURCE).render(items=[4]) == "4、"
    assert calls == [1]  # … and once for every run after it
    assert len(list(store.rglob("*.code"))) == 1
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("how", ["garbage", "not code", "another template"])
def test_a_damaged_compiled_template_is_compiled_again(program_folder, how):
    store, calls = program_folder
    sandbox.CachingSandbox().from_string("{{ other }}").render(other=1)
    (other,) = store.rglob("*.code")
    sandbox.CachingSandbox().from_string(SOURCE).render(items=[1])
    (path,) = set(store.rglob("*.code")) - {other}
    header = path.read_bytes().split(b"\n", 2)
    if how == "garbage":
        path.write_bytes(bytes(range(256)))
    elif how == "not code":
        path.write_bytes(b"\n".join(header[:2]) + b"\n" + marshal.dumps(42))
    else:  # a valid entry, of another template: it would render the other template's text
        path.write_bytes(other.read_bytes())
    calls.clear()
    assert sandbox.CachingSandbox().from_string(SOURCE).render(items=[5, 6]) == "5、6、"
    assert calls == [1]


@pytest.mark.skipif(os.name != "posix", reason="permission bits")
def test_compiled_templates_in_a_folder_others_may_write_are_not_used(program_folder):
    store, calls = program_folder
    sandbox.CachingSandbox().from_string(SOURCE).render(items=[1])
    (folder,) = store.iterdir()
    folder.chmod(0o777)  # a careless umask: anyone could have put code there
    calls.clear()
    assert sandbox.CachingSandbox().from_string(SOURCE).render(items=[2]) == "2、"
    assert calls == [1]


def test_no_compiled_templates_are_kept_with_the_cache_off(program_folder, monkeypatch):
    store, calls = program_folder
    monkeypatch.setenv("DRAFT_CACHE_DIR", "off")
    assert sandbox.CachingSandbox().from_string(SOURCE).render(items=[1]) == "1、"
    assert not store.exists()


@pytest.mark.parametrize("data", [
    b"", b"[" * 100_000, b"\xff\xfe\x00\x80 not text", b'{"format": 2, "kind": "library", "key": "k", "data": NaN}',
    b'{"format": 1, "kind": "library", "key": "k", "source": "", "data": {}}', b'["a list"]',
])
def test_reading_never_raises(tmp_path, data):
    path = tmp_path / "entry.json"
    path.write_bytes(data)
    assert cache.read(path, "library", "k") is None
    assert cache.read(tmp_path / "missing.json", "library", "k") is None


def test_an_index_whose_postings_point_nowhere_or_weigh_nothing_is_refused(tmp_path, cache_dir):
    from array import array

    lib = load_library([write_library(tmp_path / "unit", UNIT)], bundled_first=False)
    index = search.build(lib, segment.Segmenter(("廉政家访",)))
    plain = json.loads(json.dumps(search._plain_index(index)))
    assert search._index_from_plain(plain).search(["廉政家访"])[0].id == "jl-home"
    for name, values in (("docs", array("I", [7] * len(index.docs))),
                         ("weights", array("f", [0.0] * len(index.weights))),
                         ("weights", array("f", [float("nan")] * len(index.weights))),
                         ("starts", array("I", reversed(index.starts)))):
        broken = {**plain, name: search._plain_array(values)}
        assert search._index_from_plain(broken) is None, name
    assert search._index_from_plain({**plain, "docs": "not base64!"}) is None
    assert search._index_from_plain({**plain, "rows": plain["rows"][:-1]}) is None


def test_every_module_of_the_library_package_shapes_the_cached_data():
    # the library is a package: a change to any of its modules must make old entries a miss
    from drafting import cache

    signature = cache._code_signature()
    modules = sorted(p.name for p in (Path(cache.__file__).parent / "library").glob("*.py"))
    assert modules and all(f"library/{name}:" in signature for name in modules)
