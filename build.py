#!/usr/bin/env python3
"""Entry point: `python build.py [check|build|serve|schema] ...` (see `--help`)."""

import sys

from mentorkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
