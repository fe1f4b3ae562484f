"""The public instance's database account: its pages work with only these grants, and nothing else
goes through (on PostgreSQL, signed in as that role; SQLite has no accounts)."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from toolkit.admin.deputy_links import deputy_link
from toolkit.cases.lookup_codes import issue_lookup_code
from toolkit.cases.grid_handoff import grid_worker_link
from toolkit.cases.models import CaseEvent
from toolkit.network.station_index import StationIndex


def index_path(session, station_id):
    return StationIndex.load(session).path(station_id)
from toolkit.cases.models import Case
from toolkit.cases.services import act
from toolkit.core.audit_models import AuditEntry
from toolkit.core.db import Database
from toolkit.core.errors import NotFound, ToolkitError
from toolkit.core.principal import PUBLIC_PRINCIPAL
from toolkit.evaluations.models import EvalResponse
from toolkit.evaluations.services import add_department_targets, create_round, issue_codes
from toolkit.network.grid_models import Grid, GridDeputy
from toolkit.network.models import Department, Deputy, Seat, Station
from toolkit.network.point_models import MobilePoint
from toolkit.network.qr import ensure_token
from toolkit.ops import public_role
from toolkit.ops.cli import build_parser, main
from toolkit.projects.ballots import cast_with_code, issue_ballots
from toolkit.projects.vote_models import Ballot
from toolkit.projects.votes import add_candidate, create_vote, open_vote

from .conftest import SUFFIX
from .factories.databases import demo_database, granted
from .public_site import Browser, _xsrf, serving

ROLE, PASSWORD = f"liaison_public_test{SUFFIX}", "public-pw"


def test_the_grants_are_the_union_of_the_pages_served():
    intake_only = public_role.grants_for(("intake",))
    assert "vote_register" not in intake_only and "eval_code" not in intake_only
    assert "SELECT (id)" in intake_only["citizen_case"]        # an insert reads its id back
    assert "case_event" not in intake_only and intake_only["function public_collect_event(integer)"] == ["EXECUTE"]
    assert [p for t, ps in intake_only.items() if t != "case_counter" for p in ps if "UPDATE" in p or "DELETE" in p] \
        == ["UPDATE (lookup_hash)"]
    lookup = public_role.grants_for(("lookup",))
    assert "citizen_phone" not in str(lookup) and "citizen_name" not in str(lookup) and "DELETE" not in str(lookup)
    every = public_role.grants_for()
    assert set(intake_only) < set(every) and every["function public_cast_ballot(text, text)"] == ["EXECUTE"]
    # Writes that name a case's timeline, a register line, the box or an answer: only by checking functions.
    assert not {"vote_register", "ballot_box", "eval_code", "eval_response", "eval_score"} & set(every)
    assert "function ballot_box_reseal(integer)" not in every and every["case_event"] == ["SELECT (id, case_id, at, action)"]
    assert "lookup_hash" not in every["citizen_case"][0]
    assert all("app_user" != t and not t.startswith("project") for t in every)
    assert build_parser().parse_args(["db", "grant-public"]).pages.split(",") == list(public_role.PAGES)
    with pytest.raises(ToolkitError, match="没有名为「admin」的公开页面"):
        public_role.grants_for(("admin",))
    with pytest.raises(ToolkitError, match="不合规"):
        public_role.statements("x; DROP TABLE deputy")


def test_sqlite_has_no_accounts_to_restrict(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert main(["db", "grant-public", "--db", url]) == 2
    assert "只在 PostgreSQL 上设置" in capsys.readouterr().err


@pytest.fixture(scope="module")
def public_pg():
    """A PostgreSQL database with the small demo, a QR code, an evaluation code and a ballot code,
    and the public role made by `liaison db grant-public`; yields (admin db, public db, codes)."""
    with demo_database("liaison_public_test") as (url, admin):
        with admin.unit_of_work() as s:
            token = ensure_token(s, s.scalar(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id)))
            rid = create_round(s, "公开测评", "department", "citizens", date.today() - timedelta(days=1),
                               date.today() + timedelta(days=30), items=["答复是否及时"])
            add_department_targets(s, rid)
            eval_code = issue_codes(s, rid, 1)[0]
            vid = create_vote(s, "公开票决", "county", seats=1, electorate=3, uncontested=True)
            add_candidate(s, vid, "老年食堂")
            open_vote(s, vid)
            voter = s.scalar(select(Seat.deputy_id).where(Seat.level == "county").order_by(Seat.id))
            ballot_code = issue_ballots(s, vid, [voter])[voter]
            answered, other = s.scalars(select(Case).where(Case.state == "in_progress").order_by(Case.id).limit(2))
            act(s, answered.id, "answer", note="已答复。")     # rows for the guard's refusals
            other.lookup_hash = "A" * 32
        public_url = granted(url, "grant-public", ROLE, "LIAISON_PUBLIC_PASSWORD", PASSWORD)
        public = Database(public_url).acting_as(PUBLIC_PRINCIPAL)
        yield admin, public, dict(token=token, round=rid, eval_code=eval_code, vote=vid, ballot_code=ballot_code)
        public.dispose()


def test_each_public_page_works_signed_in_as_the_public_role(public_pg):
    """The real pages over HTTP, on a server whose only database account is the public role."""
    admin, public, codes = public_pg
    with serving(public) as base:
        b = Browser()
        _, _, page = b.open(f"{base}/d/{codes['token']}")
        status, _, receipt = b.open(f"{base}/d/{codes['token']}", {
            "_xsrf": _xsrf(page), "content": "小区门口路灯坏了三盏，晚上出行不便。", "category": "城乡建设",
            "name": "王女士", "phone": "13912345678"}, follow=True)
        assert status == 200, receipt
        number = re.search(r"案件编号：<b>([^<]+)</b>", receipt).group(1)
        code = re.search(r"查询码：<b>([^<]+)</b>", receipt).group(1)
        with admin.unit_of_work() as s:
            case = s.scalar(select(Case).where(Case.number == number))
            assert case.citizen_phone == "13912345678" and case.channel == "qr" and case.lookup_hash
            act(s, case.id, "register")
            act(s, case.id, "assign", department_id=s.scalar(select(Department.id).order_by(Department.id)),
                deadline=case.received_on + timedelta(days=9))
            act(s, case.id, "accept")
            act(s, case.id, "answer", note="已更换路灯。")

        for proof in ("5678", code, "0000"):          # the phone's last four, the receipt's code, a wrong pair
            status, _, shown = b.open(f"{base}/q", {"_xsrf": _xsrf(page), "number": number, "proof": proof})
            assert (status, "已更换路灯" in shown) == ((400, False) if proof == "0000" else (200, True)), shown
        status, _, rated = b.open(f"{base}/q/rate", {"_xsrf": _xsrf(page), "number": number, "proof": code,
                                                     "rating": "不满意", "comment": "还有一盏没修"})
        assert status == 200 and "重新办理" in rated, rated
        with admin.reader() as s:
            assert s.scalar(select(Case.state).where(Case.number == number)) == "in_progress"

        _, _, start = b.open(f"{base}/k?r={codes['round']}")
        _, _, targets = b.open(f"{base}/k", {"_xsrf": _xsrf(start), "r": codes["round"], "code": codes["eval_code"]})
        target = re.search(r'name="target" value="(\d+)"', targets).group(1)
        status, _, _ = b.open(f"{base}/k/answer", {"_xsrf": _xsrf(start), "r": codes["round"], "code": codes["eval_code"],
                                                   "target": target, "verdict": "满意"})
        assert status == 303
        with admin.reader() as s:
            assert s.scalar(select(EvalResponse.verdict).where(EvalResponse.round_id == codes["round"])) == "满意"

        b.open(f"{base}/b?c={codes['ballot_code']}")                    # the code moves to a cookie
        _, _, ballot = b.open(f"{base}/b")
        status, _, done = b.open(f"{base}/b", {"_xsrf": _xsrf(ballot), "code": codes["ballot_code"], "m0": "赞成"})
        assert status == 200 and "投票成功" in done, done

        with admin.reader() as s:                                       # 找联络站: by district and nearest first
            county, lon, lat = s.execute(select(Station.parent_id, Station.longitude, Station.latitude)
                                         .where(Station.kind == "township_station").order_by(Station.id)).first()
        status, _, district = b.open(f"{base}/s?d={county}")
        assert status == 200 and "接待日：" in district, district
        status, _, near = b.open(f"{base}/s?lon={lon:.3f}&lat={lat:.3f}")
        assert status == 200 and "离您最近的联络站" in near and "约0.0公里" in near, near
        with admin.reader() as s:                                       # 流动联络站: the demo's open point
            token = s.scalar(select(MobilePoint.qr_token).where(MobilePoint.closes_on >= date.today()))
        _, _, point = b.open(f"{base}/p/{token}")
        status, _, receipt = b.open(f"{base}/p/{token}", {"_xsrf": _xsrf(point), "content": "田间道路需要硬化。",
                                                          "category": "农业农村", "name": "", "phone": ""}, follow=True)
        assert status == 200 and "案件编号" in receipt, receipt

        with admin.unit_of_work() as s:                                 # 网格员: a link, the worker's grid, a hand-off
            grid = s.scalar(select(Grid).where(Grid.id.in_(select(GridDeputy.grid_id))).order_by(Grid.id))
            deputy = s.scalar(select(GridDeputy.deputy_id).where(GridDeputy.grid_id == grid.id))
            address = grid_worker_link(s, grid.worker_mobile)
        worker = Browser()
        worker.open(f"{base}/g/{address.rsplit('/', 1)[1]}")
        status, _, page = worker.open(f"{base}/g")
        assert status == 200 and grid.name in page, page
        status, headers, _ = worker.open(f"{base}/g", {"_xsrf": _xsrf(page), "pick": f"{grid.id}:{deputy}",
                                                       "content": "井盖松动。", "category": "城乡建设", "name": "", "phone": ""})
        assert status == 303, headers
        number = headers["Location"].split("=", 1)[1]
        with admin.reader() as s:
            case = s.scalar(select(Case).where(Case.number == number))
            assert (case.channel, case.grid_id, case.deputy_id) == ("grid", grid.id, deputy) and case.deadline
        status, _, page = worker.open(f"{base}/g?done={number}")
        assert status == 200 and number in page
        assert Browser().open(f"{base}/g")[0] == 403

        with admin.unit_of_work() as s:                                 # 代表个人页面: a link and the deputy's cases
            d = s.scalar(select(Deputy).where(Deputy.id.in_(select(Case.deputy_id))).order_by(Deputy.id))
            mine = s.scalars(select(Case.number).where(Case.deputy_id == d.id)).all()
            token = deputy_link(s, d.name, index_path(s, d.station_id)).rsplit("/", 1)[1]
        deputy = Browser()
        status, _, page = deputy.open(f"{base}/m/{token}")
        assert status == 200 and f"{d.name} 代表" in page and all(n in page for n in mine[:3]), page
        assert Browser().open(f"{base}/m/{'A' * 32}")[0] == 403
        _, _, case_page = deputy.open(f"{base}/m/c/{mine[0]}")
        status, _, _ = deputy.open(f"{base}/m/c/{mine[0]}", {"_xsrf": _xsrf(case_page), "words": "已转交社区，三天内答复。",
                                                            "kind": "reply"})
        assert status == 303
        with admin.unit_of_work() as s:
            case_id = s.scalar(select(Case.id).where(Case.number == mine[0]))
            code = issue_lookup_code(s, mine[0])
            assert s.scalar(select(CaseEvent.note).where(CaseEvent.case_id == case_id,
                                                         CaseEvent.action == "deputy_reply")) == "已转交社区，三天内答复。"
        citizen = Browser()
        _, _, form = citizen.open(f"{base}/q")
        status, _, shown = citizen.open(f"{base}/q", {"_xsrf": _xsrf(form), "number": mine[0], "proof": code})
        assert status == 200 and "已转交社区，三天内答复。" in shown, shown
        with admin.reader() as s:                                       # 代表履职公开页: counts by a checking function
            qr = s.scalar(select(Deputy.qr_token).where(Deputy.id == d.id))
        if qr:
            status, _, public_page = Browser().open(f"{base}/r/{qr}")
            assert status == 200 and f"{d.name} 代表" in public_page and "件。" in public_page, public_page
    with admin.reader() as s:
        assert len(s.scalars(select(Ballot.receipt).where(Ballot.vote_id == codes["vote"])).all()) == 1


def test_the_citizen_confirms_a_suggestion_done_through_the_checking_function_only(public_pg):
    """A QR opinion grows into a suggestion answered A; its citizen, on the lookup page served by
    the public role, says whether it was done; the database checks the code and the answer."""
    from toolkit.suggestions.answers import answer
    from toolkit.suggestions.handling import SuggestionForm, assign, propose
    from toolkit.suggestions.models import SuggestionCase
    admin, public, codes = public_pg
    with serving(public) as base:
        b = Browser()
        _, _, page = b.open(f"{base}/d/{codes['token']}")
        _, _, receipt = b.open(f"{base}/d/{codes['token']}", {
            "_xsrf": _xsrf(page), "content": "村口小桥年久失修，雨天过桥危险。", "category": "城乡建设",
            "name": "赵先生", "phone": "13912340000"}, follow=True)
        number = re.search(r"案件编号：<b>([^<]+)</b>", receipt).group(1)
        code = re.search(r"查询码：<b>([^<]+)</b>", receipt).group(1)
        with admin.unit_of_work() as s:
            case = s.scalar(select(Case).where(Case.number == number))
            act(s, case.id, "register")
            suggestion = propose(s, SuggestionForm("关于维修村口小桥的建议", "小桥失修", case.deputy_id, case_numbers=[number]))
            _, _, shown = b.open(f"{base}/q", {"_xsrf": _xsrf(page), "number": number, "proof": code})
        assert "这件事落实了吗" not in shown                           # not answered yet: nothing to confirm
        with admin.unit_of_work() as s:
            assign(s, suggestion.id, s.scalar(select(Department.id).order_by(Department.id)))
            answer(s, suggestion.id, "A", "已重建小桥。")
        status, _, shown = b.open(f"{base}/q", {"_xsrf": _xsrf(page), "number": number, "proof": code})
        assert status == 200 and "关于维修村口小桥的建议" in shown and "这件事落实了吗" in shown and "已重建小桥" in shown
        status, _, done = b.open(f"{base}/q/confirm", {"_xsrf": _xsrf(page), "number": number, "proof": "0000",
                                                       "word": "已落实"})
        assert status == 400 and "确认落实情况须填写回执或短信上的查询码" in done   # the phone's ending only looks
        status, _, done = b.open(f"{base}/q/confirm", {"_xsrf": _xsrf(page), "number": number, "proof": "WRONG234",
                                                       "word": "已落实"})
        assert status == 400 and "不匹配" in done                       # a wrong code: the one message
        status, _, done = b.open(f"{base}/q/confirm", {"_xsrf": _xsrf(page), "number": number, "proof": code,
                                                       "word": "已落实"})
        assert status == 200 and "感谢您的确认" in done and "<dd>已落实</dd>" in done, done
    with admin.reader() as s:
        word, at, case_id = s.execute(select(SuggestionCase.confirmation, SuggestionCase.confirmed_at, SuggestionCase.case_id)
                                      .where(SuggestionCase.suggestion_id == suggestion.id)).one()
        assert word == "已落实" and at is not None
        assert s.scalar(select(AuditEntry.after).where(AuditEntry.entity == "suggestion_case",
                                                      AuditEntry.entity_id == case_id)) == '{"confirmation": "已落实"}'
    with pytest.raises(Exception, match="lookup code"):       # the function itself refuses a wrong code
        with public.engine.begin() as c:
            c.execute(text("SELECT public_confirm_suggestion(:c, 'x', '未落实', localtimestamp)"), {"c": case_id})


def test_the_public_role_reads_no_usable_code_and_writes_only_as_the_public(public_pg):
    """The account reads no hash it could replay, so a ballot goes in only with a real code."""
    admin, public, codes = public_pg
    with admin.reader() as s:
        hashes = list(s.scalars(text("SELECT code_hash FROM vote_register")))
    assert hashes
    for h in hashes:                              # even a hash read elsewhere is not a code
        with pytest.raises(NotFound, match="投票码无效"), public.unit_of_work() as s:
            cast_with_code(s, h, {"老年食堂": "赞成"})
    with public.engine.begin() as c:
        c.execute(text("INSERT INTO audit_log (at, entity, action) VALUES (now(), 'deputy', 'update')"))
    with admin.reader() as s:
        actors = set(s.scalars(select(AuditEntry.actor).where(AuditEntry.entity == "deputy", AuditEntry.action == "update",
                                                                AuditEntry.before.is_(None), AuditEntry.after.is_(None))))
    assert actors == {"public"}


def test_the_public_role_cannot_fill_the_box_or_forge_an_answer_even_knowing_the_hashes(public_pg):
    """What the review did with the old grants, tried again: every unused code's register line and
    a forged official answer. The checking functions refuse a hash that is not the code's own."""
    admin, public, codes = public_pg
    with admin.reader() as s:
        case_id = s.scalar(select(Case.id).where(Case.state == "answered").order_by(Case.id))
        target = s.scalar(text("SELECT id FROM eval_target WHERE round_id = :r ORDER BY id"), {"r": codes["round"]})
        before = s.scalar(text("SELECT count(*) FROM ballot_box"))
    for statement in ("SELECT public_cast_ballot(md5(random()::text), '{}')",
                      f"SELECT public_rate_case({case_id}, md5(random()::text), '不满意', '', localtimestamp)",
                      f"SELECT public_collect_event({case_id})",
                      f"SELECT public_kiosk_answer({codes['round']}, {target}, md5(random()::text), '满意', '{{}}', '', "
                      "localtimestamp)"):
        with pytest.raises(Exception, match="permission denied"), public.engine.begin() as c:
            c.execute(text(statement))
    with admin.reader() as s:
        assert s.scalar(text("SELECT count(*) FROM ballot_box")) == before
        assert s.scalar(select(Case.state).where(Case.id == case_id)) == "answered"


