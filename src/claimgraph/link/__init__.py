"""The link stage: what several documents share (topics, copies, events, questions)."""
