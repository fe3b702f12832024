"""Benchmarks of Nhắc việc CCHC: `make bench` (python -m bench). Not part of `make test`: nothing here
asserts a timing; var/bench-results.md holds the figures of the last run, bench/RESULTS.md those last kept (`--update`)."""
