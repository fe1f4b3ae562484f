"""The project-cycle app from Python: 征集 → 筛选 → 票决 → 监督 → 评议, through its panels only."""
from datetime import datetime, timedelta

from sqlalchemy import select

from toolkit.network.models import Deputy, Seat
from toolkit.projects.ballots import cast_with_code
from toolkit.projects.votes import result_of
from widgets import ProgressBoard, VotesApp

from . import files


def _county_deputies(db, n):
    with db.reader() as s:
        return list(s.execute(select(Deputy.id, Deputy.name).join(Seat, Seat.deputy_id == Deputy.id)
                              .where(Seat.level == "county").order_by(Deputy.id).limit(n)))


def test_the_whole_cycle_in_the_app(demo_db, tmp_path):
    app = VotesApp(demo_db)
    c = app.calls_panel
    c.call_name.value = "2027年县民生实事项目征集"
    c.call_to.value = c.call_from.value + timedelta(days=10)
    demo_call = app.call.value
    c.call_button.click()
    assert "少于30天" in c.message.text and app.call.value == demo_call
    c.call_to.value = c.call_from.value + timedelta(days=40)
    c.call_button.click()
    assert c.message.kind == "ok" and app.call.value not in (None, demo_call)
    for title, who in (("老年助餐点", "张大妈"), ("长者食堂", "李大爷"), ("口袋公园", "王阿姨"), ("充电桩", "赵师傅")):
        c.title.value, c.proposer.value, c.place.value = title, who, "幸福里"
        c.add_button.click()
        assert c.message.kind == "ok", c.message.text
    labels = dict(c.pick.options)
    c.pick.value = next(i for l, i in labels.items() if "老年助餐点" in l)
    c.merge_from.value = (next(i for l, i in labels.items() if "长者食堂" in l),)
    c.merge_button.click()
    assert "已合并" in c.message.text and "已合并" in c.listing.value

    sc = app.screening
    by_title = {l.split(" ", 1)[1].split("（")[0]: i for l, i in sc.pick.options}
    for title in ("老年助餐点", "口袋公园", "充电桩"):
        sc.pick.value = by_title[title]
        for box in sc.criteria.values():
            box.value = True
        sc.reason.value, sc.cost.value, sc.department.index = "群众需求迫切，财力可承受", 120, 1
        sc.decide_button.click()
        assert sc.message.kind == "ok", sc.message.text
    assert len(sc.reserve.options) == 3

    st = app.setup
    st.vote_name.value, st.seats.value, st.electorate.value = "2027年县民生实事项目票决", 2, 3
    st.create_button.click()
    assert st.message.kind == "ok", st.message.text
    sc.reserve.value = tuple(i for _, i in sc.reserve.options)
    sc.to_vote_button.click()
    assert "3个项目" in sc.message.text
    assert "不在常见做法之内" in st.advice.value        # 3 of 2 is outside 12 of 10 … 20 of 15
    st.open_button.click()
    assert "已锁定" in st.message.text
    st.candidate.value = "新项目"
    st.add_button.click()
    assert st.message.kind == "error"

    desk = app.desk
    (a, a_name), (b, b_name) = _county_deputies(demo_db, 2)
    desk.attendee.text.value = a_name
    desk.issue_button.click()
    assert "投票码" in desk.message.text and "投票码.html" in desk.slip_link.value
    code = desk.message.text.split("投票码 ")[1].rstrip("。")
    with demo_db.unit_of_work() as s:        # the deputy votes on their phone (toolkit.public.ballot)
        cast_with_code(s, code, {"老年助餐点": "赞成", "口袋公园": "赞成"})
    desk.attendee.text.value = b_name         # b checks in too, then votes at the machine
    desk.issue_button.click()
    desk.voter.text.value = b_name
    desk.marks["老年助餐点"].value = "赞成"
    desk.cast_button.click()
    assert "回执码" in desk.ballot_message.text
    receipt = desk.ballot_message.text.split("回执码 ")[1].split("：")[0]
    sheet = files.write(tmp_path / "纸质.csv", ["老年助餐点", "口袋公园", "充电桩"], [["赞成", "赞成", "同意"]])
    desk.upload.value = ({"name": "纸质.csv", "type": "text/csv", "size": 1, "content": memoryview(sheet.read_bytes()),
                          "last_modified": datetime.now()},)
    desk.paper_button.click()
    assert "同意" in desk.paper_message.text and desk.paper_message.kind == "error"
    sheet = files.write(tmp_path / "纸质.csv", ["老年助餐点", "口袋公园", "充电桩"], [["赞成", "反对", ""]])
    desk.upload.value = ({"name": "纸质.csv", "type": "text/csv", "size": 1, "content": memoryview(sheet.read_bytes()),
                          "last_modified": datetime.now()},)
    desk.paper_issued.value = 1
    desk.paper_button.click()
    assert desk.paper_message.kind == "ok", desk.paper_message.text
    assert "发出选票 <b>3</b>" in desk.counts.value and "收回 <b>3</b>" in desk.counts.value

    cp = app.counting
    cp.count_button.click()
    text = cp.confirm_text.value
    assert cp.confirm.layout.display is None and cp.count_button.disabled
    assert "出席3人 / 全体代表3人（须达到2/3，即至少2人）" in text and "已达到法定人数" in text and "不能撤销" in text
    with demo_db.reader() as s:
        assert result_of(s, cp.vote_id) is None               # nothing closed before the confirmation
    cp.cancel_button.click()
    assert cp.confirm.layout.display == "none" and not cp.count_button.disabled
    cp.count_button.click()
    cp.confirm_button.click()
    assert cp.message.kind == "ok", cp.message.text
    assert "入选项目（按得票多少为序）：老年助餐点<" in cp.result.value and "空缺1项" in cp.result.value
    for suffix in (".html", ".xlsx", ".pdf", ".pb"):
        assert f"结果公告{suffix}" in cp.downloads.value
    cp.receipt.value = receipt
    cp.check_button.click()
    assert "已计入票箱" in cp.check_message.text and "赞成" not in cp.check_message.text

    sv = app.supervision
    mine = [i for label, i in sv.project.options if label.startswith(f"{c.call_year.value} 老年助餐点（")]
    assert len(mine) == 1 and not any("口袋公园（" in l and l.startswith(str(c.call_year.value)) for l, _ in sv.project.options)
    sv.project.value = mine[0]
    sv.step.value = "完成招标"
    sv.step_button.click()
    sv.progress.value, sv.note.value, sv.photos.value = 100, "已建成投用", "助餐点外景"
    sv.progress_button.click()
    assert sv.message.kind == "ok", sv.message.text
    sv.complete_button.click()
    assert "未完成的节点：完成招标" in sv.message.text
    sv.inspector.text.value = a_name
    sv.add_inspector.click()
    sv.findings.value = "饭菜质量好，建议延长供餐时间"
    sv.inspect_button.click()
    assert sv.message.kind == "ok", sv.message.text
    assert "建议延长供餐时间" in sv.timeline.value and "助餐点外景" in sv.timeline.value
    board = ProgressBoard(demo_db)
    assert "2027年民生实事项目进度" in board.projects.value and "100%" in board.projects.value


