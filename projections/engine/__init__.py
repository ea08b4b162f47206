"""The machinery every read model runs on: the projection interface, the
runner that catches up exactly once, buffered writes, the read store and its
migrations.
"""
