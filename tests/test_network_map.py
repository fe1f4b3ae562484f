"""The map's data and drawing on both databases: pins only where coordinates are known, opinions
counted by the database and shown as 「<5」 under five, grid areas from a GeoJSON file (all or
nothing), hostile names escaped in the SVG, an analyst's or a station's scope kept."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from toolkit.cases.services import Opinion, intake
from toolkit.cases.stats import opinions_by_grid, opinions_by_station
from toolkit.core.errors import ImportRejected, ToolkitError
from toolkit.core.principal import PRINCIPAL, Principal
from toolkit.formats.svg_map import svg_map
from toolkit.network.grid_boundaries import apply_boundaries
from toolkit.network.grid_models import Grid
from toolkit.network.grids import GridData, save_grid
from toolkit.network.models import Station
from toolkit.network.station_map import map_areas, map_pins
from toolkit.network.stations import add_station
from toolkit.ops.cli import main

SQUARE = [[117.80, 30.90], [117.82, 30.90], [117.82, 30.92], [117.80, 30.92], [117.80, 30.90]]


def _place(session, station_id, lon, lat):
    station = session.get(Station, station_id)
    station.longitude, station.latitude = lon, lat
    session.flush()


def _feature(grid, station, coordinates=SQUARE, kind="Polygon"):
    return {"type": "Feature", "properties": {"网格": grid, "所属站点": station},
            "geometry": {"type": kind, "coordinates": [coordinates] if kind == "Polygon" else coordinates}}


def test_pins_count_the_opinions_and_hide_small_numbers(session, network):
    _place(session, network["wusong"], 117.81, 30.91)
    _place(session, network["tianjinghu"], 117.85, 30.95)
    hostile = add_station(session, "<img src=x onerror=alert(1)>", "village_point", network["wusong"])
    _place(session, hostile, 117.79, 30.89)
    for n in range(6):
        intake(session, Opinion(f"意见{n}", station_id=network["wusong"]))
    intake(session, Opinion("一件", station_id=network["tianjinghu"]))
    pins = {p.id: p for p in map_pins(session, opinions_by_station(session, None))}
    assert set(pins) == {network["wusong"], network["tianjinghu"], hostile}         # no coordinates, no pin
    assert (pins[network["wusong"]].shown_count, pins[network["tianjinghu"]].shown_count) == ("6", "<5")
    assert pins[hostile].shown_count == "0"
    drawn = str(svg_map(list(pins.values())))
    assert "<img" not in drawn and "&lt;img src=x" in drawn and "意见&lt;5件" in drawn
    assert {p.id for p in map_pins(session, {}, network["yian"])} == {network["wusong"], hostile}
    session.info[PRINCIPAL] = Principal("t", "天井湖站", "station_staff", station_id=network["tianjinghu"],
                                        stations=frozenset({network["tianjinghu"]}))
    assert [p.id for p in map_pins(session, opinions_by_station(session, None))] == [network["tianjinghu"]]


def test_an_empty_map_says_what_to_fill_in():
    assert "尚未填写经纬度" in str(svg_map([]))


def test_grid_boundaries_come_from_geojson_all_or_nothing(session, network):
    save_grid(session, network["wusong"], GridData("北网格"))
    save_grid(session, network["wusong"], GridData("南网格", deputy_ids=[]))
    bad = {"type": "FeatureCollection", "features": [
        _feature("北网格", "五松镇人大代表联络站"),
        _feature("西网格", "五松镇人大代表联络站"),
        _feature("南网格", "五松镇人大代表联络站", [[30.9, 117.8], [30.91, 117.8], [30.9, 117.81]]),
        {"type": "Feature", "properties": {"网格": "北网格", "所属站点": "五松镇人大代表联络站"},
         "geometry": {"type": "Point", "coordinates": [117.8, 30.9]}}]}
    with pytest.raises(ImportRejected) as refused:
        apply_boundaries(session, json.dumps(bad).encode())
    text = str(refused.value)
    assert "第2行「网格」：找不到" in text and "第3行" in text and "经纬度未填反" in text and "Point" in text
    assert session.scalar(select(Grid.boundary).where(Grid.name == "北网格")) is None
    good = {"type": "FeatureCollection", "features": [_feature("北网格", "五松镇人大代表联络站"),
                                                      _feature("南网格", "五松镇人大代表联络站", [[SQUARE]], "MultiPolygon")]}
    assert apply_boundaries(session, json.dumps(good).encode()) == 2
    north = session.scalar(select(Grid.id).where(Grid.name == "北网格"))
    for n in range(6):
        intake(session, Opinion(f"转交{n}", station_id=network["wusong"], grid_id=north, channel="grid"))
    areas = {a.name: a for a in map_areas(session, opinions=opinions_by_grid(session))}
    assert (areas["北网格"].shown_count, areas["南网格"].shown_count) == ("6", "0")
    assert "网格员转交意见6件" in str(svg_map([], [areas["北网格"]]))
    assert set(areas) == {"北网格", "南网格"} and areas["北网格"].rings[0][0] == (117.8, 30.9)
    assert "<polygon" in str(svg_map([], list(areas.values())))
    with pytest.raises(ToolkitError, match="不是有效的 GeoJSON"):
        apply_boundaries(session, b"not json")


def test_the_command_line_imports_boundaries_and_names_each_bad_feature(db, tmp_path, capsys):
    from .factories import small_network
    with db.unit_of_work() as s:
        ids = small_network(s)
        save_grid(s, ids["wusong"], GridData("北网格"))
    url = db.engine.url.render_as_string(hide_password=False)
    path = tmp_path / "网格.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [_feature("无此格", "五松镇人大代表联络站")]}),
                    encoding="utf-8")
    assert main(["grids", "boundaries", str(path), "--db", url]) == 2
    assert "第1个要素「网格」：找不到" in capsys.readouterr().out
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [_feature("北网格", "五松镇人大代表联络站")]}),
                    encoding="utf-8")
    assert main(["grids", "boundaries", str(path), "--db", url]) == 0
    assert "已导入1个网格的边界" in capsys.readouterr().out


def test_projects_are_pinned_beside_the_station_they_came_from(session, network, project):
    from datetime import datetime

    from toolkit.projects.models import Project, ProjectCall, Proposal
    from toolkit.projects.project_places import project_pins
    from toolkit.projects.vote_models import VoteCandidate

    call = ProjectCall(name="征集", level="county", year=2027, opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 1),
                       created_by="测试")
    session.add(call)
    session.flush()
    proposal = Proposal(call_id=call.id, title="村卫生室提升", source="deputy", proposer="王代表",
                        station_id=network["wusong"], created_at=datetime(2026, 1, 5), state="candidate")
    session.add(proposal)
    session.flush()
    candidate = session.scalar(select(VoteCandidate).join(Project, Project.candidate_id == VoteCandidate.id)
                               .where(Project.id == project))
    candidate.proposal_id = proposal.id
    session.flush()
    assert project_pins(session) == []                # its station has no coordinates yet
    _place(session, network["wusong"], 117.81, 30.91)
    pins = project_pins(session)
    assert [(p.id, p.kind) for p in pins] == [(project, "project")] and "进度0%" in pins[0].label
    assert abs(pins[0].longitude - 117.81) < 0.01 and "<rect" in str(svg_map(pins))
