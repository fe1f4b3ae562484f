"""The people who sign in (users, roles, scopes) and who opened a page (identity from the proxy)."""
