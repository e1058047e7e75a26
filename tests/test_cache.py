"""The library parse cache: reused when nothing changed, never hiding an edit or an error."""


import pytest

from drafting import library
from drafting.errors import DataError
from drafting.library import load_library

from helpers import plan_item, write_library


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


def test_an_edited_file_is_read_again(tmp_path, counted):
    folder = make(tmp_path)
    load_library([folder], bundled_first=False)
    counted.clear()
    target = folder / "a.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("第一版", "第二版了"), encoding="utf-8")
    lib = load_library([folder], bundled_first=False)
    assert counted == ["a.yaml"]
    assert lib.get("c1").body == "第二版了。"


def test_errors_are_never_cached(tmp_path, counted):
    folder = make(tmp_path)
    load_library([folder], bundled_first=False)
    (folder / "a.yaml").write_text("category: 测试\nsnippets:\n  - id: c1\n    oops: 1\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError) as info:
            load_library([folder], bundled_first=False)
        assert info.value.line == 4


def test_a_damaged_cache_is_rebuilt(tmp_path, counted):
    folder = make(tmp_path)
    load_library([folder], bundled_first=False)
    for f in (tmp_path / "cache").iterdir():
        f.write_bytes(b"not a pickle")
    counted.clear()
    assert load_library([folder], bundled_first=False).get("c2") is not None
    assert sorted(counted) == ["a.yaml", "b.yaml"]


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


def test_a_new_version_of_the_code_removes_the_old_cache_of_the_folder(tmp_path, counted, monkeypatch):
    from drafting import cache

    folder = make(tmp_path)
    other = write_library(tmp_path / "other", {"c.yaml": {"category": "测试", "snippets": [plan_item("c3", "三", "三。")]}})
    load_library([folder], bundled_first=False)
    load_library([other], bundled_first=False)
    before = sorted(p.name for p in (tmp_path / "cache").glob("library-*.pickle"))
    assert len(before) == 2
    monkeypatch.setattr(cache, "_code_signature", lambda: "a newer version")
    load_library([folder], bundled_first=False)
    after = sorted(p.name for p in (tmp_path / "cache").glob("library-*.pickle"))
    assert len(after) == 2 and len(set(after) - set(before)) == 1  # the other folder's cache is left alone
