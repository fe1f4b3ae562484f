"""找联络站 (/s): the stations by district, each with its address, 接待日 and the deputies on duty; nearest
first when the phone shares its place (static/near.js asks for it and reloads the page with it; the
place is used for the order, never logged — the access log drops the query — nor stored)."""
from __future__ import annotations

from datetime import date

from ..duty.rota import on_duty
from ..network.mobile_points import open_points
from ..network.station_finder import districts, nearest, stations_in
from .web import CSP, PublicHandler


def _number(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


class FinderPage(PublicHandler):
    """GET /s (the districts), /s?d=ID (one district's stations), /s?lon=…&lat=… (nearest first)."""

    def _read(self, district: int | None, lon: float | None, lat: float | None) -> dict:
        with self.db.reader() as s:
            areas = districts(s)
            if lon is not None and lat is not None:
                found, heading = nearest(s, lon, lat), "离您最近的联络站"
            elif district is not None:
                found = stations_in(s, district)
                heading = next((name for i, name, _ in areas if i == district), "")
            else:
                found, heading = [], ""
            duty = on_duty(s, [f.id for f in found])
            points = open_points(s)
        for f in found:
            f.on_duty = duty.get(f.id, [])
        return {"areas": areas, "found": found, "heading": heading, "points": points}

    async def get(self) -> None:
        # near.js, our own file, only adds the 「按距离排序」 button; the page works without it.
        self.set_header("Content-Security-Policy", CSP.replace("default-src 'none';", "default-src 'none'; script-src 'self';"))
        district = self.get_query_argument("d", "")
        lon = _number(self.get_query_argument("lon", ""), 73, 136)
        lat = _number(self.get_query_argument("lat", ""), 3, 54)
        values = await self.in_db(self._read, int(district) if district.isdigit() else None, lon, lat)
        self.page("finder.html", district=district, near=lon is not None and lat is not None, today=date.today(),
                  **values)
