"""Tooling above the domain: the `liaison` command, serving, schema migrations, backup, the public
database role, demo data, benchmarks and the load test."""
