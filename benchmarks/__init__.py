"""Benchmarks of armstrace: run `python -m benchmarks --help` from the repository root."""
