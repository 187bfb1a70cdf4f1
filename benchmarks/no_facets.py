"""Ingest without facets: the baseline against which benchmarks/facets.py and
benchmarks/add_command.py time the facets (it imports papers.library only, so a fresh
interpreter pays nothing more for it)."""

from __future__ import annotations

from papers.library import Facets


class NoFacets(Facets):
    """Facets that are never computed: every document gets none."""

    def start(self, pages) -> None:
        pass

    def get(self, doc) -> tuple[list, str]:
        return [], ""
