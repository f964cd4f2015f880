"""Writers: one module per format, each reading a positioned drawing (or the design, for the
text formats)."""
