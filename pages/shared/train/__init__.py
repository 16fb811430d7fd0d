"""The Train lesson's UI: its controls and the live training loop that publishes its network."""
