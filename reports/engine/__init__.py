"""The machinery every report job runs on: one consistent snapshot of the read
models, the sources read from it, named expressions, periods, documents,
charts, rendering and files.
"""
