"""The lecture, runnable: one short script per idea (see ``python -m demos --help``)."""
