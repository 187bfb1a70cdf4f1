"""papers: a command-line workbench for reviewing machine-learning research papers."""

__version__ = "0.1.0"
