// Browser history: one entry per view (pages/shared/history_entries.py mounts this).
//
// Streamlit adds a history entry when the app opens another page (the bare address, "/symmetries") and
// another when that page then writes its link ("/symmetries?net=…"): two entries for one view, so the first
// Back "does nothing" (it lands on the bare address, and the page writes the same link again). Here a
// history.pushState that only completes the current entry's address (same path, every key=value of the
// current query kept, as the page writing the link it was opened with) replaces that entry instead. A change
// of a setting (some value differs) still adds an entry, so Back steps through the views a person saw.
//
// Installed once per browser tab (kept on window); the component is mounted again on every run and page, and
// each mount after the first does nothing. Constant code: the server sends no data.

const SHARED = "__equivalenceLabHistoryEntries";

export function completes(current, target) {
  // True when `target` (a URL) only adds to `current` (a URL): same origin and path, every pair kept.
  if (target.origin !== current.origin || target.pathname !== current.pathname) return false;
  if (target.search === current.search) return false;
  const wanted = new URLSearchParams(target.search);
  for (const [key, value] of new URLSearchParams(current.search)) {
    if (!wanted.getAll(key).includes(value)) return false;
  }
  return true;
}

export default function () {
  if (window[SHARED]) return;
  window[SHARED] = true;
  const history = window.history;
  const push = history.pushState.bind(history);
  const replace = history.replaceState.bind(history);
  history.pushState = function (state, title, url) {
    if (url !== undefined && url !== null) {
      const target = new URL(String(url), window.location.href);
      if (completes(new URL(window.location.href), target)) return replace(state, title, url);
    }
    return push(state, title, url);
  };
}
