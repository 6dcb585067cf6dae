"""The reference solutions: each exercise file with its TODOs done (``.venv/bin/python -m
exercises check --solutions`` checks them)."""
