"""Read models built from the notification log (see projections/README.md)."""
