"""Placeholder: the fake arXiv server lands here."""
