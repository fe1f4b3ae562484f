"""Enrolment into a home station, moves, history, and coverage."""
import pytest

from toolkit import (
    ToolkitError,
    coverage_by_level,
    coverage_by_station,
    coverage_summary,
    create_deputy,
    enrol,
    move_history,
    unenrol,
    unenrolled_ids,
)
from toolkit.core.principal import named

from .factories import id_number, record


def test_a_move_is_kept_with_who_when_from_and_to(session, network):
    did = create_deputy(session, record())
    with named(session, "李主任"):
        enrol(session, did, network["shunan"], "工作调动")
    history = move_history(session, did)
    latest = history.iloc[0]
    assert (latest["操作人"], latest["原联络站"], latest["新联络站"], latest["说明"]) == (
        "李主任", "五松镇人大代表联络站", "顺安镇人大代表联络站", "工作调动")
    assert history.iloc[1]["原联络站"] == "（未进站）"
    assert len(history) == 2


def test_moving_to_the_same_station_is_refused(session, network):
    did = create_deputy(session, record())
    with pytest.raises(ToolkitError, match="无需调整"):
        enrol(session, did, network["wusong"])


def test_coverage_counts_enrolled_over_total_by_level_and_station(session, network):
    a = create_deputy(session, record(代表层级="县、乡"))
    create_deputy(session, record(代表层级="乡", 身份证号=id_number("19800101"), 出生年月="1980-01",
                                  所属联络站="天井湖社区联络站"))
    unenrol(session, a, "任期届满")
    assert coverage_summary(session) == {"代表总数": 2, "已进站": 1, "未进站": 1, "覆盖率": 0.5}
    levels = coverage_by_level(session).set_index("层级")
    assert levels.loc["乡", ["代表数", "已进站"]].tolist() == [2, 1]
    assert levels.loc["县", ["代表数", "已进站", "覆盖率"]].tolist() == [1, 0, 0.0]
    stations = coverage_by_station(session).set_index("联络站")
    assert stations.loc["铜官区中心站", "含下级代表"] == 1
    assert stations.loc["义安区中心站", "含下级代表"] == 0
    assert unenrolled_ids(session) == [a]
