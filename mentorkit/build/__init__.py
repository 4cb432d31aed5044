"""The build: the one path through the stages, the site generator seam, the swap into site/, live preview,
the form editor's config and the JSON Schemas."""
