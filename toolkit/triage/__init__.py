"""Smart triage (智能分类与分析研判): category and unit suggested from an opinion's text, similar
open cases found (可能重复), and the month's rising topics per county (热点). Learned from the
city's own history, offline; suggestions only, always confirmed by a person.

Learning itself is `toolkit.triage.learn.learn` (it needs scikit-learn, which a staff page's kernel
never loads)."""
from .advice import Advice, advise
from .history import TooLittleHistory, needs_learning
from .hot import hot_topics
from .suggest import Suggestion, current_model, suggest

__all__ = ["Advice", "advise", "hot_topics", "needs_learning", "TooLittleHistory", "Suggestion", "current_model", "suggest"]
