"""Reusable ipywidgets panels of 联络站工作台; each gets a toolkit Database injected."""
from .admin_app import AdminApp
from .ballot_page import BallotPage
from .board import ProgressBoard
from .case_detail import CaseDetailPanel
from .case_figures import CaseFiguresPanel
from .case_intake import CaseIntakePanel
from .case_list import CaseListPanel
from .cases_app import CasesApp
from .coverage import CoveragePanel
from .departments import DepartmentPanel
from .duty_app import DutyApp
from .evaluations_app import EvaluationsApp
from .intake_page import IntakePage
from .kiosk import KioskPage
from .pairings_app import PairingsApp
from .qr_panel import QrPanel
from .deputy_form import DeputyFormPanel
from .deputy_list import DeputyListPanel
from .enrolment_app import EnrolmentApp
from .enrolment_move import EnrolmentMovePanel
from .roster_io import RosterIOPanel
from .station_tree import StationTreePanel
from .votes_app import VotesApp

__all__ = ["AdminApp", "BallotPage", "CaseDetailPanel", "CaseFiguresPanel", "CaseIntakePanel", "CaseListPanel", "CasesApp",
           "CoveragePanel", "DepartmentPanel", "DutyApp", "DeputyFormPanel", "DeputyListPanel", "EnrolmentApp",
           "EnrolmentMovePanel", "EvaluationsApp", "IntakePage", "KioskPage", "PairingsApp", "ProgressBoard", "QrPanel", "RosterIOPanel",
           "StationTreePanel", "VotesApp"]
