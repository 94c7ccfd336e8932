"""Metrics computed from exported data files (``from`` on a metric): reading, measuring, applying."""
