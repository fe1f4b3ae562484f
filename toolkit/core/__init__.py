"""Shared by every area: the database and its unit of work, settings, errors, the glossary, who may act
(access, scope), the audit trail, personal data, validation, escaping (markup) and the server key."""
