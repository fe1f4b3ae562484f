"""How an app notebook opens its page for the visitor the server in front named.

Staff apps run as that user (toolkit.admin.identity); the progress board for the hall's screen
runs as the public, whoever opens it (the citizens' and deputies' phone pages are not Voilà apps:
toolkit.public). A visitor the system does not know gets a
Chinese message, never a traceback.
"""
from __future__ import annotations

import ipywidgets as w

from toolkit.admin.identity import open_for_user
from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html
from toolkit.core.principal import PUBLIC_PRINCIPAL


def refusal_page(message: str) -> w.HTML:
    """What a visitor without access sees."""
    return w.HTML(html('<div class="lz-msg-error" style="margin:24px;font-size:16px">{}</div>', message))


def user_bar(db: Database) -> w.HTML:
    """Who is signed in, at the top of a staff app."""
    return w.HTML(html('<div class="lz-user">当前用户：{}</div>', db.principal.label))


def open_app(app_class, public: bool = False, **kwargs) -> w.Widget:
    """The app for this page's visitor, or a refusal they can read."""
    try:
        if public:
            return app_class(Database().acting_as(PUBLIC_PRINCIPAL), **kwargs)
        db = open_for_user()
        return w.VBox([user_bar(db), app_class(db, **kwargs)])
    except ToolkitError as e:
        return refusal_page(e.message)
