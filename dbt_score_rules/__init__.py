"""Project rules for dbt-score (the metadata linter run by `make lint`); configured in pyproject.toml."""
