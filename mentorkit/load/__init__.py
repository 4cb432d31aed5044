"""Reading: YAML with each value's position, CSV tables, the read cache, the Markdown sanitiser,
and validation into models."""
