"""The decision module of the Checkinatwork emergency procedure.

It knows question, option, outcome and passage IDs, never prose: the texts live in
``content/``. The flow and its decisions need the standard library only; the number
checks (``identity``) use python-stdnum, shipped with the module. The same module runs in
CPython, at build time and in the browser under Pyodide.
"""

from checker.decide import Answer, Decision, Problem, decide, settle, walk_paths, walk_states
from checker.flow import FLOW, Flow, Outcome, Question

__all__ = [
    "FLOW",
    "Answer",
    "Decision",
    "Flow",
    "Outcome",
    "Problem",
    "Question",
    "decide",
    "settle",
    "walk_paths",
    "walk_states",
]
