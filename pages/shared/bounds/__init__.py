"""The bounds lesson's UI: controls, cached report, panels, formulas, checks and the extensions calculator."""
