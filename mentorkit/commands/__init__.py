"""Commands around the build: new, import-survey, match, private, status."""
