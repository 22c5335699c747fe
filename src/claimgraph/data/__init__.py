"""Data files users may extend: aliases, lexicons, conventions, column mappings."""
