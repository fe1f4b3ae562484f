"""Demo data of 代表建议: a county's year of suggestions, fixed in 2026 (so the figures read the same
whatever day the demo is built), with the shares counties report — about 55% A, 35% B, 10% C —
most answered within the three months, a few late, B promises kept or overdue at the cut-off.
Written through the importer's own writer, as a county's sheet would be; each with the steps of its
timeline on the days they happened, and a few grown from citizens' concluded cases whose citizens
have said whether it was done."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..cases.services import add_event
from ..core.glossary import SUGGESTION_CLASSES
from ..core.settings import get_setting
from ..network.models import Department, Deputy, Seat
from .importer import write_suggestion
from .models import Suggestion, SuggestionCase
from .timeline import add_step

YEAR, CUTOFF = 2026, date(2026, 11, 20)
SESSION_DAY = date(2026, 1, 8)              # the county congress: most suggestions are made there
# (title, category, the unit's keyword)
TOPICS = [
    ("关于加快老旧小区加装电梯的建议", "城乡建设", "住房和城乡建设"), ("关于完善农村生活污水治理的建议", "生态环境", "生态环境"),
    ("关于增设中小学周边停车接送点的建议", "教育", "教育"), ("关于提升乡镇卫生院服务能力的建议", "医疗卫生", "卫生健康"),
    ("关于加强农村公路养护管理的建议", "交通出行", "交通运输"), ("关于扩大老年助餐服务覆盖面的建议", "社会保障", "民政"),
    ("关于规范电动自行车充电设施建设的建议", "城乡建设", "城市管理"), ("关于加强农贸市场食品安全监管的建议", "市场监管", "市场监督"),
    ("关于支持高标准农田建设的建议", "农业农村", "农业农村"), ("关于改善城区排水防涝设施的建议", "城乡建设", "水务"),
    ("关于稳定灵活就业人员参保的建议", "社会保障", "人力资源"), ("关于优化医保异地结算的建议", "医疗卫生", "医疗保障"),
]
PLACES = ["城关镇", "五松镇", "顺安镇", "钟鸣镇", "天门镇", "西联乡", "胥坝乡", "老洲镇", "东联镇", "新桥街道"]
ANSWERS = {"A": "经研究，已于{}完成整改，相关情况已向代表当面反馈。",
           "B": "已列入{}年度工作计划，资金已落实，预计{}完成。",
           "C": "因受财力和规划条件限制，暂难实施，已作为今后工作的重要参考。"}


def _units(session: Session) -> dict[str, list[str]]:
    names = list(session.scalars(select(Department.name).order_by(Department.id)))
    return {keyword: [n for n in names if keyword in n] or names[:1] for _, _, keyword in TOPICS}


def _row(rng: random.Random, n: int, deputies: list[tuple[int, str]], units: dict[str, list[str]]) -> dict:
    title, category, keyword = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    lead = rng.choice(deputies)
    # 闭会期间 up to June: every due day falls before the cut-off, so what is unanswered is late on any later day.
    proposed = SESSION_DAY + timedelta(days=rng.randrange(3)) if rng.random() < 0.8 else \
        date(YEAR, rng.randrange(3, 7), rng.randrange(1, 28))
    assigned = proposed + timedelta(days=rng.randrange(10, 25))
    unit = rng.choice(units[keyword])
    v = {"number": f"JY-{YEAR}-{n:03d}", "title": title.replace("关于", f"关于{place}", 1), "category": category,
         "content": f"{place}群众反映强烈。{title.removeprefix('关于').removesuffix('的建议')}，建议有关部门统筹推进。",
         "unit": unit, "co_units": [], "lead": lead[0],
         "cosigners": [d for d, _ in rng.sample(deputies, rng.randrange(0, 4)) if d != lead[0]],
         "proposed_on": proposed, "assigned_on": assigned, "key_supervision": rng.random() < 0.1,
         "answered_on": None, "answer_class": None, "deputy_opinion": None, "promised_on": None, "done_on": None}
    if rng.random() < 0.3:
        v["co_units"] = [rng.choice([u for us in units.values() for u in us if u != unit] or [unit])]
    took = rng.randrange(40, 88) if rng.random() < 0.88 else rng.randrange(95, 140)   # a few answer late
    answered = assigned + timedelta(days=took)
    if answered > CUTOFF or rng.random() < 0.06:      # and a few have no answer yet
        return v
    cls = rng.choices("ABC", weights=(55, 35, 10))[0]
    v.update(answered_on=answered, answer_class=cls, answer_text=ANSWERS[cls].format(answered, answered.year),
             deputy_opinion=rng.choices(("满意", "基本满意", "不满意"), weights=(80, 15, 5) if cls != "C" else (40, 40, 20))[0])
    if cls == "B":
        v["promised_on"] = answered + timedelta(days=rng.randrange(60, 240))
        v["answer_text"] = ANSWERS["B"].format(answered.year, v["promised_on"])
        if v["promised_on"] <= CUTOFF and rng.random() < 0.75:
            v["done_on"] = v["promised_on"] - timedelta(days=rng.randrange(0, 30))
    return v


def load_demo_suggestions(session: Session, size: str) -> int:
    """A county year of suggestions (60 in the small demo, 300 in the city's); returns how many."""
    rng = random.Random(YEAR)          # its own stream: the rest of the demo is unchanged by it
    deputies = list(session.execute(select(Deputy.id, Deputy.name).join(Seat, Seat.deputy_id == Deputy.id)
                                    .where(Seat.level == "county").order_by(Deputy.id)).all()) \
        or list(session.execute(select(Deputy.id, Deputy.name).order_by(Deputy.id)).all())
    if not deputies:
        return 0
    units = _units(session)
    ids = dict(session.execute(select(Department.name, Department.id)).all())
    total, months = (60 if size == "small" else 300), get_setting(session, "suggestion_answer_months")
    names = dict(deputies)
    written = []
    for n in range(1, total + 1):
        s = Suggestion(number=f"JY-{YEAR}-{n:03d}")
        v = _row(rng, n, deputies, units)
        write_suggestion(session, s, v, ids, months)
        _steps(session, s, v, names[v["lead"]])
        written.append(s)
    _grown_from_cases(session, rng, written)
    session.flush()
    return total


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour))


