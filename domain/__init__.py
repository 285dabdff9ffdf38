"""Pure business rules and value types of BurbGigz: no I/O, no frameworks."""
