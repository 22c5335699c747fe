"""JSON Schemas of claimgraph output."""
