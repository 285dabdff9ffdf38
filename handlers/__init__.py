"""The conversations, written once for every channel: Inbound in, Outbound out, through ports."""
