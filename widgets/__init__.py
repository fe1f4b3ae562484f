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
from .enrolment.app import EnrolmentApp
from .enrolment.coverage import CoveragePanel
from .enrolment.deputy_form import DeputyFormPanel
from .enrolment.deputy_list import DeputyListPanel
from .enrolment.move import EnrolmentMovePanel
from .enrolment.qr_panel import QrPanel
from .enrolment.roster_io import RosterIOPanel
from .enrolment.station_tree import StationTreePanel
from .evaluations.app import EvaluationsApp
from .pairings.app import PairingsApp
from .suggestions.app import SuggestionsApp
from .votes.app import VotesApp

__all__ = ["AdminApp", "CaseDetailPanel", "CaseFiguresPanel", "CaseIntakePanel", "CaseListPanel", "CasesApp",
           "CoveragePanel", "DepartmentPanel", "DutyApp", "DeputyFormPanel", "DeputyListPanel", "EnrolmentApp",
           "EnrolmentMovePanel", "EvaluationsApp", "PairingsApp", "ProgressBoard", "QrPanel", "RosterIOPanel",
           "StationTreePanel", "SuggestionsApp", "VotesApp"]
