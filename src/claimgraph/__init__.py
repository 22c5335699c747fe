"""claimgraph: who claims what about a conflict, on whose word, and where sources disagree."""

__version__ = "0.1.0"
