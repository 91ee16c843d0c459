"""Layout: block features, the labeller (rules + a shipped model) and story segmentation."""
