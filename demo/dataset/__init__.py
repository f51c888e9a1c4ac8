"""The synthetic national dataset for the benchmarks, one module per app it fills."""
