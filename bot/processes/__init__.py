"""Several service processes on one Postgres: the session connection each keeps, what they
tell each other through it, and the leader locks held on it."""