def test_a_void_vote_is_announced_and_checked_as_void(demo_db):
    """Too few present: the confirmation says the vote will be void, the announcement says nothing
    was counted, and a receipt check says the same (not 已计入票箱 beside 有效0张)."""
    from toolkit.projects.ballots import issue_ballots
    from toolkit.projects.votes import add_candidate, create_vote, open_vote
    (a, _), = _county_deputies(demo_db, 1)
    with demo_db.unit_of_work() as s:
        vid = create_vote(s, "出席不足的票决", "county", seats=1, electorate=30)
        add_candidate(s, vid, "口袋公园", cost=50, department="区住建局")
        add_candidate(s, vid, "老年食堂", cost=80, department="区民政局")
        open_vote(s, vid)
        code = issue_ballots(s, vid, [a])[a]
    with demo_db.unit_of_work() as s:
        receipt = cast_with_code(s, code, {"口袋公园": "赞成"})
    app = VotesApp(demo_db)
    cp = app.counting
    cp.vote_id = vid
    cp.count_button.click()
    assert "出席1人 / 全体代表30人（须达到2/3，即至少20人）" in cp.confirm_text.value
    assert "本次票决将作无效处理" in cp.confirm_text.value
    cp.confirm_button.click()
    assert "本次票决无效" in cp.message.text and "有效0张" not in cp.result.value and "未计票（本次票决无效）" in cp.result.value
    cp.receipt.value = receipt
    cp.check_button.click()
    assert "本次票决无效" in cp.check_message.text and "已计入票箱" not in cp.check_message.text
