"""Periodic reports: polars computes, jinja2 renders."""
