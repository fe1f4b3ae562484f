"""Chinese text to terms, offline: jieba's words (with the local words of citizens' matters in
words.txt, so 加装电梯 stays one term) and the character pairs of every run of Chinese characters
(so a word jieba splits oddly, or writes wrong, still meets its neighbours).

jieba's dictionary (some 580,000 entries with every prefix) costs a second of CPU to load, and one
`liaison cases suggest` reads a few hundred of them. So the dictionary, with words.txt added, is
kept once in an SQLite file of this user's private cache folder (never the shared temporary folder;
jieba's own cache, read back with marshal, is kept there too), and a process reads from it only the
entries its texts ask for — exactly the lookups jieba makes, so the words are the same. A process
that has cut many texts (learning a city's history) loads the whole dictionary once instead. Nothing is downloaded."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
import threading
import unicodedata
from contextlib import closing
from functools import lru_cache
from pathlib import Path

import jieba

from ..core.private_dir import private_dir

WORDS = Path(__file__).with_name("words.txt")
HAN = re.compile(r"[\u4e00-\u9fff]+")
# Words that say nothing about the matter: function words and the politeness of every opinion.
STOPWORDS = frozenset("""的 了 是 在 和 有 我 我们 你 你们 他 他们 她 它 这 那 这个 那个 就 都 也 还 又 很 太 把 被 给
让 对 向 从 到 为 为了 与 及 或 等 着 过 吗 呢 吧 啊 呀 一 一个 一下 不 没 没有 能 能否 可以 可 要 想 会 请 请求 希望
建议 反映 问题 情况 有关 相关 部门 尽快 一直 已经 现在 今年 去年 每天 每次 什么 怎么 怎么办 如何 哪 谁 多 少 好 个
之 其 该 此 里 上 下 中 后 前 时 时候 说 看 来 去 做 得 地 么 嘛 啦 呗 而且 但是 但 因为 所以 如果 然后 还是 还有
只 只能 才 再 更 最 非常 特别 比较 一些 有些 几 几个 好几 半 又 让 使 帮 帮助 帮忙 一点 出来 起来 知道 不知道""".split())

# The politeness and filler of almost every opinion ("请尽快…", "希望…"): two unrelated opinions share
# them, so finding the same matter leaves them out (measured: an unrelated 「…请尽快修补」 outranked
# the same street light told otherwise).
FILLER = re.compile("请尽快|尽快|希望|请求|建议|反映|问题|麻烦|帮忙|一下|能不能|能否|是否|请|了|的|吧|啊|呀|吗")

logging.getLogger("jieba").setLevel(logging.WARNING)   # its "Building prefix dict…" lines are not the staff's business


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    """The whole dictionary in memory (about a second), with the local words."""
    t = jieba.Tokenizer()
    t.tmp_dir = str(private_dir("jieba"))
    t.load_userdict(str(WORDS))
    return t


def _store_path() -> Path:
    """The dictionary file for this jieba and this words.txt (a new one when either changes)."""
    key = hashlib.sha256(jieba.__version__.encode() + WORDS.read_bytes()).hexdigest()[:16]
    return private_dir("jieba") / f"words-{key}.sqlite3"


def _build_store(path: Path) -> None:
    """Write the whole dictionary aside, then rename: a reader never sees half a file."""
    t = _tokenizer()
    t.check_initialized()
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(partial)) as c:
        c.execute("CREATE TABLE word (w TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
        c.execute("CREATE TABLE total (n INTEGER NOT NULL)")
        c.executemany("INSERT INTO word VALUES (?, ?)", t.FREQ.items())
        c.execute("INSERT INTO total VALUES (?)", (t.total,))
        c.commit()
    partial.chmod(0o600)
    os.replace(partial, path)


class _StoredWords(dict):
    """The part of jieba's FREQ that the texts cut so far asked for, read from the dictionary file.
    jieba looks up each fragment starting at a position, longer and longer while the fragment is a
    prefix of some word; `fetch` reads those fragments, a length at a time, before a text is cut."""

    def __init__(self, path: Path):
        super().__init__()
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._absent: set[str] = set()
        self.total = self._db.execute("SELECT n FROM total").fetchone()[0]

    def _read(self, fragments: set[str]) -> None:
        wanted = [f for f in fragments if not dict.__contains__(self, f) and f not in self._absent]
        if not wanted:
            return
        with self._lock:
            found = dict(self._db.execute("SELECT w, n FROM word WHERE w IN (SELECT value FROM json_each(?))",
                                          (json.dumps(wanted),)).fetchall())
        self.update(found)
        self._absent.update(f for f in wanted if f not in found)

    def fetch(self, text: str) -> None:
        starts = range(len(text))
        length = 1
        while starts:
            self._read({text[k:k + length] for k in starts})
            starts = [k for k in starts if k + length < len(text) and dict.__contains__(self, text[k:k + length])]
            length += 1

    def __contains__(self, fragment) -> bool:
        if not dict.__contains__(self, fragment) and fragment not in self._absent:
            self._read({fragment})
        return dict.__contains__(self, fragment)

    def __getitem__(self, fragment):
        return self.get(fragment)

    def get(self, fragment, default=None):
        return dict.get(self, fragment, default) if self.__contains__(fragment) else default


@lru_cache(maxsize=1)
def _stored_words() -> _StoredWords:
    path = _store_path()
    if not path.exists():
        _build_store(path)
    return _StoredWords(path)


_whole = threading.Event()        # set once a process has cut many texts: the whole dictionary is loaded
WHOLE_AFTER = 5000                # texts; past this, reading entry by entry costs more than loading all (measured)
_cut = iter(range(WHOLE_AFTER))


def load_whole_dictionary() -> None:
    """Load the whole dictionary into this process (for a caller about to cut many texts)."""
    _tokenizer().check_initialized()
    _whole.set()


def _cutter(text: str) -> jieba.Tokenizer:
    """The whole-dictionary tokenizer once loaded, else a light one over the stored words."""
    if _whole.is_set() or next(_cut, None) is None:
        load_whole_dictionary()
        return _tokenizer()
    return _stored_cutter(text)


def _stored_cutter(text: str) -> jieba.Tokenizer:
    """A tokenizer over the stored words, with the entries `text` needs read first."""
    stored = _stored_words()
    stored.fetch(text)
    t = jieba.Tokenizer()
    t.FREQ, t.total, t.initialized = stored, stored.total, True
    return t


def commonness(word: str) -> int:
    """How common the word is in jieba's dictionary (0 if it is not there): a matter is named by its
    most specific word (圩堤, not 出现). Not part-of-speech tags: jieba.posseg's tables cost every
    staff kernel some 50 MB."""
    freq = _tokenizer().FREQ if _whole.is_set() else _stored_words()
    return freq.get(word, 0) or 0


def normalise(text: str) -> str:
    """Full-width to half-width, one case, no control characters."""
    return unicodedata.normalize("NFKC", text or "").lower()


def words(text: str) -> list[str]:
    """jieba's words of two or more characters that are not stop words, in order (the hot-topic terms)."""
    text = normalise(text)
    return [w for w in _cutter(text).lcut(text, HMM=False)
            if len(w) > 1 and w not in STOPWORDS and not w.isdigit() and not w.isspace() and HAN.search(w)]


def terms(text: str) -> list[str]:
    """What the models read: the words, and the character pairs of the text (prefixed, so a pair
    and a two-character word of the same characters stay two features)."""
    text = normalise(text)
    pairs = [f"~{run[i:i + 2]}" for run in HAN.findall(text) for i in range(len(run) - 1)]
    return words(text) + pairs
