"""Word segmentation: domain terms stay whole; the dictionary is cached and loaded once."""

from __future__ import annotations

import pytest

from drafting import segment
from drafting.library import load_library


@pytest.fixture(scope="module")
def seg():
    lib = load_library()
    words = [w for cues in lib.keywords.values() for w in (*cues.heading, *cues.words)]
    return segment.segmenter(lib.terms + tuple(words))


TERMS = (
    "三会一课 两个维护 四个意识 四个自信 两个确立 第一议题 主题党日 组织生活会 民主生活会 中心组 "
    "八项规定 四风 形式主义 官僚主义 党风廉政 一岗双责 主体责任 监督责任 谈心谈话 述职评议 党建品牌 "
    "模范机关 清廉机关 职工之家 青年理论学习小组"
).split()


def test_bundled_library_has_the_domain_terms():
    assert set(TERMS) <= set(load_library().terms)
    assert len(load_library().terms) >= 30


@pytest.mark.parametrize(
    "text, term",
    [
        ("各支部要认真落实三会一课制度", "三会一课"),
        ("切实增强四个意识、坚定四个自信、做到两个维护", "两个维护"),
        ("深刻领悟两个确立的决定性意义", "两个确立"),
        ("坚持把第一议题制度落到实处", "第一议题"),
        ("每月固定开展主题党日活动", "主题党日"),
        ("年底前召开民主生活会和组织生活会", "组织生活会"),
        ("党组理论学习中心组全年集中学习十二次", "中心组"),
        ("严格执行中央八项规定精神", "八项规定"),
        ("驰而不息纠治四风问题", "四风"),
        ("坚决反对形式主义官僚主义", "官僚主义"),
        ("扎实推进党风廉政建设", "党风廉政"),
        ("领导干部要履行一岗双责", "一岗双责"),
        ("压实主体责任和监督责任", "监督责任"),
        ("经常开展谈心谈话", "谈心谈话"),
        ("组织党支部书记述职评议考核", "述职评议"),
        ("打造特色党建品牌", "党建品牌"),
        ("争创模范机关和清廉机关", "清廉机关"),
        ("建好职工之家", "职工之家"),
        ("成立青年理论学习小组", "青年理论学习小组"),
    ],
)
def test_domain_terms_stay_whole(seg, text, term):
    assert term in seg.cut(text)


def test_punctuation_is_dropped(seg):
    words = seg.cut("加强党建，（试行）“三会一课”。")
    assert "，" not in words and "“" not in words and "三会一课" in words


def test_dictionary_is_cached_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(tmp_path))
    jieba = segment._import_jieba()
    key, source = segment._dictionary_id(segment.MIN_FREQ)
    path = segment._cache_file("jieba", key)
    assert path is not None and path.parent == tmp_path
    built = segment._build(segment._dict_path(jieba), segment.MIN_FREQ)
    segment._store(path, key, source, built)
    assert segment._load(path, key, source) == built
    assert segment._load(path, key, "another word list") is None  # built from another source: a miss
    path.write_bytes(b"not json")
    assert segment._load(path, key, source) is None  # damaged: built again, never an error


def test_a_cached_dictionary_jieba_could_not_use_is_refused():
    assert segment.dictionary_from_plain({"freq": {"组织": 10, "组": 0}, "total": 100}) == ({"组织": 10, "组": 0}, 100)
    for bad in ({"freq": {"组织": -1}, "total": 100}, {"freq": {"组织": "10"}, "total": 100},
                {"freq": {"组织": 10}, "total": 0}, {"freq": [["组织", 10]], "total": 100}, ["组织"]):
        assert segment.dictionary_from_plain(bad) is None


def test_no_cache_folder_means_no_cache_file(monkeypatch):
    monkeypatch.setenv("DRAFT_CACHE_DIR", "off")
    assert segment._cache_file("jieba", segment._dictionary_id(segment.MIN_FREQ)[0]) is None


def test_kept_words_keep_their_full_dictionary_probability():
    jieba = segment._import_jieba()
    full_freq, full_total = segment._build(segment._dict_path(jieba), 1)
    freq, total = segment._base(segment.MIN_FREQ)
    assert total == full_total
    assert freq["组织"] == full_freq["组织"]
    assert len(freq) < len(full_freq)


def test_segmenter_is_made_once_per_term_set():
    assert segment.segmenter(("三会一课",)) is segment.segmenter(("三会一课",))


def test_a_corpus_is_cut_once_and_then_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(tmp_path))
    seg = segment.Segmenter(("三会一课", "谈心谈话"))
    texts = ["各支部要认真落实三会一课制度", "经常开展谈心谈话", "各支部要认真落实三会一课制度"]
    first = seg.cut_many(texts)
    assert first == [tuple(seg.cut(t)) for t in texts] and "三会一课" in first[0]
    (cached,) = tmp_path.glob("cuts-*.json")

    def no_cutting(text):
        raise AssertionError(f"cut again: {text}")

    seg.cut = no_cutting
    assert seg.cut_many(texts) == first  # from the cache file, nothing cut
    del seg.cut
    cached.write_bytes(b"not json")
    assert seg.cut_many(texts) == first  # damaged: cut again, never an error
    # Other terms cut differently: they get a cache of their own.
    segment.Segmenter(("三会一课",)).cut_many(texts)
    assert len(list(tmp_path.glob("cuts-*.json"))) == 2


def test_cutting_a_corpus_without_a_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFT_CACHE_DIR", "off")
    seg = segment.Segmenter(("三会一课",))
    assert seg.cut_many(["落实三会一课"]) == [tuple(seg.cut("落实三会一课"))]
