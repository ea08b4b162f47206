"""Plain code the test modules share; the shared fixtures are in tests/conftest.py."""
