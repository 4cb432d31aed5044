"""Cross-file rules over a loaded site."""
