"""Every table module, imported once so Base.metadata holds the whole schema (migrations, backups)."""
from . import (  # noqa: F401
    audit_models, case_models, duty_models, eval_models, models, pairing_models, project_models, user_models,
    vote_models,
)
from .models import Base

METADATA = Base.metadata
