"""mlsd-diagrams: diagram-as-code for machine-learning system design."""
