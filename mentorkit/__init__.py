"""mentorkit: the public face and the paperwork of school mentoring programmes."""

__version__ = "0.1.0"
