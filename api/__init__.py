"""The product's front doors: the `roster` CLI and the HTTP service."""
