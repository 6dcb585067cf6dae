"""Speed and memory, measured side by side with micrograd (``make bench``); never asserted in
tests."""
