"""Course assignments: which officers must complete which course, by when, and how often."""
