"""代表建议: the staff app and its panels."""
