"""Allow ``python -m bkkdesk``."""

from bkkdesk.cli.main import main

raise SystemExit(main())
