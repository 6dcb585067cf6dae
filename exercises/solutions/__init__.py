"""The reference solutions: each exercise file with its TODOs done (``python -m exercises check
--solutions`` checks them)."""
