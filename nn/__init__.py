"""nn — neurons, layers and MLPs on the `autograd` engine (filled in by the nn issue)."""
