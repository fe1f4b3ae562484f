"""Chinese text to terms, offline: jieba's words (with the local words of citizens' matters in
words.txt, so 加装电梯 stays one term) and the character pairs of every run of Chinese characters
(so a word jieba splits oddly, or writes wrong, still meets its neighbours).

One tokenizer per process, its dictionary loaded on first use (about a second); jieba keeps its
cache (read back with marshal) in this user's private cache folder, never the shared temporary
folder, and downloads nothing."""
from __future__ import annotations

import logging
import re
import unicodedata
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
    t = jieba.Tokenizer()
    t.tmp_dir = str(private_dir("jieba"))
    t.load_userdict(str(WORDS))
    return t


def commonness(word: str) -> int:
    """How common the word is in jieba's dictionary (0 if it is not there): a matter is named by its
    most specific word (圩堤, not 出现). Not part-of-speech tags: jieba.posseg's tables cost every
    staff kernel some 50 MB."""
    t = _tokenizer()
    t.check_initialized()
    return t.FREQ.get(word, 0)


def normalise(text: str) -> str:
    """Full-width to half-width, one case, no control characters."""
    return unicodedata.normalize("NFKC", text or "").lower()


def words(text: str) -> list[str]:
    """jieba's words of two or more characters that are not stop words, in order (the hot-topic terms)."""
    return [w for w in _tokenizer().lcut(normalise(text), HMM=False)
            if len(w) > 1 and w not in STOPWORDS and not w.isdigit() and not w.isspace() and HAN.search(w)]


def terms(text: str) -> list[str]:
    """What the models read: the words, and the character pairs of the text (prefixed, so a pair
    and a two-character word of the same characters stay two features)."""
    text = normalise(text)
    pairs = [f"~{run[i:i + 2]}" for run in HAN.findall(text) for i in range(len(run) - 1)]
    return words(text) + pairs
