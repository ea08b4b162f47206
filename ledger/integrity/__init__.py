"""Tamper evidence: the Merkle tree over the log, its witness in each store,
verification, signed-off checkpoints and evidence bundles.
"""
