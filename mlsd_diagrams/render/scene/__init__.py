"""Scene builders: what is drawn and how, as plain data (no Graphviz)."""
