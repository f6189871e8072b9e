"""``python -m claimlab``: the command line (see :mod:`claimlab.cli`)."""
from claimlab.cli import main

raise SystemExit(main())
