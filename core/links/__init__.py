"""Every page's link schema: the settings a share link carries, by page id.

Pure data (core.links.url_state Fields), so the URL decoders are tested and fuzzed without Streamlit.
"""

from core.links import bounds, init_regions, symmetries, train

PAGE_FIELDS = {
    "train": train.FIELDS,
    "symmetries": symmetries.FIELDS,
    "bounds": bounds.FIELDS,
    "init_regions": init_regions.FIELDS,
}
