"""Smart triage (智能分类与分析研判): category and unit suggested from an opinion's text, similar
open cases found (可能重复), earlier 代表建议 like a new one, and the month's rising topics per county (热点). Learned from the
city's own history, offline; suggestions only, always confirmed by a person.

Learning itself is `toolkit.triage.learn.learn` (it needs scikit-learn, which a staff page's kernel
never loads); the names below load their module on first use, so a suggestion loads neither
scikit-learn nor pandas."""
from ..core.lazy import lazy_exports

# The services a caller needs, by the module that holds them (loaded on first use).
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "advice": ["Advice", "advise"],
    "history": ["TooLittleHistory", "needs_learning"],
    "hot": ["hot_topics"],
    "suggestions": ["Suggestion", "current_model", "suggest"],
    "earlier_suggestions": ["similar_suggestions"],
})
