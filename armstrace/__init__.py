"""armstrace: turn articles about arms transfers and armed conflict into an evidence-backed knowledge base."""
__version__ = "0.1.0"
