"""Files in and out, with no domain in them: spreadsheets, PDF pages, charts, the pabulib format."""
