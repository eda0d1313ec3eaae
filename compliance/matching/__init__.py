"""Name matching for party screening: plain Python (no Django, no other app). Names in, scored and
explained matches out; the app finds the candidates (pg_trgm over ``AnalysedName.key``) and stores results."""

from .names import AnalysedName, analyse, fold, to_latin
from .score import ALGORITHM, DEFAULT_THRESHOLD, Candidate, Match, Query, Step, best_matches, compare

__all__ = ["ALGORITHM", "DEFAULT_THRESHOLD", "AnalysedName", "Candidate", "Match", "Query", "Step", "analyse",
           "best_matches", "compare", "fold", "to_latin"]
