"""The voting app from Python: set up, cast secret ballots with receipts, count and announce."""
from sqlalchemy import select

from toolkit.models import Deputy, Seat
from widgets import VotesApp


def test_a_whole_vote_in_the_app(demo_db):
    app = VotesApp(demo_db)
    app.name.value, app.seats.value, app.electorate.value = "2027年项目票决", 1, 3
    app.create_button.click()
    assert app.message.kind == "ok", app.message.text
    for name in ("老年食堂", "口袋公园"):
        app.candidate.value = name
        app.add_button.click()
    app.open_button.click()
    assert "已锁定" in app.message.text
    app.candidate.value = "充电桩"
    app.add_button.click()
    assert app.message.kind == "error"
    with demo_db.reader() as s:
        names = list(s.scalars(select(Deputy.name).join(Seat, Seat.deputy_id == Deputy.id)
                               .where(Seat.level == "county").order_by(Deputy.id).limit(2)))
    for name in names:
        app.voter.text.value = name
        app.marks["老年食堂"].value = "赞成"
        app.cast_button.click()
        assert app.ballot_message.kind == "ok" and "回执码" in app.ballot_message.text
    app.voter.text.value = names[0]
    app.cast_button.click()
    assert "已经投过票" in app.ballot_message.text
    app.present.value = 3
    app.count_button.click()
    assert app.count_message.kind == "ok", app.count_message.text
    assert "入选" in app.result.value and "票箱指纹" in app.result.value and "票决结果公告.html" in app.result.value
