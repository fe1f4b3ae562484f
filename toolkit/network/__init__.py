"""The station network and its deputies (代表编组进站): stations, deputies, seats, departments, enrolment,
rosters, coverage and the deputies' QR codes."""
