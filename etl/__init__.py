"""The nightly ETL: sources in, validated rows loaded, every other row kept with its reason."""
