"""The curated knowledge: FAQ entries, lexicon, survey table, international comparison, training evening."""

from knowledge.loader import KnowledgeBase, KnowledgeErrors, read_dir, shipped, shipped_dir
from knowledge.models import Entry

__all__ = ["Entry", "KnowledgeBase", "KnowledgeErrors", "read_dir", "shipped", "shipped_dir"]
