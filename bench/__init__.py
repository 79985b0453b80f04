"""Benchmarks (`make bench`): generated corpora and end-to-end ingest figures."""
