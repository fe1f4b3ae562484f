"""The optional online base layer under the offline map: 天地图's tiles in its longitude–latitude grid
(TILEMATRIXSET c, CGCS2000 ≈ WGS-84 within a metre at a city's scale), only when the operator has set
their browser key in LIAISON_TIANDITU_KEY. Without a key nothing is fetched (intranets need none).

A c-grid tile at level z spans 180/2^(z-1) degrees both ways from (−180°, 90°); the map's projection
is affine in longitude and in latitude, so each tile is one axis-aligned <image> of the SVG."""
from __future__ import annotations

import math
import os
import re

from ..core.markup import Markup, html, join

ENV_KEY = "LIAISON_TIANDITU_KEY"
HOSTS = tuple(f"https://t{n}.tianditu.gov.cn" for n in range(8))
MAX_TILES = 48            # a county's map at a useful level; a province zooms out instead
_KEY = re.compile(r"^[0-9a-fA-F]{16,64}$")


def tianditu_key() -> str | None:
    """The operator's key, when it is one (hex, as 天地图 issues them); None otherwise."""
    key = os.environ.get(ENV_KEY, "").strip()
    return key if _KEY.match(key) else None


def span(level: int) -> float:
    """Degrees a tile covers at `level` (1–18)."""
    return 180.0 / 2 ** (level - 1)


def tile_of(lon: float, lat: float, level: int) -> tuple[int, int]:
    """(column, row) of the tile holding a point."""
    s = span(level)
    return int((lon + 180.0) // s), int((90.0 - lat) // s)


def pick_level(west: float, east: float, south: float, north: float, width: int) -> int:
    """The finest level whose tiles over the box stay within MAX_TILES, near one screen pixel per tile pixel."""
    wanted = 1 + math.log2(180.0 * width / 256.0 / max(east - west, 1e-6))
    level = max(1, min(18, math.floor(wanted)))
    while level > 1 and _count(west, east, south, north, level) > MAX_TILES:
        level -= 1
    return level


def _count(west, east, south, north, level) -> int:
    c0, r0 = tile_of(west, north, level)
    c1, r1 = tile_of(east, south, level)
    return (c1 - c0 + 1) * (r1 - r0 + 1)


def tile_url(layer: str, level: int, col: int, row: int, key: str) -> str:
    """A WMTS GetTile address of layer vec (the map) or cva (its Chinese labels)."""
    host = HOSTS[(col + row) % len(HOSTS)]
    return (f"{host}/{layer}_c/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default"
            f"&TILEMATRIXSET=c&FORMAT=tiles&TILEMATRIX={level}&TILEROW={row}&TILECOL={col}&tk={key}")


def base_layer(project, width: int, key: str | None = None) -> Markup:
    """The tiles under a map drawn with `project` (toolkit.formats.svg_map.Projection); empty without a key."""
    key = key or tianditu_key()
    if not key:
        return Markup("")
    level = pick_level(project.west, project.east, project.south, project.north, width)
    c0, r0 = tile_of(project.west, project.north, level)
    c1, r1 = tile_of(project.east, project.south, level)
    s = span(level)
    images = []
    for row in range(r0, r1 + 1):
        for col in range(c0, c1 + 1):
            x0, y0 = project(col * s - 180.0, 90.0 - row * s)
            x1, y1 = project((col + 1) * s - 180.0, 90.0 - (row + 1) * s)
            for layer in ("vec", "cva"):
                images.append(html('<image href="{}" x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none"/>',
                                   tile_url(layer, level, col, row, key), x0, y0, round(x1 - x0, 1), round(y1 - y0, 1)))
    return html('<g class="lz-base-layer" opacity="0.85">{}</g>', join(images))
