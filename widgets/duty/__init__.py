"""The duty app (履职): activities, standards, the rota, archives, reports."""