def _steps(session: Session, s: Suggestion, v: dict, lead: str) -> None:
    """The timeline a county's year would have left: 提出, 交办, 答复, the deputy's opinion, 落实."""
    office, unit = "县人大常委会代表工委", f"{v['unit']}（承办单位）"
    add_step(session, s, "propose", office, f"领衔代表：{lead}", at=_at(s.proposed_on))
    add_step(session, s, "assign", office, f"主办单位：{v['unit']}，答复期限：{s.answer_due}"
             + ("，重点督办" if s.key_supervision else ""), at=_at(s.assigned_on, 10))
    if s.answered_on:
        add_step(session, s, "contact", unit, "办前面商", at=_at(s.assigned_on + timedelta(days=7), 15))
        add_step(session, s, "answer", unit, f"{s.answer_class}类（{SUGGESTION_CLASSES[s.answer_class]}）：{s.answer_text}",
                 at=_at(s.answered_on, 16))
    if s.deputy_opinion:
        add_step(session, s, "rate", f"{lead}（代表）", s.deputy_opinion, at=_at(s.answered_on + timedelta(days=5)))
    if s.done_on:
        add_step(session, s, "done", unit, f"{s.done_on}落实：已按答复完成", at=_at(s.done_on, 11))


def _grown_from_cases(session: Session, rng: random.Random, written: list[Suggestion]) -> None:
    """Some suggestions said to be done grew from citizens' concluded cases; most citizens said 已落实."""
    done = [s for s in written if s.answer_class == "A" or s.done_on][:8]
    taken: set[int] = set()
    for s in done:         # the citizens' own opinions of the same kind, told in the half-year before it
        pair = list(session.scalars(select(Case).where(
            Case.state == "concluded", Case.citizen_phone.is_not(None), Case.category == s.category,
            Case.received_on < s.proposed_on, Case.received_on >= s.proposed_on - timedelta(days=183),
            Case.id.not_in(taken or {0})).order_by(Case.id).limit(2)))
        taken.update(c.id for c in pair)
        for case in pair:
            word = rng.choices(("已落实", "部分落实", "未落实", None), weights=(60, 20, 8, 12))[0]
            confirmed = _at((s.done_on or s.answered_on) + timedelta(days=rng.randrange(3, 20)), 20) if word else None
            session.add(SuggestionCase(suggestion_id=s.id, case_id=case.id, confirmation=word, confirmed_at=confirmed))
            add_step(session, s, "link_case", "县人大常委会代表工委", f"来源群众意见：{case.number}", at=_at(s.proposed_on, 11))
            add_event(session, case, "link", case.state, case.state, "县人大常委会代表工委", _at(s.proposed_on, 11),
                      f"并入代表建议 {s.number}《{s.title}》")
            if word:
                add_step(session, s, "confirm", "群众（查询页）", f"群众确认：{word}", at=confirmed)
