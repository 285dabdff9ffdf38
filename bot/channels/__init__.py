"""Channel adapters: platform events in as Inbound, Outbound out to the platform."""
