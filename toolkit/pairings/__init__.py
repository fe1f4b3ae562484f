"""Mentoring pairings (三联结对): who may mentor whom, the plan, contacts and their health."""
