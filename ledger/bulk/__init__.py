"""Moving many events at once: events files, copying the log between stores,
batched writes, and spreadsheet imports.
"""
