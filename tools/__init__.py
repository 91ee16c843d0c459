"""Development tools, kept outside the installed package: evaluation over the dev sets (`evaluate`),
the second flattener it checks the text path with (`evalflat`), model training (`train`) and the
quotes gold set (`goldset`). Run from the repository's root: `python -m tools.evaluate`."""
