// Scene keys: the guided tour's Previous/Next in the browser (pages/shared/scene_keys.py mounts it).
//
// - Presses (the → and ← keys, Page Down and Page Up as a clicker sends them, the Previous/Next buttons) are
//   counted here and sent to the server as ONE request at a time: {from: the scene they were counted on, by:
//   how many scenes}. Presses made while a request is on its way (or the page is running) are queued and
//   sent, together, once the server has answered and the page is idle, so a quick run of presses is never
//   lost (Streamlit's own button would send the scene it was drawn with, and two quick clicks would both name
//   the same next scene) and never counted twice.
// - A newly opened scene is shown from the top of its page: Streamlit scrolls an st.tabs bar into view when
//   the open tab changes (a scene on another tab), so the page is pinned to its top until the run that
//   opened the scene has finished, unless the user scrolls, taps or clicks meanwhile.
// - A slider touched with the mouse or a finger gives its focus back, so the next → moves the scene: on every
//   pointerup and touchend while a slider holds the focus, wherever the event lands (after a drag that moves
//   the value, the pointerup lands on the range input, which the slider may have drawn anew).
// - A "working…" sign shows while presses are queued and, in presenter mode, while the page is running.
//
// One set of listeners per browser tab (kept on window): the component is mounted again on every page and
// every run, each mount only updates the shared state. Constant code: the server sends scene ids and numbers.

const SHARED = "__equivalenceLabSceneKeys";
// Next and Previous: the arrow keys, and Page Down / Page Up, which most presentation clickers send. Each is
// ours only where nothing on the page reads it itself (see typing and keyboardControl).
const FORWARD = { ArrowRight: 1, ArrowLeft: -1, PageDown: 1, PageUp: -1 };
const NEXT_BUTTON = ".st-key-scene-next button";
const PREVIOUS_BUTTON = ".st-key-scene-previous button";
const TEXT_TYPES = new Set(["text", "search", "email", "url", "tel", "password", "number", "date", "time"]);
const SLIDER = '[role="slider"], input[type="range"]';  // BaseWeb's thumb, or react-aria's hidden range input
const KEYBOARD_CONTROLS = `${SLIDER}, [role="radio"], [role="tab"], input[type="radio"], [role="option"]`;
const SETTLE_MS = 800;      // the page stays pinned this long after its run has finished (late layout, tab scroll)
const RESEND_MS = 2000;     // a request the idle page has not answered for this long is sent again (same nonce:
                            // the server answers a nonce once)
const GIVE_UP_MS = 30000;   // a request with no answer for this long is dropped (the server restarted, say)

function app() {
  return document.querySelector('[data-testid="stApp"]');
}

function running() {
  const root = app();
  return !!root && root.getAttribute("data-test-script-state") === "running";
}

function scrollers() {
  // Every box that can scroll the page: the document, and Streamlit's main view (which one scrolls
  // depends on the Streamlit version and the layout).
  const boxes = [document.scrollingElement, document.querySelector('[data-testid="stMain"]'),
    document.querySelector('[data-testid="stAppViewContainer"]')];
  return boxes.filter((box, index) => box && boxes.indexOf(box) === index);
}

function toTop() {
  for (const box of scrollers()) {
    if (box.scrollTop !== 0) box.scrollTop = 0;
  }
}

function awayFromTop() {
  return scrollers().some((box) => box.scrollTop > 0);
}

function typing(element) {
  // A field that reads the arrow keys itself: text inputs, text areas, an open select box.
  if (!element || element === document.body) return false;
  if (element.isContentEditable || element.tagName === "TEXTAREA") return true;
  if (element.tagName !== "INPUT") return false;
  if (element.getAttribute("role") === "combobox") return element.getAttribute("aria-expanded") === "true";
  return TEXT_TYPES.has((element.type || "text").toLowerCase());
}

function keyboardControl(element) {
  // A slider, radio group or tab bar the user reached with the keyboard (Tab): its arrows are its own.
  // Reached with the mouse or a finger it is no keyboard control (:focus-visible is false then).
  return !!element && element.matches(KEYBOARD_CONTROLS) && element.matches(":focus-visible");
}

function makeSign() {
  const sign = document.createElement("div");
  sign.setAttribute("role", "status");
  sign.setAttribute("aria-live", "polite");
  sign.setAttribute("data-testid", "sceneWorkingSign");
  Object.assign(sign.style, {
    position: "fixed", top: "0.75rem", right: "1rem", zIndex: "1000100", display: "none",
    padding: "0.35rem 0.9rem", borderRadius: "999px", background: "#1F6FB4", color: "#FFFFFF",
    font: "600 1.05rem/1.3 'Source Sans Pro', 'Source Sans 3', sans-serif",
    boxShadow: "0 2px 6px rgba(0, 0, 0, 0.25)", pointerEvents: "none",
  });
  document.body.appendChild(sign);
  return sign;
}

