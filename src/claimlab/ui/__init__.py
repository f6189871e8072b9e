"""What learners see: HTML helpers (:mod:`.html`, the one place for CSS), read-only displays
(:mod:`.display`) and widgets (:mod:`.widgets`). Imports only :mod:`claimlab.core`."""
