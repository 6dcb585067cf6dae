"""The lecture's network for the tests: nn.lecture builds it by hand from Values."""

from nn.lecture import LectureNetwork as Lecture
from nn.lecture import lecture_network

__all__ = ["Lecture", "lecture_network"]
