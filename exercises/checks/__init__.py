"""One checker per exercise: ``TITLE``, ``HINT`` (in the lecture's words), ``ANSWERS`` (the
names the student fills in) and ``check(answers) -> Verdict``."""
