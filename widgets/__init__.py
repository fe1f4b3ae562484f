"""Reusable ipywidgets panels of 联络站工作台; each gets a toolkit Database injected."""
from .admin.app import AdminApp
from .cases.app import CasesApp
from .cases.board import ProgressBoard
from .cases.departments import DepartmentPanel
from .cases.detail import CaseDetailPanel
from .cases.figures import CaseFiguresPanel
from .cases.intake import CaseIntakePanel
from .cases.listing import CaseListPanel
from .duty.app import DutyApp
from .evaluations.app import EvaluationsApp
from .network.app import EnrolmentApp
from .network.coverage import CoveragePanel
from .network.deputy_form import DeputyFormPanel
from .network.deputy_list import DeputyListPanel
from .network.move import EnrolmentMovePanel
from .network.qr_panel import QrPanel
from .network.roster_io import RosterIOPanel
from .network.station_tree import StationTreePanel
from .pairings.app import PairingsApp
from .projects.app import VotesApp

__all__ = ["AdminApp", "CaseDetailPanel", "CaseFiguresPanel", "CaseIntakePanel", "CaseListPanel", "CasesApp",
           "CoveragePanel", "DepartmentPanel", "DutyApp", "DeputyFormPanel", "DeputyListPanel", "EnrolmentApp",
           "EnrolmentMovePanel", "EvaluationsApp", "PairingsApp", "ProgressBoard", "QrPanel", "RosterIOPanel",
           "StationTreePanel", "VotesApp"]
