"""`python -m cx_tools.validation`: see checkpoint.py."""
import sys

from cx_tools.validation.checkpoint import main

sys.exit(main())
