"""Deputies' duties (履职): activities and attendance, duty standards and points, the rota, the archive."""
