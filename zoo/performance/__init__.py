"""Speed measurements behind zoo-benchmark: what is measured, and the report."""
