"""Share links: every page's settings as a URL, decoded forgivingly and encoded exactly.

    url_state     typed Fields, decode_query (bad values fall back with a named warning), encode_query
    train, symmetries, bounds, init_regions, valley   each page's link schema (pure data)
    moves         the symmetry lesson's applied moves as link text
    experiment    a Train lesson network as link text (its settings and step)

PAGE_FIELDS maps each page id to its schema; PAGE_RECORDS names, per page, the fields that record
where the page's work stands rather than a setting (the Train lesson's step and learning-rate history):
Back/Forward to a view of the same settings keeps the session's record instead (pages/shared/url_sync.py).
"""

from core.links import bounds, init_regions, symmetries, train, valley

PAGE_FIELDS = {
    "train": train.FIELDS,
    "symmetries": symmetries.FIELDS,
    "bounds": bounds.FIELDS,
    "init_regions": init_regions.FIELDS,
    "valley": valley.FIELDS,
}

PAGE_RECORDS = {
    "train": train.RECORDS,
}
