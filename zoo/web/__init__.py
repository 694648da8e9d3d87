"""The page of zoo-serve-page and the TF.js runner for Node (JavaScript files, no Python)."""
