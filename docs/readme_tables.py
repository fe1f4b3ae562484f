"""The README's generated sections, made from the code: the glossary, the settings, the analysis
columns. `python docs/readme_tables.py` rewrites them in README.md; tests/test_readme.py checks
that the README says what the code does.

It reads both packages and belongs to neither: the apps' tabs come from each app's own TABS,
(title, panel class or classes) pairs."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))    # run as a script from anywhere

from toolkit.analysis.columns import FRAMES  # noqa: E402
from toolkit.core import glossary as g  # noqa: E402
from toolkit.core.config import project_path  # noqa: E402
from toolkit.core.settings import SETTINGS  # noqa: E402
from toolkit.network.deputy_fields import FIELD_NAMES  # noqa: E402


def tab_panels() -> dict[str, str]:
    """Each app's tab title → the panel class(es) it shows, read from widgets/<app>/app.py."""
    found = {}
    for app in sorted(project_path("widgets").glob("*/app.py")):
        for title, panels in importlib.import_module(f"widgets.{app.parent.name}.app").TABS:
            found[title] = " + ".join(c.__name__ for c in (panels if isinstance(panels, tuple) else (panels,)))
    return found


def rows() -> list[tuple[str, str, str]]:
    """(中文, identifier, note), each Chinese term once."""
    groups = [
        ({k: v for k, v in g.TERMS.items()}, ""),
        ({v: k for k, v in g.STATION_KINDS.items()}, "站点类型 `Station.kind`"),
        ({v: k for k, v in g.LEVELS.items()}, "代表层级 `Seat.level`"),
        (FIELD_NAMES, "花名册列 / 表单字段"),
        ({v: k for k, v in g.CHANNELS.items()}, "受理渠道 `Case.channel`"),
        ({v: k for k, v in g.CASE_STATES.items()}, "案件状态 `Case.state`"),
        ({v: k for k, v in g.CASE_ACTIONS.items()}, "案件操作 `act(action=…)`"),
        ({v: k for k, v in g.MATTER_LEVELS.items()}, "办理层级 `Case.matter_level`"),
        ({v: k for k, v in g.PAIRING_KINDS.items()}, "结对类型 `Pairing.kind`"),
        ({v: k for k, v in g.PROPOSAL_SOURCES.items()}, "项目建议来源 `Proposal.source`"),
        ({v: k for k, v in g.PROPOSAL_STATES.items()}, "项目建议状态 `Proposal.state`"),
        ({v: k for k, v in g.SCREENING_CRITERIA.items()}, "筛选标准 `screen(verdicts=…)`"),
        ({v: k for k, v in g.AUDIT_ACTIONS.items()}, "审计操作 `AuditEntry.action`"),
        ({v: k for k, v in g.ACTIVITY_KINDS.items()}, "活动类型 `Activity.kind`"),
        ({v: k for k, v in g.SERVICE_POSTS.items()}, "服务岗 `RotaTurn.post`"),
        ({v: k for k, v in g.DUTY_RECORD_KINDS.items()}, "履职记录 `DutyRecord.kind`"),
        ({v: k for k, v in g.VOTE_STATES.items()}, "票决状态 `Vote.state`"),
        ({v: k for k, v in g.VOTE_FORMS.items()}, "表决方式 `Vote.form`"),
        ({v: k for k, v in g.VOTE_THRESHOLDS.items()}, "通过标准 `Vote.threshold`"),
        ({v: k for k, v in g.EVAL_TARGET_KINDS.items()}, "测评对象 `EvalRound.target_kind`"),
        ({v: k for k, v in g.EVAL_RATER_KINDS.items()}, "参评人 `EvalRound.rater_kind`"),
        ({v: k for k, v in g.EVAL_NUMERATORS.items()}, "满意率分子 `EvalRound.numerator`"),
        ({v: k for k, v in g.EVAL_DENOMINATORS.items()}, "满意率分母 `EvalRound.denominator`"),
        ({v: k for k, v in g.DUTY_PERIODS.items()}, "履职标准周期"),
        ({v: k for k, v in g.DUTY_STATUS.items()}, "达标状态"),
        ({v: k for k, v in g.SORT_ORDERS.items()}, "代表排序 `sort=`"),
        ({v: k for k, v in g.IMPORT_OUTCOMES.items()}, "导入结果"),
        ({v: k for k, v in g.FIGURE_DIMENSIONS.items()}, "统计口径 `case_figures(by=…)`"),
        ({v: k for k, v in g.ROLES.items()}, "角色 `AppUser.role`"),
        (tab_panels(), "应用标签页"),
    ]
    seen, out = set(), []
    for mapping, note in groups:
        for chinese, ident in mapping.items():
            if chinese not in seen:
                seen.add(chinese)
                out.append((chinese, ident, note))
    return out


def markdown() -> str:
    """The table as Markdown."""
    lines = ["| 中文 | identifier | 说明 |", "|---|---|---|"]
    lines += [f"| {c} | `{i}` | {n} |" for c, i, n in rows()]
    return "\n".join(lines) + "\n"


def settings_markdown() -> str:
    """Every setting a county may change: its name, default, range and where it is set."""
    where = {"pairings": "三联结对 → 网络图与设置", "intake": "系统管理 → 设置", "deadlines": "系统管理 → 设置",
             "triage": "系统管理 → 设置", "grids": "代表编组进站 → 网格覆盖"}
    lines = ["| 设置 | 默认 | 范围 | 说明 | 在哪里改 |", "|---|---|---|---|---|"]
    lines += [f"| `{s.name}` | {s.default} | {s.minimum}–{s.maximum} | {s.help} | {where[s.group]} |"
              for s in SETTINGS.values()]
    return "\n".join(lines) + "\n"


def analysis_markdown() -> str:
    """Every column of every toolkit.analysis frame: the function, the column, its label, its meaning."""
    lines = ["| 数据 | column | 中文 | 含义 |", "|---|---|---|---|"]
    lines += [f"| `{frame}()` | `{c}` | {label} | {meaning} |" for frame, columns in FRAMES.items()
              for c, (label, meaning) in columns.items()]
    return "\n".join(lines) + "\n"


SECTIONS = {"## 术语表 (glossary)": ("| 中文 |", markdown), "## 设置 (settings)": ("| 设置 |", settings_markdown),
            "## 分析数据 (analysis columns)": ("| 数据 |", analysis_markdown)}


def generated(readme: str, heading: str) -> str:
    """The generated table under `heading` in the README text (up to the next heading)."""
    start = readme.split(heading, 1)[1].split("\n## ", 1)[0]
    return SECTIONS[heading][0] + start.split(SECTIONS[heading][0], 1)[1].rstrip("\n") + "\n"


def rewrite(readme: str) -> str:
    """The README with each generated table replaced by what the code makes now."""
    for heading, (_, make) in SECTIONS.items():
        readme = readme.replace(generated(readme, heading), make())
    return readme


if __name__ == "__main__":
    path = project_path("README.md")
    text = path.read_text(encoding="utf-8")
    new = rewrite(text)
    path.write_text(new, encoding="utf-8")
    print("README.md 已更新" if new != text else "README.md 无需更新", file=sys.stderr)
