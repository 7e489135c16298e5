"""Zoeklicht's search library: ingest, Dutch analysis, schema, indexing and querying.

Nothing here imports Flask; the web layer imports this package, never the reverse.
"""
