"""Charts as PNG images with Chinese labels, for report pages and PDFs alike.

The image carries its text, so a report shows Chinese properly wherever it is opened; the font is
the first CJK font found on the system (WenQuanYi Micro Hei, Noto Sans CJK)."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
RED = "#c62828"


@lru_cache(maxsize=1)
def _setup() -> None:
    import matplotlib
    matplotlib.use("Agg")
    chinese_fonts()


@lru_cache(maxsize=1)
def chinese_fonts() -> None:
    """Make matplotlib (and pandas' .plot) draw Chinese with the system's CJK font, whatever the
    backend: what an analysis notebook calls first."""
    from matplotlib import font_manager, rcParams

    names = []
    for path in FONT_FILES:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
            names.append(font_manager.FontProperties(fname=path).get_name())
    rcParams["font.sans-serif"] = names + list(rcParams["font.sans-serif"])
    rcParams["font.family"] = "sans-serif"
    rcParams["axes.unicode_minus"] = False
    rcParams["svg.hashsalt"] = "liaison"   # stable output for the same data


def _png(fig) -> tuple[bytes, float]:
    out = io.BytesIO()
    width, height = fig.get_size_inches()
    fig.savefig(out, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    import matplotlib.pyplot as plt
    plt.close(fig)
    return out.getvalue(), width / height


def bar_png(labels: list[str], values: list[float], title: str, unit: str = "") -> tuple[bytes, float]:
    """Horizontal bars, the largest on top; (png bytes, width/height)."""
    _setup()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, max(2.2, 0.32 * len(labels) + 1)))
    ax.barh(list(reversed(labels)), list(reversed(values)), color=RED)
    for y, v in enumerate(reversed(values)):
        ax.text(v, y, f" {v:g}{unit}", va="center", fontsize=9)
    ax.set_title(title, fontsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def line_png(labels: list[str], series: dict[str, list[float]], title: str) -> tuple[bytes, float]:
    """One line per series over the labels (months, quarters)."""
    _setup()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    for name, values in series.items():
        ax.plot(labels, values, marker="o", label=name)
    ax.set_title(title, fontsize=12)
    ax.legend(fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.autofmt_xdate()
    return _png(fig)
