"""The admin app (系统管理): users, settings, the audit log."""
