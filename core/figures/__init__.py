"""Plotly figure builders. They take results (Params, Dataset, History), never configs, and never train."""
