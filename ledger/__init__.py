"""The qaledger domain: aggregates, events, rules and the application."""
