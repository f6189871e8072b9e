from claimlab.cli import main

raise SystemExit(main())
