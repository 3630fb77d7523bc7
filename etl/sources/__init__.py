"""Source connectors: each kind turns its source into a Delivery in the standard template's columns."""
