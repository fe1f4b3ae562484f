"""The enrolment app (代表编组进站): stations, deputies, rosters, moves, coverage, QR codes."""