@pytest.mark.parametrize("statement", [
    "SELECT citizen_name FROM citizen_case",
    "SELECT citizen_phone FROM citizen_case",
    "SELECT id_number FROM deputy",
    "SELECT phone FROM deputy",
    "SELECT * FROM app_user",
    "SELECT * FROM audit_log",
    "UPDATE citizen_case SET state = 'concluded'",
    "UPDATE citizen_case SET rating = '满意' WHERE state = 'answered'",
    "UPDATE citizen_case SET state = 'evaluated' WHERE state <> 'answered'",
    "UPDATE citizen_case SET lookup_hash = 'X' WHERE lookup_hash IS NOT NULL",
    "DELETE FROM citizen_case",
    "UPDATE deputy SET name = '篡改'",
    "INSERT INTO app_user (login, name, role, active, version) VALUES ('evil', '冒充', 'city_admin', true, 1)",
    "DELETE FROM audit_log",
    "UPDATE eval_response SET verdict = '满意'",
    "SELECT verdict, comment FROM eval_response",
    "SELECT score FROM eval_score",
    "SELECT citizen_phone FROM citizen_case WHERE case_phone_tail_is(id, '1234')",
    "DELETE FROM ballot_box",
    "UPDATE vote_register SET code_hash = 'X'",
    "UPDATE ballot_box SET marks = '{}'",
    "INSERT INTO audit_log (at, actor, entity, action) VALUES (now(), 'wang.city', 'deputy', 'update')",
    "INSERT INTO station (name, kind) VALUES ('假站点', 'village_point')",
    "INSERT INTO case_event (case_id, at, actor, action, to_state, note) "
    "SELECT id, now(), '区住建局（承办单位）', 'answer', 'answered', '已解决' FROM citizen_case LIMIT 1",
    "SELECT note FROM case_event",
    "SELECT lookup_hash FROM citizen_case",
    "SELECT code_hash FROM vote_register",
    "UPDATE vote_register SET voted = true",
    "INSERT INTO ballot_box (receipt, vote_id, marks) SELECT 'F0RGED', id, '{}' FROM vote LIMIT 1",
    "SELECT ballot_box_reseal(1)",
    "SELECT code_hash FROM eval_code",
    "SELECT respondent FROM eval_response",
    "INSERT INTO eval_response (round_id, target_id, respondent, verdict, submitted_at) VALUES (1, 1, 'code:x', '满意', now())",
    "SELECT case_evaluate_step(1, '满意', '', localtimestamp, '群众')",
    "UPDATE suggestion_case SET confirmation = '已落实', confirmed_at = now()",
    "INSERT INTO suggestion_event (suggestion_id, at, actor, action, round) SELECT id, now(), '群众', 'confirm', 1 FROM suggestion LIMIT 1",
    "SELECT answer_text FROM suggestion",
])
def test_everything_else_is_refused_by_the_database(public_pg, statement):
    _, public, _ = public_pg
    with pytest.raises(Exception, match="permission denied"), public.engine.begin() as c:
        c.execute(text(statement))
