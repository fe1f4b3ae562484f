"""What a Voilà page needs before its app: who opened it (gate), waiting for the request (preheat)."""
