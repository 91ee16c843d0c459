"""One module per page type; each has a `router` and builds the dict its HTML and JSON share."""
