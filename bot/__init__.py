"""The BurbGigz process: settings, wiring, HTTP routes, channel adapters, scheduler, CLI."""
