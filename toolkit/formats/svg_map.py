"""A map as SVG, drawn from the project's own data with no tile server: pins and areas placed by
their WGS-84 coordinates (an equirectangular projection, east–west shortened by cos(latitude): at a
city's or a province's scale it reads as a map should). Every text goes through the markup helper."""
from __future__ import annotations

import math
from collections.abc import Iterable

from ..core.markup import Markup, html, join
from .base_layer import base_layer

KIND_STYLE = {"city_hub": ("#b71c1c", 9), "county_center": ("#d84315", 7), "township_station": ("#1565c0", 5),
              "village_point": ("#2e7d32", 3.5), "mobile": ("#6a1b9a", 6), "project": ("#f9a825", 5)}
DEFAULT_STYLE = ("#546e7a", 3.5)
LABELLED = {"city_hub", "county_center", "township_station", "mobile"}
CROWDED = 80            # above this many pins only the hub, the counties and mobile points are named (hover names the rest)


class Projection:
    """Longitude/latitude → x/y in a box of `width` × `height` with a margin, north up."""

    def __init__(self, points: Iterable[tuple[float, float]], width: int, height: int, margin: int = 24):
        xs, ys = zip(*points) if points else ((0.0,), (0.0,))
        self.west, self.east, self.south, self.north = min(xs), max(xs), min(ys), max(ys)
        self.shrink = math.cos(math.radians((self.south + self.north) / 2))
        span_x = max((self.east - self.west) * self.shrink, 1e-4)
        span_y = max(self.north - self.south, 1e-4)
        self.scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        self.left = (width - span_x * self.scale) / 2
        self.top = (height - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (round(self.left + (lon - self.west) * self.shrink * self.scale, 1),
                round(self.top + (self.north - lat) * self.scale, 1))


def svg_map(pins: list, areas: list = (), width: int = 900, height: int = 640, title: str = "地图",
            base: bool = False) -> Markup:
    """Pins (with .longitude, .latitude, .kind, .name, .label, .shown_count, .opinions) over areas
    (with .rings, .name, .station, .covered); an empty map says so. `base`: 天地图's tiles underneath
    when the operator set a key (toolkit.formats.base_layer), nothing otherwise."""
    points = [(p.longitude, p.latitude) for p in pins] + [pt for a in areas for ring in a.rings for pt in ring]
    if not points:
        return html('<p class="lz-map-empty">{}</p>', "所选范围内的站点尚未填写经纬度：在「站点名册」中填写经度、纬度（WGS-84）后导入即可显示地图。")
    project = Projection(points, width, height)
    under = base_layer(project, width) if base else Markup("")
    shapes = join(_area(a, project) for a in areas)
    biggest = max((p.opinions for p in pins), default=0) or 1
    halos = join(_halo(p, project, biggest) for p in pins if p.opinions and p.kind != "project")
    dots = join(_pin(p, project) for p in sorted(pins, key=lambda p: -KIND_STYLE.get(p.kind, DEFAULT_STYLE)[1]))
    named = LABELLED - ({"township_station"} if len(pins) > CROWDED else set())
    labels = join(_label(p, project) for p in pins if p.kind in named)
    return html('<svg xmlns="http://www.w3.org/2000/svg" class="lz-map" viewBox="0 0 {w} {h}" width="100%" '
                'role="img" aria-label="{t}"><title>{t}</title><rect width="{w}" height="{h}" fill="#f7f5ef"/>'
                '{}{}{}{}{}</svg>', under, shapes, halos, dots, labels, w=width, h=height, t=title)


def _area(a, project) -> Markup:
    fill = "#c8e6c9" if a.covered else "#ffe0b2"
    paths = join(html('<polygon points="{}"/>', " ".join(f"{x},{y}" for x, y in (project(*pt) for pt in ring)))
                 for ring in a.rings)
    status = "有联系代表" if a.covered else "尚无联系代表"
    return html('<g fill="{}" stroke="#8d6e63" stroke-width="0.8" fill-opacity="0.7"><title>{}·{}（{}；网格员转交意见{}件）'
                '</title>{}</g>', fill, a.station, a.name, status, a.shown_count, paths)


def _halo(p, project, biggest: int) -> Markup:
    x, y = project(p.longitude, p.latitude)
    radius = round(4 + 22 * math.sqrt(p.opinions / biggest), 1)
    return html('<circle cx="{}" cy="{}" r="{}" fill="#ef6c00" fill-opacity="0.18"/>', x, y, radius)


def _pin(p, project) -> Markup:
    x, y = project(p.longitude, p.latitude)
    colour, radius = KIND_STYLE.get(p.kind, DEFAULT_STYLE)
    if p.kind == "project":                               # a square: a project, not a place that receives people
        return html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff" stroke-width="1">'
                    '<title>{}</title></rect>', round(x - radius, 1), round(y - radius, 1), radius * 2, radius * 2,
                    colour, p.label)
    return html('<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#fff" stroke-width="1"><title>{}</title></circle>',
                x, y, radius, colour, p.label)


def _label(p, project) -> Markup:
    x, y = project(p.longitude, p.latitude)
    return html('<text x="{}" y="{}" font-size="12" fill="#263238" paint-order="stroke" stroke="#fff" '
                'stroke-width="3">{}（{}）</text>', round(x + 9, 1), round(y - 6, 1), p.name, p.shown_count)
