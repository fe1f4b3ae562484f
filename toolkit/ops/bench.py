"""`liaison bench`: each operation staff and analysts wait for, its median over repeated runs,
against the floor for that work on the same machine in the same run, with the target.

Operations (references): the figures page (one hand-written SQL query); a filtered, paged case
list at the first, middle and last page (50 ms); a 10,000-row roster import (pandas reading the
same file); tallying a 300-ballot, 20-candidate vote (100 ms); each report notebook from start to
HTML (reported, slowest cell named); each app's first table in Chromium (a bare Voilà notebook
with one button, served by the same server); an app kernel's memory (250 MB); the command line's
start-up in CPU seconds (bench_cli)."""
from __future__ import annotations

import platform
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import text

from ..core.config import project_path
from ..core.db import Database

RESULTS = project_path("benchmarks", "results.md")


@dataclass
class Row:
    """One line of the table."""

    operation: str
    median: float            # seconds (or MB for memory)
    reference: str = ""
    reference_value: float | None = None
    target: str = ""
    ok: bool | None = None
    unit: str = "s"

    @property
    def ratio(self) -> float | None:
        return self.median / self.reference_value if self.reference_value else None


def timed(fn, runs: int) -> float:
    """Median seconds of fn() over runs."""
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


MEASURES_SQL = """count(c.id), sum(CASE WHEN c.state = 'concluded' THEN 1 ELSE 0 END), count(c.rating),
       sum(CASE WHEN c.rating = '满意' THEN 1 ELSE 0 END), sum(CASE WHEN c.rating = '基本满意' THEN 1 ELSE 0 END),
       sum(CASE WHEN c.rating = '不满意' THEN 1 ELSE 0 END),
       sum(CASE WHEN c.state IN ('assigned', 'accepted', 'in_progress') AND c.deadline < :today THEN 1 ELSE 0 END),
       avg(c.days_to_answer)"""
FIGURES_SQL = f"""SELECT s.name, {MEASURES_SQL}
FROM citizen_case c JOIN station s ON s.id = c.station_id GROUP BY s.name ORDER BY s.name"""
GRID_SQL = f"""SELECT s.name, {{month}} AS month, {MEASURES_SQL}
FROM citizen_case c JOIN station s ON s.id = c.station_id GROUP BY s.name, month ORDER BY s.name, month"""
MONTH_SQL = {"sqlite": "substr(c.received_on, 1, 7)", "postgresql": "to_char(c.received_on, 'YYYY-MM')"}
# toolkit.analysis.cases()'s columns read by hand: the floor its tidy frame is measured against.
CASES_SQL = """SELECT c.number, c.received_on, c.channel, c.category, c.kind, c.matter_level, s.name AS station,
       k.name AS county, d.name AS department, p.name AS deputy, c.state, c.assigned_on, c.deadline, c.answered_on,
       c.days_to_answer, c.rating, c.rounds, c.supervision, c.concluded_on, c.station_id, c.county_id,
       c.department_id, c.deputy_id
FROM citizen_case c JOIN station s ON s.id = c.station_id LEFT JOIN station k ON k.id = c.county_id
LEFT JOIN department d ON d.id = c.department_id LEFT JOIN deputy p ON p.id = c.deputy_id
ORDER BY c.received_on, c.id"""


