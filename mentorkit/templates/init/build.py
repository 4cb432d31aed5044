#!/usr/bin/env python3
"""`python build.py` builds this site into site/; `python build.py serve|check|new ...` as `mentorkit` does."""

import sys

from mentorkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
