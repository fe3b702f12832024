"""Benchmarks of Nhắc việc CCHC: `make bench` (python -m bench). Not part of `make test`: nothing here
asserts a timing; bench/RESULTS.md holds the figures of the last run."""
