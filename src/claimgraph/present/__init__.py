"""Present: what the analyst reads: JSON Lines, the HTML dossier, console output."""
