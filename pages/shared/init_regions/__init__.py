"""The init-regions lesson's UI: controls, cached runs, the page's sections and the research-sweep viewer."""
