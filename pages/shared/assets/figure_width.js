// Whether a figure is drawn narrower than its widest layout needs (pages/shared/figure_width.py mounts this).
//
// The server sends a CSS selector of a keyed figure (a constant of the page, never user text), the width in
// px below which the page draws that figure's narrow layout, and which layout it drew. Every 300 ms this
// looks at the figure's drawn width (a phone, a tablet's column beside a scene's text, a window resized or a
// tablet turned) and tells the server only when the answer differs from what it drew: then the page runs
// again with the other layout. The figure's width is its column's, whichever layout it holds, so the answer
// settles after one rerun. The figure carries data-width-settled="true" when the layout drawn is the one its
// width asks for, "false" while the page runs again to change it (browser tests wait on it).

export default function (component) {
  const { data, setStateValue } = component;
  if (!data || typeof data.selector !== "string" || typeof data.least !== "number") return;
  let drawnNarrow = Boolean(data.narrow);
  const check = () => {
    const figure = document.querySelector(data.selector);
    if (!figure) return;
    const width = figure.getBoundingClientRect().width;
    if (width <= 0) return;  // not laid out (a hidden tab, a page being swapped)
    const narrow = width < data.least;
    figure.setAttribute("data-width-settled", String(narrow === Boolean(data.narrow)));
    if (narrow !== drawnNarrow) {
      drawnNarrow = narrow;
      setStateValue("narrow", narrow);
    }
  };
  check();
  const timer = setInterval(check, 300);
  return () => clearInterval(timer);
}
