"""Candidate retrieval without comparing the query with every listed name: an inverted index from folded
name parts to names, rebuilt when a list version changes. A query part finds the indexed parts one edit
away through a deletion index (SymSpell's idea: a part and each of its one-letter deletions point to the
part), checked with rapidfuzz's Levenshtein; names are ranked by how much of the query they share."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz.distance import OSA

from .names import AnalysedName


def allowed_edits(length: int) -> int:
    """Typos tolerated in a name part of this length (short parts must be equal: one letter changes them)."""
    return 0 if length <= 3 else 1 if length <= 7 else 2 if length <= 11 else 3


class NameIndex:
    """``keys[i]`` is the folded, space-joined parts of name ``i`` (``AnalysedName.key``)."""

    def __init__(self, keys: Sequence[str]):
        postings: dict[str, list[int]] = defaultdict(list)
        for position, key in enumerate(keys):
            for part in set(key.split()):
                postings[part].append(position)
        self.postings = dict(postings)
        self.keys = list(keys)
        deletes: dict[str, list[str]] = defaultdict(list)
        for part in self.postings:
            for variant in _deletions(part):
                deletes[variant].append(part)
        self.deletes = dict(deletes)
        self.size = len(keys)

    def similar_parts(self, part: str) -> list[str]:
        """Indexed parts equal to ``part`` or one edit from it (none for parts of three letters or fewer)."""
        if allowed_edits(len(part)) == 0:
            return [part] if part in self.postings else []
        found = set()
        for variant in _deletions(part):
            found.update(self.deletes.get(variant, ()))
        return [other for other in found if OSA.distance(part, other, score_cutoff=2) <= 2]

    def search(self, query: AnalysedName, *, limit: int = 80) -> list[int]:
        """Positions of the names sharing the most (weighted) query parts, at most ``limit`` (twice that when the
        query has initials, which the index cannot rank by)."""
        if any(part.is_initial for part in query.parts):
            limit *= 2
        scores: dict[int, float] = defaultdict(float)
        parts = [part for part in query.parts if not part.is_initial] or list(query.parts)
        for part in parts:
            weight = part.weight
            for similar in self.similar_parts(part.folded):
                for position in self.postings[similar]:
                    scores[position] += weight
        initials = {part.folded for part in query.parts if part.is_initial}
        if initials and len(scores) > limit:  # rank names with a part starting with the initial first
            for position in scores:
                if any(part[0] in initials for part in self.keys[position].split()):
                    scores[position] += 3.0
        joined = query.joined
        if len(query.parts) > 1 and joined in self.postings:  # "Almaty Auto" listed as "ALMATYAUTO"
            for position in self.postings[joined]:
                scores[position] += 2 * len(joined)
        if len(scores) <= limit:
            return sorted(scores, key=lambda position: -scores[position])
        return sorted(scores, key=lambda position: -scores[position])[:limit]


def build_index(keys: Iterable[str]) -> NameIndex:
    return NameIndex(list(keys))


def _deletions(part: str) -> set[str]:
    variants = {part}
    if len(part) > 3:
        variants.update(part[:i] + part[i + 1:] for i in range(len(part)))
    return variants
