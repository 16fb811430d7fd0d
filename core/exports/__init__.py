"""What leaves the app as a file.

    network_json  a network as a strict JSON file (weights, activation, seeds, provenance); never pickle
    image         figures as PNG and SVG through kaleido and the system Chromium
    slide         slide-ready PNG/SVG: projector look, footer band with link and seeds, metadata
    stills        an animated figure as its before and after stills, without play controls
    footer        the provenance footer's lines, wrapped to the image width
    file_metadata the link and seeds inside the file (PNG text chunks, SVG <metadata>)
    figure_data   the data a figure draws, as one long table (CSV export)
    stamp         the share link and seeds stamped on every export
"""
