"""The people who sign in (users, roles, scopes) and who opened a page (identity from the proxy)."""
from ..core.lazy import lazy_exports

# The services a caller needs, by the module that holds them (loaded on first use).
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "users": ["add_user", "get_user", "get_user_by_login", "update_user", "principal_for", "scope_label",
              "list_users"],
    "identity": ["NoAccess", "header_env_name", "auth_mode", "login_from_environment", "proxy_secret", "resolve",
                 "open_for_user"],
})