function install() {
  const s = {
    scene: null, position: 0, count: 0, presenting: false, sceneMounts: new Set(), signMounts: new Set(),
    send: null, sender: null, pending: 0, inFlight: null, nonce: Date.now() % 1000000,
    shown: null, pinned: false, idleSince: null, sign: makeSign(),
  };

  s.update = () => {
    const queued = s.pending !== 0 || s.inFlight !== null;
    const show = queued || (s.presenting && s.signMounts.size > 0 && running());
    const more = Math.abs(s.pending);
    s.sign.textContent = more > 0 ? `working… (${more} more)` : "working…";
    s.sign.style.display = show ? "block" : "none";
  };

  s.pump = () => {
    if (s.inFlight && performance.now() - s.inFlight.at > GIVE_UP_MS) s.inFlight = null;
    // Sent only while the page is idle: a run still drawing a page just opened has not written its link yet,
    // and a request interrupting it would be answered by the link (the scene it opened) instead.
    if (s.inFlight === null && s.pending !== 0 && s.send && s.scene && !running()) {
      s.nonce += 1;
      const request = { from: s.scene, by: s.pending, nonce: s.nonce };
      s.inFlight = { request, from: s.scene, by: s.pending, nonce: s.nonce, at: performance.now(), idleAt: null };
      s.pending = 0;
      s.send("step", request);
    }
    s.update();
  };

  s.press = (by) => {
    // Clamp to the tour: presses past its first or last scene are no presses.
    const target = s.position + (s.inFlight ? s.inFlight.by : 0) + s.pending + by;
    if (target < 1 || target > s.count) return;
    s.pending += by;
    s.pump();
  };

  s.pin = () => {
    s.pinned = true;
    s.idleSince = null;
    toTop();
  };

  const touring = () => s.scene !== null && (s.sceneMounts.size > 0 || s.inFlight !== null);

  window.addEventListener("keydown", (event) => {
    const by = FORWARD[event.key];
    if (!by || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || !touring()) return;
    const focused = document.activeElement;
    if (typing(focused) || keyboardControl(focused)) return;
    // Ours alone: the page (a slider the mouse left focused, a tab bar) must not move as well.
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!event.repeat) s.press(by);
  }, true);

  window.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest(`${NEXT_BUTTON}, ${PREVIOUS_BUTTON}`);
    if (!button || !touring()) return;
    // The button's own Streamlit click would carry the scene it was drawn with: the queue counts it instead.
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!button.disabled) s.press(button.matches(NEXT_BUTTON) ? 1 : -1);
  }, true);

  const inSlider = (element) => element instanceof Element
    && (element.matches(SLIDER) || !!element.closest('[data-testid="stSlider"]'));
  const release = () => {
    // A slider left focused by the mouse or a finger gives the focus back (the slider may take it again while
    // it handles the same event: hence after it). A slider reached with Tab and then used by keyboard sees no
    // pointerup or touchend; its change event comes with the key, and a blur then would break its own arrows.
    if (!inSlider(document.activeElement)) return;
    setTimeout(() => {
      const focused = document.activeElement;
      if (inSlider(focused)) focused.blur();
    }, 0);
  };
  window.addEventListener("pointerup", release, true);
  window.addEventListener("touchend", release, true);

  // The user moves the page: stop holding it at the top.
  const unpin = () => { s.pinned = false; };
  for (const name of ["wheel", "touchstart", "pointerdown"]) window.addEventListener(name, unpin, { capture: true, passive: true });
  window.addEventListener("keydown", (event) => { if (!FORWARD[event.key]) unpin(); }, true);
  window.addEventListener("scroll", () => { if (s.pinned && awayFromTop()) toTop(); }, true);

  const resend = () => {
    const request = s.inFlight;
    if (!request || !s.send) return;
    if (running()) request.idleAt = null;
    else if (request.idleAt === null) request.idleAt = performance.now();
    else if (performance.now() - request.idleAt > RESEND_MS) {
      request.idleAt = null;
      s.send("step", request.request);
    }
  };

  const watch = () => {
    resend();
    if (s.pinned) {
      if (running()) s.idleSince = null;
      else if (s.idleSince === null) s.idleSince = performance.now();
      else if (performance.now() - s.idleSince > SETTLE_MS) s.pinned = false;
      if (s.pinned && awayFromTop()) toTop();
    }
    s.pump();
  };
  setInterval(watch, 100);
  return s;
}

function shared() {
  if (!window[SHARED]) window[SHARED] = install();
  return window[SHARED];
}

export default function (component) {
  // Called again with new data on every run; the cleanup it returns runs once, when the mount goes away.
  const { data, setTriggerValue, parentElement } = component;
  const s = shared();
  // Nothing to show in place: take the (empty) element out of the sidebar's layout, gap and all.
  const box = (parentElement.host || parentElement).closest('[data-testid="stElementContainer"], .stElementContainer');
  if (box) box.style.display = "none";
  if (!data || data.role !== "scene") {
    // The "working…" sign alone (presenter mode).
    s.presenting = !!(data && data.presenting);
    s.signMounts.add(parentElement);
    s.update();
    return () => { s.signMounts.delete(parentElement); s.update(); };
  }
  s.presenting = !!data.presenting;
  s.position = data.position;
  s.count = data.count;
  s.send = setTriggerValue;
  s.sender = parentElement;
  // The server has answered the request on its way (it moved the scene, or found it stale).
  if (s.inFlight && (data.handled === s.inFlight.nonce || data.scene !== s.inFlight.from)) s.inFlight = null;
  s.scene = data.scene;
  if (s.shown !== data.scene) {
    s.shown = data.scene;
    s.pin();
  }
  s.sceneMounts.add(parentElement);
  s.pump();
  return () => {
    s.sceneMounts.delete(parentElement);
    if (s.sender === parentElement) { s.send = null; s.sender = null; }
    if (s.sceneMounts.size === 0) s.shown = null;  // the scene was left: opening it again starts at the top
  };
}
