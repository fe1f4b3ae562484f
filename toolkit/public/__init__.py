"""The public edge: light, kernel-free pages for citizens' and deputies' phones, on the toolkit's
services (码上找代表 first). Tornado, which already carries the staff apps (Jupyter Server and
Voilà run on it), serves them; Jinja2 templates escape every value by construction."""
