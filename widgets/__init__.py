"""Reusable ipywidgets panels of 联络站工作台; each gets a toolkit Database injected."""
from .coverage import CoveragePanel
from .deputy_form import DeputyFormPanel
from .deputy_list import DeputyListPanel
from .enrolment_app import EnrolmentApp
from .enrolment_move import EnrolmentMovePanel
from .roster_io import RosterIOPanel
from .station_tree import StationTreePanel

__all__ = ["CoveragePanel", "DeputyFormPanel", "DeputyListPanel", "EnrolmentApp",
           "EnrolmentMovePanel", "RosterIOPanel", "StationTreePanel"]
