"""What leaves the app as a file.

    network_json  a network as a strict JSON file (weights, activation, seeds, provenance); never pickle
    image         figures as PNG and SVG through kaleido and the system Chromium
    figure_data   the data a figure draws, as one long table (CSV export)
    stamp         the share link and seeds stamped on every export
"""
