"""The year's livelihood projects on the map (民生实事项目): each one pinned at the station its proposal came
from (a project has no coordinates of its own; several at one station fan out around it), named with
its progress."""
from __future__ import annotations

import math

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.scope import scope_of
from ..network.models import Station
from ..network.station_index import StationIndex
from ..network.station_map import Pin
from .models import Project, Proposal
from .vote_models import VoteCandidate

FAN = 0.004          # degrees (~400 m) between projects of one station, so each pin can be pointed at


def project_pins(session: Session, year: int | None = None, station: int | None = None) -> list[Pin]:
    """Projects (of `year`, or every year) whose proposal names a station with coordinates, in the
    user's scope (under `station` if given); kind "project", the label carries the progress."""
    keep = scope_of(session).where(station=Station.id) & Station.longitude.is_not(None)
    if year is not None:
        keep = keep & (Project.year == year)
    if station is not None:
        keep = keep & Station.id.in_(StationIndex.load(session).subtree(station))
    rows = session.execute(select(Project.id, Project.name, Project.progress, Station.id, Station.longitude,
                                  Station.latitude)
                           .join(VoteCandidate, VoteCandidate.id == Project.candidate_id)
                           .join(Proposal, Proposal.id == VoteCandidate.proposal_id)
                           .join(Station, Station.id == Proposal.station_id).where(keep)
                           .order_by(Station.id, Project.id)).all()
    out, seen = [], {}
    for pid, name, progress, sid, lon, lat in rows:
        n = seen[sid] = seen.get(sid, -1) + 1
        angle = n * 2.4                                   # golden-angle steps: a fan that never overlaps itself
        offset = FAN * math.sqrt(n + 1)
        out.append(Pin(pid, f"{name}（进度{progress}%）", "project", round(lon + offset * math.cos(angle), 6),
                       round(lat + offset * math.sin(angle), 6), 0))
    return out
