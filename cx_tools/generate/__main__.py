"""``python -m cx_tools.generate``: the command line of cx_tools.generate.cli (``--help`` lists the options)."""
from cx_tools.generate.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