def database_rows(db: Database, runs: int) -> list[Row]:
    """Figures, paged list, tally: timed against their references."""
    import pandas as pd

    from ..analysis.case_data import cases as analysis_cases
    from ..cases.queries import CaseFilter, count_cases, list_cases
    from ..cases.stats import case_figures
    from ..projects.votes import close_and_count

    rows = []
    today = date.today()
    sqlite = db.engine.dialect.name == "sqlite"
    # The 300 ms ceiling is the embedded database's; on PostgreSQL only the ratio is the target.
    figures_target = "≤2×参照且<0.3s" if sqlite else "≤2×参照"

    def figures_ok(ours: float, floor: float) -> bool:
        return ours <= 2 * floor and (ours < 0.3 or not sqlite)

    with db.reader() as s:
        ours = timed(lambda: case_figures(s, "station", today=today), runs)
        floor = timed(lambda: s.execute(text(FIGURES_SQL), {"today": today}).all(), runs)
        rows.append(Row("统计页：按站点的办结率、满意率、超期（全部案件）", ours, "同一结果的手写SQL", floor,
                        figures_target, figures_ok(ours, floor)))
        grid_sql = text(GRID_SQL.format(month=MONTH_SQL[db.engine.dialect.name]))
        ours = timed(lambda: case_figures(s, "station_month", today=today), runs)
        floor = timed(lambda: s.execute(grid_sql, {"today": today}).all(), runs)
        rows.append(Row("统计页：站点×月份（全部案件）", ours, "同一结果的手写SQL", floor,
                        figures_target, figures_ok(ours, floor)))
        ours = timed(lambda: analysis_cases(db=s, today=today), runs)
        floor = timed(lambda: pd.read_sql(text(CASES_SQL), s.connection()), runs)
        rows.append(Row("分析：analysis.cases() 全部案件的整洁数据表", ours, "同样的列：手写SQL读入pandas", floor,
                        "≤2×参照", ours <= 2 * floor))
        months = timed(lambda: case_figures(s, "month", today=today), runs)
        rows.append(Row("统计页：按月份", months, "", None, "<0.3s", months < 0.3))
        f = CaseFilter(state="in_progress")
        total = count_cases(s, f, today=today)["total"]
        last = max(1, -(-total // 50))
        for label, page in (("第1页", 1), ("中间页", max(1, last // 2)), ("最后一页", last)):
            t = timed(lambda page=page: list_cases(s, f, page=page, page_size=50, today=today), runs)
            rows.append(Row(f"案件列表（办理中，每页50条）{label}", t, "", None, "<0.05s", t < 0.05))
        rows += suggestion_list_rows(s, runs, today)
    rows += standards_rows(db, runs)
    rows += map_rows(db, runs)
    votes = [i for i, _, st in _votes(db) if st == "open"]
    if votes:
        def tally():
            with db.sessions() as s:
                close_and_count(s, votes[0])
                s.rollback()      # the same open vote is counted again next run
        t = timed(tally, runs)
        rows.append(Row("票决计票（300张×20个候选项目）", t, "", None, "<0.1s", t < 0.1))
    return rows


def suggestion_list_rows(s, runs: int, today: date) -> list[Row]:
    """The 代表建议 list as staff page it: every suggestion (late first), 50 a page, and its count."""
    from ..suggestions.queries import SuggestionFilter, count_suggestions, list_suggestions

    f = SuggestionFilter()
    total = count_suggestions(s, f, today)["total"]
    counted = timed(lambda: count_suggestions(s, f, today), runs)
    rows = [Row(f"代表建议列表计数（{total:,}件，含超期未答复）", counted, "", None, "<0.05s", counted < 0.05)]
    last = max(1, -(-total // 50))
    for label, page in (("第1页", 1), ("中间页", max(1, last // 2)), ("最后一页", last)):
        t = timed(lambda page=page: list_suggestions(s, f, page=page, page_size=50, today=today), runs)
        rows.append(Row(f"代表建议列表（全部{total:,}件，每页50条）{label}", t, "", None, "<0.05s", t < 0.05))
    return rows


def map_rows(db: Database, runs: int) -> list[Row]:
    """The map tab of 代表编组进站 for the whole city: every station's pin and its opinions of a year,
    counted by the database and drawn as SVG (target: under 1 s)."""
    from ..cases.stats import opinions_by_grid, opinions_by_station
    from ..formats.svg_map import svg_map
    from ..network.station_map import map_areas, map_pins

    def draw():
        with db.reader() as s:
            return svg_map(map_pins(s, opinions_by_station(s)), map_areas(s, opinions=opinions_by_grid(s)))
    shown = len(_pins(db))
    t = timed(draw, runs)
    return [Row(f"地图：全市{shown}个站点及一年的意见数（计数并绘制SVG）", t, "", None, "<1s", t < 1)]


def _pins(db: Database) -> list:
    """The pins the map would draw (to name their number in the table)."""
    from ..network.station_map import map_pins

    with db.reader() as s:
        return map_pins(s, {})


def standards_rows(db: Database, runs: int) -> list[Row]:
    """履职标准 对照标准 as the app does it: every deputy and station against a standard for a
    year, and the Excel of the whole result (what took 19 s: openpyxl rescanned the sheet per row)."""
    from ..duty.standards import available_rules, evaluate_deputies, evaluate_stations, load_rules
    from ..formats.spreadsheets import write_xlsx_sheets

    rows = []
    for name, path in available_rules().items():
        rules = load_rules(path)

        def apply():
            with db.reader() as s:
                deps = evaluate_deputies(s, rules, str(date.today().year), None)
                sts = evaluate_stations(s, rules, str(date.today().year), None)
            write_xlsx_sheets({"代表": (list(deps.columns), deps.astype(object).values.tolist()),
                               "站点": (list(sts.columns), sts.astype(object).values.tolist())})
        t = timed(apply, runs)
        rows.append(Row(f"履职标准：对照「{name}」（全部代表与站点一年，含导出Excel）", t, "", None, "<2s", t < 2))
    return rows


def budget_rows(runs: int) -> list[Row]:
    """MES completed by Add1 (the votes app's budget analysis) on the largest Warsaw file of
    ../shared/testdata/pabulib when it is there, and on a county-sized vote (20 candidates, 300
    deputies, costs in 万元 with decimals); pabutools 1.2.3 on the same instance is the reference
    when it is installed (a test dependency)."""
    import random
    from fractions import Fraction

    from ..core.config import project_path
    from ..formats.pabulib import Instance, read_pb
    from ..projects.budget_rules import equal_shares_completed

    instances = []
    warsaw = project_path().parent / "shared" / "testdata" / "pabulib"
    files = sorted(warsaw.glob("*.pb")) if warsaw.is_dir() else []
    if files:
        largest = max(files, key=lambda f: sum(len(v) for v in read_pb(f).votes))
        instances.append((f"华沙参与式预算 {largest.stem}", read_pb(largest)))
    rng = random.Random(7)
    costs = {str(i): str(Fraction(rng.randint(500, 30_000), 100)) for i in range(1, 21)}
    popularity = {p: rng.random() for p in costs}
    votes = [[p for p in costs if rng.random() < popularity[p]] for _ in range(300)]
    budget = str(sum(Fraction(c) for c in costs.values()) / 2)
    instances.append(("县级票决规模（20个候选项目、300名代表）",
                      Instance(meta={"budget": budget}, projects={p: {"project_id": p, "cost": c} for p, c in costs.items()},
                               votes=votes)))
    rows = []
    for label, inst in instances:
        ours = timed(lambda inst=inst: equal_shares_completed(inst), runs)
        reference = _pabutools_add1(inst, runs)
        rows.append(Row(f"均等份额法+Add1补足：{label}", ours, "pabutools 1.2.3 同一规则" if reference else "",
                        reference, "<0.5s", ours < 0.5))
    return rows


def _pabutools_add1(inst, runs: int) -> float | None:
    try:
        from gmpy2 import mpq
        from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Project
        from pabutools.election import Instance as Reference
        from pabutools.rules import method_of_equal_shares
    except ImportError:
        return None
    projects = {p: Project(p, mpq(inst.cost(p).numerator, inst.cost(p).denominator)) for p in inst.projects}
    ref = Reference(projects.values(), budget_limit=mpq(inst.budget.numerator, inst.budget.denominator))
    profile = ApprovalProfile([ApprovalBallot({projects[p] for p in v}) for v in inst.votes], instance=ref)
    return timed(lambda: method_of_equal_shares(ref, profile, sat_class=Cost_Sat, voter_budget_increment=1), runs)


def _votes(db: Database):
    from ..projects.votes import list_votes
    with db.reader() as s:
        return list_votes(s)


def roster_rows(runs: int, n: int = 10_000) -> list[Row]:
    """A 10,000-row roster into an empty network, against pandas reading the same file."""
    import pandas as pd

    from ..core.validation import id_check_digit
    from ..formats.spreadsheets import read_table, write_xlsx
    from ..network.roster import apply_roster_import, plan_roster_import, template_header
    from .demo import load_demo
    from .schema import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        header = template_header()
        stations = ["五松镇人大代表联络站", "顺安镇人大代表联络站", "幸福街道人大代表联络站", "新城街道人大代表联络站"]
        rows = []
        for i in range(n):
            first17 = f"340705{1960 + i % 40}{(i % 12) + 1:02d}{(i % 28) + 1:02d}{(i % 500) * 2 + 1:03d}"
            values = {"姓名": "王" + "建国明华伟芳"[i % 6] + "军秀英丽强"[i // 6 % 5], "性别": "男", "民族": "汉族",
                      "出生年月": f"{1960 + i % 40}-{(i % 12) + 1:02d}", "身份证号": first17 + id_check_digit(first17),
                      "政治面貌": "中共党员", "代表层级": "乡", "届次": "第十八届", "选区": "第1选区",
                      "工作单位及职务": "某村党总支书记", "联系电话": f"139{i:08d}", "所属联络站": stations[i % 4],
                      "是否连任": "是", "是否领导干部": "否", "专业特长": "农业"}
            rows.append([values.get(h.rstrip("*"), "") for h in header])
        path = Path(tmp) / "roster.xlsx"
        path.write_bytes(write_xlsx(header, rows, "花名册", text_columns=("身份证号", "联系电话")))
        reference = timed(lambda: pd.read_excel(path, dtype=str), runs)

        def run_import():
            db = Database(f"sqlite:///{tmp}/r{time.perf_counter_ns()}.sqlite3")
            upgrade(db.engine)
            with db.unit_of_work() as s:
                load_demo(s, "small")
            t = time.perf_counter()
            with db.unit_of_work() as s:
                plan = plan_roster_import(s, read_table(path))
                apply_roster_import(s, plan)
            took = time.perf_counter() - t
            db.dispose()
            return took
        ours = statistics.median(run_import() for _ in range(max(1, min(runs, 3))))
    # Into a fresh SQLite file whatever --db says: the import needs an empty network each run.
    return [Row(f"导入{n:,}行花名册（读取、校验、写入；SQLite临时库）", ours, "pandas 读同一文件", reference, "≤3×参照",
                ours <= 3 * reference)]


def report_rows(db_url: str, runs: int, names: tuple[str, ...] | None = None) -> list[Row]:
    """Each report notebook (or those named) from start to HTML; the slowest cell is named."""
    from ..reports.run import execute_report, notebook_html

    params = {"station-monthly": {"station": 2, "period": "2025-06"},
              "county-quarterly": {"station": 2, "period": "2025-Q4"},
              "deputy-annual": {"deputy": 10, "period": "2025"}}
    if names is not None:
        params = {k: v for k, v in params.items() if k in names}
    vote = [i for i, _, st in _votes(Database(db_url)) if st == "closed"]
    if vote and (names is None or "vote-announcement" in names):
        params["vote-announcement"] = {"vote": vote[0]}
    rows = []
    for name, p in params.items():
        slowest = ("", 0.0)

        def run():
            nonlocal slowest
            nb = execute_report(name, p, db_url)
            notebook_html(nb)
            for cell in nb.cells:
                timing = cell.get("metadata", {}).get("execution", {})
                if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
                    took = (datetime.fromisoformat(timing["shell.execute_reply"].rstrip("Z"))
                            - datetime.fromisoformat(timing["iopub.execute_input"].rstrip("Z"))).total_seconds()
                    if took > slowest[1]:
                        lines = [x for x in cell.source.splitlines() if x.strip() and not x.startswith("#")]
                        step = next((x.strip() for x in lines if "build(" in x or "print(" in x), lines[0] if lines else "")
                        slowest = (step[:60], took)
        t = timed(run, max(1, min(runs, 2)))
        rows.append(Row(f"报告 {name}：执行笔记本到网页", t, f"最慢一步：{slowest[0]}（{slowest[1]:.2f}s）", None, "报告"))
    return rows


def database_label(db: Database) -> str:
    """Which database, and its version, for the table's heading."""
    with db.engine.connect() as c:
        if db.engine.dialect.name == "sqlite":
            return "SQLite " + c.exec_driver_sql("select sqlite_version()").scalar()
        return "PostgreSQL " + c.exec_driver_sql("show server_version").scalar().split()[0]


def write_section(title: str, body: str, counts: dict, path: Path = RESULTS, database: str = "") -> str:
    """Put a section of its own (a title, the data, free Markdown) at the top of results.md, older ones kept."""
    table = _heading(database, title) + "\n\n" + _counts(counts) + "\n\n" + body
    _prepend(path, table)
    return table


def _heading(database: str, title: str = "") -> str:
    import sqlalchemy
    import voila
    return (f"## {title + ' · ' if title else ''}{datetime.now():%Y-%m-%d %H:%M} · {platform.node()} · {platform.machine()} · "
            f"{database} · Python {platform.python_version()}, SQLAlchemy {sqlalchemy.__version__}, Voilà {voila.__version__}")


def _counts(counts: dict) -> str:
    return "数据：" + "，".join(f"{k}{v:,}" if isinstance(v, int) else f"{k}{v}" for k, v in counts.items())


def _prepend(path: Path, table: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text(encoding="utf-8") if path.exists() else "# 基准测试结果\n\n`make bench` 追加一节；旧结果保留，以便发现退步。\n"
    head, _, rest = old.partition("\n## ")
    path.write_text(head.rstrip("\n") + "\n\n" + table.rstrip("\n") + ("\n\n## " + rest if rest else "\n"), encoding="utf-8")


def write_results(rows: list[Row], counts: dict, path: Path = RESULTS, database: str = "") -> str:
    """Append the table (machine, database, date, versions) to results.md, keeping the older tables."""
    lines = [_heading(database), "", _counts(counts), "",
             "| 操作 | 中位数 | 参照 | 参照值 | 比值 | 目标 | 结果 |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        value = f"{r.median:.0f} MB" if r.unit == "MB" else f"{r.median:.3f} s"
        ref = "" if r.reference_value is None else f"{r.reference_value:.3f} s"
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}×"
        verdict = {True: "达标", False: "未达标", None: "—"}[r.ok]
        lines.append(f"| {r.operation} | {value} | {r.reference} | {ref} | {ratio} | {r.target} | {verdict} |")
    table = "\n".join(lines) + "\n"
    _prepend(path, table)
    return table
