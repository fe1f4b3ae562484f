"""Reusable ipywidgets panels of 联络站工作台; each gets a toolkit Database injected."""
from .admin.app import AdminApp
from .cases.app import CasesApp
from .cases.board import ProgressBoard
from .cases.departments import DepartmentPanel
from .cases.detail import CaseDetailPanel
from .cases.figures import CaseFiguresPanel
from .cases.intake import CaseIntakePanel
from .cases.intake_page import IntakePage
from .cases.listing import CaseListPanel
from .duty.app import DutyApp
from .evaluations.app import EvaluationsApp
from .evaluations.kiosk import KioskPage
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
from .projects.ballot_page import BallotPage

__all__ = ["AdminApp", "BallotPage", "CaseDetailPanel", "CaseFiguresPanel", "CaseIntakePanel", "CaseListPanel", "CasesApp",
           "CoveragePanel", "DepartmentPanel", "DutyApp", "DeputyFormPanel", "DeputyListPanel", "EnrolmentApp",
           "EnrolmentMovePanel", "EvaluationsApp", "IntakePage", "KioskPage", "PairingsApp", "ProgressBoard", "QrPanel", "RosterIOPanel",
           "StationTreePanel", "VotesApp"]
