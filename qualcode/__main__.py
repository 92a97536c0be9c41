"""Allow ``python -m qualcode`` as well as the ``qualcode`` console script."""

from qualcode.cli import main

raise SystemExit(main())
