"""A milestone of a 民生实事 project past its date and not reached tells the responsible unit and
the city's administrators, once per milestone and date (a date moved later may tell again)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..network.models import Department
from ..notify.addresses import of_department, of_users, tell
from .models import Project, ProjectMilestone


def overdue_milestones(session: Session, today: date) -> int:
    rows = session.execute(select(ProjectMilestone.id, ProjectMilestone.title, ProjectMilestone.due_on, Project.name,
                                  Project.department_id)
                           .join(Project, Project.id == ProjectMilestone.project_id)
                           .where(ProjectMilestone.done_on.is_(None), ProjectMilestone.due_on < today,
                                  Project.completed_on.is_(None))
                           .order_by(ProjectMilestone.due_on, ProjectMilestone.id))
    sent = 0
    for milestone_id, title, due_on, name, dept_id in rows:
        dept = session.get(Department, dept_id) if dept_id else None
        sent += tell(session, f"milestone-overdue:{milestone_id}:{due_on}", of_department(dept) + of_users(session, "city_admin"),
                     f"民生实事项目节点逾期：{name}",
                     f"民生实事项目「{name}」的节点「{title}」应于{due_on}完成，至今未完成。"
                     f"请{dept.name if dept else '承办单位'}报送进展，并在联络站工作台登记。", "milestone_overdue")
    return sent
