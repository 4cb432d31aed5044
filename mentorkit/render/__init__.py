"""The public site as Markdown and files: the page plan, the Jinja environment, consented views of people,
charts, outcome pages and open data."""
