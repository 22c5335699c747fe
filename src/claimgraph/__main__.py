"""Run ``python -m claimgraph``."""

import sys

from claimgraph.cli import main

sys.exit(main())
