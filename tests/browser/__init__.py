"""Browser tests: the built site in Debian's chromium, axe-core, the Nu HTML Checker, links."""
