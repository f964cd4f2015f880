"""The layout engine: scene -> DOT -> Graphviz (the one `dot` caller, the trials) -> a
positioned drawing."""
