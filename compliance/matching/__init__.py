"""Name matching for party screening: plain Python (no Django, no other app). Names in, scored and
explained matches out; the app keeps a ``NameIndex`` of the lists in force, finds candidates with it and
stores results."""

from .index import NameIndex
from .names import AnalysedName, analyse, fold, to_latin
from .score import ALGORITHM, DEFAULT_THRESHOLD, Candidate, Match, Query, Step, best_matches, compare

__all__ = ["ALGORITHM", "DEFAULT_THRESHOLD", "AnalysedName", "Candidate", "Match", "NameIndex", "Query", "Step",
           "analyse", "best_matches", "compare", "fold", "to_latin"]
