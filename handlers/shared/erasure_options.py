"""The technician's buttons on a customer's erasure request: the id carries the customer's."""

ERASE = "erase.yes."
KEEP = "erase.no."
