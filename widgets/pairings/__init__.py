"""The pairings app (三联结对): list, new pairing, the plan, the network view."""
