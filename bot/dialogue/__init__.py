"""Dialogue: the channel-agnostic engine and the per-user conversation state."""
