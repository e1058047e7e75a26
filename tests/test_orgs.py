"""The organisations file of draft batch: validated at the edge, errors with file and line."""

from __future__ import annotations

import textwrap

import pytest

from drafting.errors import DataError
from drafting.orgs import load_orgs


def write(tmp_path, text: str):
    path = tmp_path / "orgs.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_orgs_with_defaults_and_libraries(tmp_path):
    (tmp_path / "统计局素材").mkdir()
    orgs = load_orgs(write(tmp_path, """
        superior: 市直机关工委
        orgs:
          - name: 市发展改革委
            short: 发改委
            speaker: 张三
          - name: 市统计局
            superior: 市委办公室
            library: 统计局素材
        """))
    assert [o.name for o in orgs] == ["市发展改革委", "市统计局"]
    assert orgs[0].short == "发改委" and orgs[0].superior == "市直机关工委"
    assert orgs[1].superior == "市委办公室" and orgs[1].libraries == (tmp_path / "统计局素材",)
    assert orgs[1].origin.line == 6


@pytest.mark.parametrize("text, line, words", [
    ("orgs:\n  - name: 甲\n    shortname: 甲\n", 3, "未知的键“shortname”"),
    ("orgs:\n  - short: 甲\n", 2, "缺少名称"),
    ("orgs:\n  - name: 甲\n  - name: 乙\n  - name: 甲\n", 4, "单位“甲”重复，已在第 2 行列出"),
    ("orgs:\n  - name: 甲\n    library: 没有这个目录\n", 3, "素材库目录不存在"),
    ("orgs:\n  - name: 甲\n    library: orgs.yaml\n", 3, "素材库应当是文件夹，这是一个文件"),
    ("orgs: []\n", 1, "orgs 是空的"),
    ("superior: 工委\n", 1, "缺少“orgs”"),
    ("orgs:\n  - name: 甲\n  - name: [乙\n", 3, "YAML 格式错误：这一行的方括号"),
])
def test_bad_orgs_file_names_the_line(tmp_path, text, line, words):
    path = tmp_path / "orgs.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_orgs(path)
    assert info.value.path == str(path) and info.value.line == line
    assert words in info.value.message
