"""Widget pieces every app shares: messages, lazy tabs, pickers, paged lists, settings forms."""
