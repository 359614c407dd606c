"""`python -m cx_tools.dashboard`: see cx_tools.dashboard.cli (or --help)."""
import sys

from cx_tools.dashboard.cli import main

sys.exit(main())
