"""Assessment across reports: how a report stands towards a claim, and how far to trust it."""
