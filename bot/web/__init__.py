"""The web side: customers' web chat, the technician's console, live status pages."""
