"""Every table module, imported once so Base.metadata holds the whole schema (migrations, backups)."""
from ..admin import models as _admin  # noqa: F401
from ..cases import models as _cases  # noqa: F401
from ..core import audit_models as _audit  # noqa: F401
from ..core import settings as _settings  # noqa: F401  (the app_setting table)
from ..core import workdays as _workdays  # noqa: F401  (the calendar_day table)
from ..core.base import Base
from ..duty import models as _duty  # noqa: F401
from ..evaluations import models as _evaluations  # noqa: F401
from ..network import models as _network  # noqa: F401
from ..notify import models as _notify  # noqa: F401
from ..pairings import models as _pairings  # noqa: F401
from ..projects import models as _projects  # noqa: F401
from ..projects import vote_models as _votes  # noqa: F401
from ..triage import models as _triage  # noqa: F401

METADATA = Base.metadata
