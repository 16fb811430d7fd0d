// Whether a figure is drawn narrower than its widest layout needs (pages/shared/figure_width.py mounts this).
//
// The server sends a CSS selector of a keyed figure (a constant of the page, never user text), the width in
// px below which the page draws that figure's narrow layout (0: never), and which layout it drew. Every
// 300 ms this looks at the figure's drawn width (a phone, a tablet's column beside a scene's text, a window
// resized or a tablet turned) and tells the server only when the answer differs from what it drew: then the
// page runs again with the other layout. The figure's width is its column's, whichever layout it holds, so
// the answer settles after one rerun. The figure carries data-width-layout ("narrow" or "wide", what the
// server drew: the phone stylesheet keys on it) and data-width-settled ("true" when that is the layout its
// width asks for, "false" while the page runs again to change it; browser tests wait on it).
//
// Streamlit calls this again whenever the data changes and keeps only the newest cleanup, so each mount's
// timer is kept on the component's own element and the previous one is stopped first: one poller per
// watched figure, always with the newest data.

const TIMER = "__equivalenceLabFigureWidthTimer";

function mark(figure, name, value) {
  // Written only when it changes: a page watching for changes (a MutationObserver) sees any write as one.
  if (figure.getAttribute(name) !== value) figure.setAttribute(name, value);
}

export default function (component) {
  const { data, setStateValue, parentElement } = component;
  if (parentElement[TIMER]) clearInterval(parentElement[TIMER]);
  if (!data || typeof data.selector !== "string" || typeof data.least !== "number") return;
  const drawn = Boolean(data.narrow);
  let asked = drawn;
  const check = () => {
    const figure = document.querySelector(data.selector);
    if (!figure) return;
    const width = figure.getBoundingClientRect().width;
    if (width <= 0) return;  // not laid out (a hidden tab, a page being swapped)
    const narrow = width < data.least;
    mark(figure, "data-width-layout", drawn ? "narrow" : "wide");
    mark(figure, "data-width-settled", String(narrow === drawn));
    if (narrow !== asked) {
      asked = narrow;
      setStateValue("narrow", narrow);
    }
  };
  check();
  parentElement[TIMER] = setInterval(check, 300);
  return () => clearInterval(parentElement[TIMER]);
}
