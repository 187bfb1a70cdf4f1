from papers.cli import cli

cli(prog_name="papers")
