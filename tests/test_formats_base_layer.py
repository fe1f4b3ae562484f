"""天地图 under the offline map: nothing without the operator's key (no request, the apps' policy
unchanged); with it, the c-grid tiles that cover the map, placed by the map's own projection, and the
policy admitting 天地图's image hosts only. A key that is not one is ignored, never written into a page."""
from __future__ import annotations

from toolkit.formats.base_layer import ENV_KEY, HOSTS, MAX_TILES, base_layer, pick_level, span, tile_of
from toolkit.formats.svg_map import Projection, svg_map
from toolkit.ops.server import CSP, apps_csp

KEY = "0123456789abcdef0123456789abcdef"
CITY = [(117.60, 30.70), (118.10, 31.20)]            # 铜陵, WGS-84


class _Pin:
    def __init__(self, lon, lat):
        self.longitude, self.latitude, self.kind, self.opinions = lon, lat, "township_station", 3
        self.name, self.label, self.shown_count = "站", "站", "<5"


def test_without_a_key_nothing_is_fetched_and_the_policy_is_the_same(monkeypatch):
    monkeypatch.delenv(ENV_KEY, raising=False)
    assert str(base_layer(Projection(CITY, 900, 640), 900)) == ""
    assert "tianditu" not in str(svg_map([_Pin(117.8, 30.9)], base=True)) and apps_csp() == CSP
    monkeypatch.setenv(ENV_KEY, "\"><script>alert(1)</script>")
    assert apps_csp() == CSP and "script" not in str(svg_map([_Pin(117.8, 30.9)], base=True))


def test_the_tiles_cover_the_map_at_a_sensible_level(monkeypatch):
    monkeypatch.setenv(ENV_KEY, KEY)
    assert apps_csp() != CSP and all(h in apps_csp() for h in HOSTS) and "script-src 'self';" in apps_csp()
    for lon, lat in ((117.81, 30.94), (-0.5, 51.5), (179.9, -89.9)):
        for level in (1, 8, 14):
            col, row = tile_of(lon, lat, level)
            s = span(level)
            assert col * s - 180 <= lon < (col + 1) * s - 180 and 90 - (row + 1) * s < lat <= 90 - row * s
    project = Projection(CITY, 900, 640)
    level = pick_level(project.west, project.east, project.south, project.north, 900)
    assert 9 <= level <= 12
    drawn = str(base_layer(project, 900))
    tiles = drawn.count("<image ")
    assert 0 < tiles <= 2 * MAX_TILES and drawn.count("LAYER=vec&") == drawn.count("LAYER=cva&") == tiles // 2
    assert f"tk={KEY}" in drawn and "TILEMATRIXSET=c" in drawn and f"TILEMATRIX={level}&" in drawn
    first = drawn.split('x="', 1)[1]
    assert float(first.split('"')[0]) <= project(project.west, project.north)[0]        # the first tile starts west of the map
    province = Projection([(108.0, 21.0), (118.0, 29.0)], 900, 640)
    assert str(base_layer(province, 900)).count("<image ") <= 2 * MAX_TILES
