"""The qaledger command line (click)."""
