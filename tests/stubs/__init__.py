"""Local stand-ins for the outside services, spoken to by their real client libraries."""
