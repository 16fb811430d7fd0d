// The Train lesson's player (pages/shared/train/player.py): plays the engine's frames on canvases.
// Streamlit calls this function again with new data on every server run; the player lives on its
// parent element between calls and keeps its frames, its position and its play state.
// Each frame is one float32 row: step, train loss, test loss, train accuracy, test accuracy,
// surface values, weights (W_0 row-major, b_0, W_1, b_1, ...) -- the engine's numbers, never interpolated.

const SPEEDS = [[10, "10 frames/s"], [20, "20 frames/s"], [30, "30 frames/s"], [60, "60 frames/s"]];
const NARROW_PX = 560;        // a player narrower than this (a phone) stacks its views
const SETTLE_MS = 300;        // quiet time after a pause, step or scrub before the server is told
// An event's answer can be lost: a rerun cut short by the player's next event answers only the later one.
// Every event carries a number (seq) and the server echoes the last it handled (data.answered), so a lost
// request is noticed on the next answer; this timeout only covers a server that answers nothing at all.
const REQUEST_TIMEOUT_MS = 2000;
// A wide network (digits: 2,368 edges) draws only its strongest edges: thousands of dashed, translucent strokes a
// frame kept the browser's main thread so busy that the page stalled and the player was mounted afresh.
const MAX_EDGES = 400;
const NETWORK_CAPTION = "The network: blue solid edges (+), orange dotted (−)";
// While the buffer holds more than half a second of play, requests are at least this far apart: a server
// slower than the player would otherwise get a rerun for every few frames it computes.
const REQUEST_GAP_MS = 250;
// While playing, the server hears the step on screen at least this often ("shown"), so the run the other
// lessons and the link get is the one the person saw, not frames sent ahead (issue 20, D7).
const REPORT_MS = 1000;
const LEAVE_WAIT_MS = 3000;  // a busy server answers late; leaving before it answers blanks the page

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function hexRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

// core/figures/decision.py's scale: orange - light grey - blue, drawn at opacity 0.85 over white.
function colourTable(colours) {
  const [neg, mid, pos] = [colours.negative, colours.neutral, colours.positive].map(hexRgb);
  const table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    const [a, b, u] = t < 0.5 ? [neg, mid, t / 0.5] : [mid, pos, (t - 0.5) / 0.5];
    for (let c = 0; c < 3; c++) table[3 * i + c] = 0.85 * (a[c] + (b[c] - a[c]) * u) + 0.15 * 255;
  }
  return table;
}

function decodeRows(text, length) {
  if (!text) return [];
  const binary = atob(text), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const values = new Float32Array(bytes.buffer);
  const rows = [];
  for (let start = 0; start + length <= values.length; start += length) rows.push(values.subarray(start, start + length));
  return rows;
}

function fmt(value, digits) {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}

class Player {
  constructor(parent) {
    this.parent = parent;
    this.frames = [];
    this.index = 0;
    this.playing = false;
    this.speed = 30;
    this.trajectory = null;
    this.inFlight = null;
    this.pendingGoal = null;
    this.lastAdvance = 0;
    this.drawnIndex = -1;
    this.resetCount = 0;
    this.target = 0;
    this.lastReport = 0;
    this.reportedStep = null;
    this.seq = 0;           // the number of the last event sent (see REQUEST_TIMEOUT_MS)
    this.lastAnswer = 0;    // when the last answer came
    this.build();
    this.loop = this.loop.bind(this);
    this.raf = requestAnimationFrame(this.loop);
  }

  build() {
    const root = el("div", "eqp");
    const bar = el("div", "eqp-bar");
    this.trainButton = el("button", "eqp-button eqp-primary", "▶ Train");
    this.pauseButton = el("button", "eqp-button", "Pause");
    this.stepButton = el("button", "eqp-button", "Step");
    this.resetButton = el("button", "eqp-button", "↺ Reset");
    this.resetButton.title = "Back to step 0 with the same starting weights (change the init seed for new ones).";
    const speedLabel = el("label", "eqp-speed", "Speed ");
    this.speedSelect = el("select", "eqp-select");
    for (const [value, label] of SPEEDS) {
      const option = el("option", "", label);
      option.value = String(value);
      if (value === this.speed) option.selected = true;
      this.speedSelect.appendChild(option);
    }
    speedLabel.appendChild(this.speedSelect);
    bar.append(this.trainButton, this.pauseButton, this.stepButton, this.resetButton, speedLabel);
    const status = el("div", "eqp-status");
    this.stepText = el("span", "eqp-step", "");  // no number until a real frame is drawn
    this.numbersText = el("span", "eqp-numbers", "");
    this.signText = el("span", "eqp-sign", "");
    status.append(this.stepText, this.numbersText, this.signText);
    this.scrubber = el("input", "eqp-scrub");
    this.scrubber.type = "range";
    this.scrubber.min = "0";
    this.scrubber.setAttribute("aria-label", "Step shown (steps already computed)");
    const views = el("div", "eqp-views");
    const surfaceBox = el("figure", "eqp-figure eqp-surface-box");
    this.surfaceCaption = el("figcaption", "", "What the network computes");
    surfaceBox.append(this.surfaceCaption);
    this.surfaceCanvas = el("canvas", "eqp-canvas eqp-surface");
    surfaceBox.appendChild(this.surfaceCanvas);
    const networkBox = el("figure", "eqp-figure eqp-network-box");
    this.networkCaption = el("figcaption", "", NETWORK_CAPTION);
    networkBox.append(this.networkCaption);
    this.networkCanvas = el("canvas", "eqp-canvas eqp-network");
    networkBox.appendChild(this.networkCanvas);
    const lossBox = el("figure", "eqp-figure eqp-loss-box");
    lossBox.append(el("figcaption", "", "Loss (log scale): train solid, test dashed"));
    this.lossCanvas = el("canvas", "eqp-canvas eqp-loss");
    lossBox.appendChild(this.lossCanvas);
    const side = el("div", "eqp-side");
    side.append(networkBox, lossBox);
    views.append(surfaceBox, side);
    root.append(bar, status, this.scrubber, views);
    this.parent.appendChild(root);
    this.root = root;

    this.trainButton.addEventListener("click", () => this.play());
    this.pauseButton.addEventListener("click", () => this.pause());
    this.stepButton.addEventListener("click", () => this.step());
    this.resetButton.addEventListener("click", () => this.reset());
    this.speedSelect.addEventListener("change", () => { this.speed = Number(this.speedSelect.value); });
    this.scrubber.addEventListener("input", () => this.scrub(Number(this.scrubber.value)));
    this.resizer = new ResizeObserver(() => { this.sized = false; this.drawnIndex = -1; });
    this.resizer.observe(root);
    // Leaving while playing (another tab, closing): tell the server the step on screen.
    this.onLeave = (event) => {
      if (event.type === "visibilitychange" && document.visibilityState !== "hidden") return;
      this.report(true);
    };
    // A sidebar link while playing: the step on screen goes to the server first, and the page changes once
    // the server has answered (or after LEAVE_WAIT_MS). A report still on its way when the next page's run
    // starts would rerun this page's fragment there, which no longer exists: Streamlit then blanks the page.
    this.onNavigate = (event) => {
      const link = event.target instanceof Element ? event.target.closest('[data-testid="stSidebarNav"] a') : null;
      if (!link || this.leaving === link) return;
      const reported = this.report(true);
      if (!this.answerDue || performance.now() - this.sentAt > LEAVE_WAIT_MS) return;  // nothing on its way
      this.leavingStep = reported ? this.reportedStep : null;  // the answer to wait for: the page at that step
      this.playing = false;  // the screen holds the step reported while the server answers (no settle: we leave)
      event.preventDefault();
      event.stopPropagation();
      this.leaving = link;
      this.leaveTimer = setTimeout(() => this.leave(), LEAVE_WAIT_MS);
    };
    document.addEventListener("click", this.onNavigate, true);
    document.addEventListener("visibilitychange", this.onLeave);
    window.addEventListener("pagehide", this.onLeave);
  }

  update(data, setTrigger) {
    this.setTrigger = setTrigger;
    this.answerDue = false;  // the server has answered every event sent so far
    this.lastAnswer = performance.now();
    const answered = Number.isInteger(data.answered) ? data.answered : -1;
    if (this.seq <= answered) this.seq = answered + 1;  // a player mounted afresh numbers on past the session's
    if (this.leaving && (this.leavingStep === null || data.shown === this.leavingStep)) setTimeout(() => this.leave(), 0);
    this.data = data;
    if (data.trajectory !== this.trajectory) {
      this.trajectory = data.trajectory;
      this.frames = [];
      this.index = 0;
      this.playing = false;
      this.inFlight = null;
      this.pendingGoal = null;
      this.table = colourTable(data.colours);
      this.sized = false;
      this.positioned = false;
      this.target = data.target;
    }
    if (this.presenting !== !!data.presenting) this.sized = false;  // presenter mode draws larger
    this.presenting = !!data.presenting;
    this.root.classList.toggle("eqp-presenting", this.presenting);
    this.stepButton.textContent = `Step +${data.stepSize}`;
    this.target = Math.max(this.target, data.target);
    const chunk = data.chunk;
    if (chunk.first > this.frames.length) {
      this.inFlight = null;
      this.request(this.frames.length);  // a gap (this player was mounted afresh): ask from what it has
    } else if (chunk.first + chunk.count > this.frames.length) {  // (a rerun resends frames it already has)
      const rows = decodeRows(chunk.frames, data.recordLength);
      rows.forEach((row, i) => { this.frames[chunk.first + i] = row; });
    }
    if (this.inFlight && chunk.first === this.inFlight.have && !chunk.reportOnly) this.inFlight = null;
    if (this.inFlight && answered >= this.inFlight.seq) this.inFlight = null;  // answered, or lost in a cut-short rerun
    if (this.frames.length && !this.positioned) this.position(data.shown);
    this.applyPendingGoal();
    this.drawnIndex = -1;
  }

  // A new trajectory (or a player mounted afresh) opens at the step the server shows: frames are
  // asked for until that step is among them.
  position(shown) {
    const found = this.frames.findIndex((row) => row && row[0] === shown);
    if (found >= 0 || this.data.finished || this.lastStep() > shown) {
      this.index = Math.max(found, 0);
      this.positioned = true;
    } else this.request(this.frames.length);
  }

  // --- controls: all in the browser; the server only hears where the player stopped ---
  lastStep() { return this.frames.length ? this.frames[this.frames.length - 1][0] : 0; }
  stepAt(index) { return this.frames[index] ? this.frames[index][0] : 0; }

  play() {
    if (!this.frames.length || !this.positioned) return;
    if (this.index >= this.frames.length - 1 && this.stepAt(this.index) >= this.target) {
      if (this.data.finished) return;
      this.target = this.stepAt(this.index) + this.data.runSteps;  // at the goal: train as many steps again
    }
    clearTimeout(this.settleTimer);
    this.playing = true;
    this.lastAdvance = performance.now();
    this.fetchAhead();
  }

  pause() {
    this.playing = false;
    this.pendingGoal = null;
    this.settleSoon();
  }

  step() {
    this.playing = false;
    this.pendingGoal = this.stepAt(this.index) + this.data.stepSize;
    if (this.pendingGoal > this.target) this.target = this.pendingGoal;
    this.applyPendingGoal();
    if (this.pendingGoal !== null) this.request(this.frames.length);
    this.settleSoon();
  }

  applyPendingGoal() {
    if (this.pendingGoal === null) return;
    const found = this.frames.findIndex((row) => row && row[0] >= this.pendingGoal);
    if (found >= 0) {
      this.index = found;
      this.pendingGoal = null;
      this.settleSoon();
    } else if (this.data && this.data.finished) {
      this.index = this.frames.length - 1;
      this.pendingGoal = null;
    }
  }

  reset() {
    this.playing = false;
    this.pendingGoal = null;
    clearTimeout(this.settleTimer);
    if (this.frames.length && this.frames[0][0] === 0) this.index = 0;  // shown at once; the server starts afresh
    this.resetCount += 1;
    this.send("reset", { count: this.resetCount });
  }

  scrub(index) {
    this.playing = false;
    this.pendingGoal = null;
    this.index = Math.max(0, Math.min(index, this.frames.length - 1));
    this.settleSoon();
  }

  settleSoon() {
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      if (this.playing || !this.frames.length) return;
      this.send("settle", { trajectory: this.trajectory, step: this.stepAt(this.index) });
    }, SETTLE_MS);
  }

  request(have) {
    const now = performance.now();
    if (this.inFlight && now - this.inFlight.at < REQUEST_TIMEOUT_MS) return;
    this.lastReport = now;
    this.reportedStep = this.drawnStep();
    this.inFlight = { have, at: now, seq: this.seq + 1 };
    this.send("request", { trajectory: this.trajectory, have, target: this.target, showing: this.drawnStep(),
      playing: this.playing });
  }

  // Follow the sidebar link held back by onNavigate (once).
  leave() {
    clearTimeout(this.leaveTimer);
    const link = this.leaving;
    if (!link || !link.isConnected) { this.leaving = null; return; }
    link.click();
    this.leaving = null;
  }

  send(event, value) {
    this.answerDue = true;
    this.sentAt = performance.now();
    this.seq += 1;
    this.setTrigger(event, { ...value, seq: this.seq });
  }

  // The step on screen: the last frame drawn (the index may be one tick ahead of the canvas).
  drawnStep() { return this.stepAt(this.drawnIndex >= 0 ? this.drawnIndex : this.index); }

  // "shown": the step on screen while playing, and how many frames the player holds (the answer brings any
  // ready past them). Never while a request is on its way, unless leaving: a second event cuts the first's
  // rerun short. True when it sent one.
  report(force) {
    if (!this.playing || !this.frames.length || !this.positioned || !this.setTrigger) return false;
    const now = performance.now(), step = this.drawnStep();
    if (step === this.reportedStep || (!force && now - this.lastReport < REPORT_MS)) return false;
    if (!force && this.inFlight && now - this.inFlight.at < REQUEST_TIMEOUT_MS) return false;
    this.lastReport = now;
    this.reportedStep = step;
    this.send("shown", { trajectory: this.trajectory, step, have: this.frames.length });
    return true;
  }

  fetchAhead() {
    const ahead = this.frames.length - 1 - this.index;
    if (this.data.finished || this.lastStep() >= this.target || ahead >= this.speed * 3) return;
    if (ahead > this.speed / 2 && performance.now() - this.lastAnswer < REQUEST_GAP_MS) return;
    if (this.answerDue && performance.now() - this.sentAt < REQUEST_TIMEOUT_MS) return;  // one event on its way at a time
    this.request(this.frames.length);
  }

  // --- the animation loop: one engine frame per tick at the chosen speed ---
  loop(now) {
    this.raf = requestAnimationFrame(this.loop);
    if (!this.frames.length || !this.positioned) return;
    if (this.playing) {
      if (now - this.lastAdvance >= 1000 / this.speed - 2) {
        if (this.index < this.frames.length - 1) {
          this.index += 1;
          this.lastAdvance = now;
        } else if (this.data.finished || this.stepAt(this.index) >= this.target) {
          this.playing = false;
          this.settleSoon();
        }
      }
      this.fetchAhead();
    }
    if ((window.devicePixelRatio || 1) !== this.ratio) this.sized = false;  // zoom, or a move to another screen
    if (this.index !== this.drawnIndex || !this.sized) this.draw();
    else this.showStatus();
    this.report(false);
  }

  showStatus() {
    const waiting = this.playing && this.index >= this.frames.length - 1;
    const sign = this.playing ? (waiting ? "Training… computing the next steps" : "Training… press Pause to stop.") : "";
    if (this.signText.textContent !== sign) this.signText.textContent = sign;
  }

  draw() {
    if (!this.sized) this.size();
    const row = this.frames[this.index];
    this.drawnIndex = this.index;
    const d = this.data;
    this.stepText.textContent = `step ${row[0]} of ${this.target}`;
    const accuracy = d.task === "regression" ? "" : ` · test accuracy ${Number.isFinite(row[4]) ? (100 * row[4]).toFixed(1) + "%" : "–"}`;
    this.numbersText.textContent = ` · train loss ${fmt(row[1], 4)} · test loss ${fmt(row[2], 4)}${accuracy}`;
    this.showStatus();
    this.scrubber.max = String(Math.max(0, this.frames.length - 1));
    this.scrubber.value = String(this.index);
    const surfaceEnd = 5 + (d.inputDim === 2 ? d.resolution * d.resolution : d.resolution);
    const caption = d.resolution > 0 ? "What the network computes"
      : d.image ? `What each first-layer unit looks for: its ${d.image[0]}×${d.image[1]} weights (blue +, orange −; `
        + "each unit scaled by its own largest weight)"
      : "First-layer weights: one row per unit, one column per input (blue +, orange −; each row scaled by its "
        + "own largest weight)";
    if (this.surfaceCaption.textContent !== caption) this.surfaceCaption.textContent = caption;
    if (d.resolution === 0) this.drawFields(row.subarray(surfaceEnd));  // no plane to draw: the weights move instead
    else if (d.inputDim === 2) this.drawSurface(row.subarray(5, surfaceEnd));
    else this.drawCurve(row.subarray(5, surfaceEnd));
    this.drawNetwork(row.subarray(surfaceEnd));
    this.drawLoss();
  }

  size() {
    const ratio = window.devicePixelRatio || 1;
    const fit = (canvas, width, height) => {
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.getContext("2d").setTransform(ratio, 0, 0, ratio, 0, 0);
    };
    this.ratio = ratio;
    const total = this.root.clientWidth || 700, cap = this.data.presenting ? 520 : 420;
    const narrow = total < NARROW_PX;
    this.root.classList.toggle("eqp-narrow", narrow);  // player.css stacks the views
    if (narrow) {  // a phone: surface, network and loss one under another, each as wide as the player
      fit(this.surfaceCanvas, Math.min(total, cap), Math.min(total, cap));
      fit(this.networkCanvas, total, Math.round(total * 0.5));
      fit(this.lossCanvas, total, Math.max(120, Math.round(total * 0.4)));
    } else {  // surface on the left, network over loss on the right: the whole player fits a 1280x800 screen
      const side = Math.min(Math.floor(total * 0.48), cap);
      const right = total - side - 24;  // the views' 16 px gap, and room to spare
      fit(this.surfaceCanvas, side, side);
      fit(this.networkCanvas, right, Math.round(side * 0.5));
      fit(this.lossCanvas, right, Math.round(side * 0.5) - 34);
    }
    this.sized = true;
  }

  plotBox(canvas) {
    const width = parseFloat(canvas.style.width), height = parseFloat(canvas.style.height);
    return { left: 36, top: 8, width: width - 44, height: height - 36 };
  }

  drawPoints(ctx, toX, toY) {
    const d = this.data, c = d.colours, big = d.presenting ? 1.6 : 1;
    const mark = (x, y, label, hollow) => {
      const px = toX(x), py = toY(y), r = 3.5 * big;
      ctx.beginPath();
      if (label >= 0.5 && d.inputDim === 2) {
        ctx.moveTo(px, py - r - 1); ctx.lineTo(px + r + 1, py); ctx.lineTo(px, py + r + 1); ctx.lineTo(px - r - 1, py);
        ctx.closePath();
      } else ctx.arc(px, py, r, 0, 2 * Math.PI);
      const colour = d.inputDim === 2 ? (label >= 0.5 ? c.positive : c.negative) : c.positive;
      ctx.fillStyle = hollow ? "#ffffff" : colour;
      ctx.fill();
      ctx.lineWidth = hollow ? 1.5 : 0.6;
      ctx.strokeStyle = hollow ? colour : "#111111";
      ctx.stroke();
    };
    for (const [x, y, label] of d.train) mark(x, y, label, false);
    for (const [x, y, label] of d.test) mark(x, y, label, true);
  }

  drawSurface(values) {
    const d = this.data, n = d.resolution, ctx = this.surfaceCanvas.getContext("2d");
    const box = this.plotBox(this.surfaceCanvas);
    if (!this.offscreen) this.offscreen = document.createElement("canvas");
    if (this.offscreen.width !== n) { this.offscreen.width = n; this.offscreen.height = n; }
    const off = this.offscreen.getContext("2d");
    const image = off.createImageData(n, n), t = this.table;
    for (let iy = 0; iy < n; iy++) {
      for (let ix = 0; ix < n; ix++) {
        const v = values[iy * n + ix];
        const k = 3 * Math.max(0, Math.min(255, Math.round((Number.isFinite(v) ? v : 0.5) * 255)));
        const p = 4 * ((n - 1 - iy) * n + ix);  // grid rows go up in x₂, canvas rows go down
        image.data[p] = t[k]; image.data[p + 1] = t[k + 1]; image.data[p + 2] = t[k + 2]; image.data[p + 3] = 255;
      }
    }
    off.putImageData(image, 0, 0);
    ctx.clearRect(0, 0, this.surfaceCanvas.width, this.surfaceCanvas.height);
    // Cell centres sit on the grid's points: the image spans half a cell beyond the outer ones.
    const cellX = box.width / (n - 1), cellY = box.height / (n - 1);
    ctx.save();
    ctx.beginPath(); ctx.rect(box.left, box.top, box.width, box.height); ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.offscreen, box.left - cellX / 2, box.top - cellY / 2, box.width + cellX, box.height + cellY);
    const toX = (x) => box.left + (x - d.low[0]) / (d.high[0] - d.low[0]) * box.width;
    const toY = (y) => box.top + box.height - (y - d.low[1]) / (d.high[1] - d.low[1]) * box.height;
    this.drawPoints(ctx, toX, toY);
    ctx.restore();
    this.axes(ctx, box, d.low, d.high, "x₁", "x₂");
  }

  drawFields(weights) {
    // The first weight matrix W_0 (row-major: one row per first-layer unit), coloured like the surface's
    // probabilities: -max -> orange, 0 -> the neutral middle, +max -> blue, with max = the unit's own largest |w|
    // (as core/figures/classes.py draws the still figure). Image data (d.image = [rows, cols]): one tile per
    // unit, its row shown as the picture it responds to.
    const d = this.data, ctx = this.surfaceCanvas.getContext("2d"), t = this.table;
    const inputs = d.widths[0], units = d.widths[1];
    const width = parseFloat(this.surfaceCanvas.style.width), height = parseFloat(this.surfaceCanvas.style.height);
    ctx.clearRect(0, 0, width, height);
    const [rows, cols] = d.image || [1, inputs];
    const perRow = d.image ? Math.ceil(Math.sqrt(units)) : 1;
    const tileRows = Math.ceil(units / perRow);
    const imageWidth = perRow * (cols + 1) - 1, imageHeight = tileRows * (rows + 1) - 1;  // 1-cell gaps
    if (!this.fieldCanvas) this.fieldCanvas = document.createElement("canvas");
    const off = this.fieldCanvas;
    if (off.width !== imageWidth || off.height !== imageHeight) { off.width = imageWidth; off.height = imageHeight; }
    const octx = off.getContext("2d"), image = octx.createImageData(imageWidth, imageHeight);
    image.data.fill(255);
    for (let unit = 0; unit < units; unit++) {
      const x0 = (unit % perRow) * (cols + 1), y0 = Math.floor(unit / perRow) * (rows + 1);
      let biggest = 0;
      for (let i = 0; i < inputs; i++) {
        const w = weights[unit * inputs + i];
        if (Number.isFinite(w)) biggest = Math.max(biggest, Math.abs(w));
      }
      biggest = biggest || 1;  // a unit of zeros stays neutral
      for (let i = 0; i < inputs; i++) {
        const w = weights[unit * inputs + i];
        const v = Number.isFinite(w) ? 0.5 + 0.5 * w / biggest : 0.5;
        const k = 3 * Math.max(0, Math.min(255, Math.round(v * 255)));
        const x = x0 + (i % cols), y = y0 + Math.floor(i / cols);
        const p = 4 * (y * imageWidth + x);
        image.data[p] = t[k]; image.data[p + 1] = t[k + 1]; image.data[p + 2] = t[k + 2];
      }
    }
    octx.putImageData(image, 0, 0);
    const scale = Math.min((width - 8) / imageWidth, (height - 8) / imageHeight);
    ctx.imageSmoothingEnabled = false;  // pixels stay pixels
    ctx.drawImage(off, (width - imageWidth * scale) / 2, (height - imageHeight * scale) / 2,
      imageWidth * scale, imageHeight * scale);
  }

  drawCurve(values) {
    const d = this.data, ctx = this.surfaceCanvas.getContext("2d"), box = this.plotBox(this.surfaceCanvas);
    ctx.clearRect(0, 0, this.surfaceCanvas.width, this.surfaceCanvas.height);
    const ys = d.train.concat(d.test).map((p) => p[1]);
    const lowY = Math.min(...ys), highY = Math.max(...ys), pad = 0.15 * (highY - lowY || 1);
    const low = [d.low[0], lowY - pad], high = [d.high[0], highY + pad];
    const toX = (x) => box.left + (x - low[0]) / (high[0] - low[0]) * box.width;
    const toY = (y) => box.top + box.height - (y - low[1]) / (high[1] - low[1]) * box.height;
    ctx.save();
    ctx.beginPath(); ctx.rect(box.left, box.top, box.width, box.height); ctx.clip();
    this.drawPoints(ctx, toX, toY);
    ctx.beginPath();
    for (let i = 0; i < values.length; i++) {
      const x = d.low[0] + (d.high[0] - d.low[0]) * i / (values.length - 1);
      if (i === 0) ctx.moveTo(toX(x), toY(values[i])); else ctx.lineTo(toX(x), toY(values[i]));
    }
    ctx.strokeStyle = d.colours.ink; ctx.lineWidth = d.presenting ? 5 : 3; ctx.stroke();
    ctx.restore();
    this.axes(ctx, box, low, high, "x", "y");
  }

  axes(ctx, box, low, high, xName, yName) {
    const d = this.data, size = d.presenting ? 16 : 11;
    ctx.strokeStyle = "#9CA3AF"; ctx.lineWidth = 1;
    ctx.strokeRect(box.left, box.top, box.width, box.height);
    ctx.fillStyle = d.colours.ink; ctx.font = `${size}px sans-serif`;
    ctx.textAlign = "left"; ctx.fillText(low[0].toFixed(1), box.left, box.top + box.height + size + 2);
    ctx.textAlign = "right"; ctx.fillText(high[0].toFixed(1), box.left + box.width, box.top + box.height + size + 2);
    ctx.textAlign = "center"; ctx.fillText(xName, box.left + box.width / 2, box.top + box.height + size + 2);
    ctx.textAlign = "right";
    ctx.fillText(high[1].toFixed(1), box.left - 3, box.top + size);
    ctx.fillText(low[1].toFixed(1), box.left - 3, box.top + box.height);
    ctx.fillText(yName, box.left - 3, box.top + box.height / 2);
  }

  drawNetwork(weights) {
    const d = this.data, ctx = this.networkCanvas.getContext("2d"), widths = d.widths;
    const width = parseFloat(this.networkCanvas.style.width), height = parseFloat(this.networkCanvas.style.height);
    ctx.clearRect(0, 0, width, height);
    const layers = widths.length, margin = 24;
    // core/figures/network.py's layout: layers left to right, units centred, unit 1 at the top.
    const pos = (layer, unit) => [margin + (width - 2 * margin) * layer / (layers - 1),
      height / 2 + ((unit - (widths[layer] - 1) / 2) / widths[layer]) * (height - 2 * margin)];
    const blocks = [];
    let offset = 0, biggest = 0;
    for (let l = 0; l < layers - 1; l++) {
      const count = widths[l] * widths[l + 1];
      blocks.push([offset, offset + count]);
      for (let i = offset; i < offset + count; i++) biggest = Math.max(biggest, Math.abs(weights[i]));
      offset += count + widths[l + 1];
    }
    biggest = biggest || 1;
    const keep = this.strongestEdges(weights, blocks);  // null: every edge
    const bins = 5, scale = d.presenting ? 1.6 : 1;
    const paths = new Map();
    let edge = -1, drawn = 0;
    for (let l = 0; l < layers - 1; l++) {
      const [start] = blocks[l], inputs = widths[l];
      for (let row = 0; row < widths[l + 1]; row++) {
        for (let col = 0; col < inputs; col++) {
          const w = weights[start + row * inputs + col];
          edge += 1;
          if (!Number.isFinite(w) || (keep && !keep[edge])) continue;
          drawn += 1;
          const level = Math.min(Math.floor(Math.abs(w) / biggest * bins), bins - 1);
          const key = (w >= 0 ? "p" : "n") + level;
          if (!paths.has(key)) paths.set(key, new Path2D());
          const [x0, y0] = pos(l, col), [x1, y1] = pos(l + 1, row);
          paths.get(key).moveTo(x0, y0);
          paths.get(key).lineTo(x1, y1);
        }
      }
    }
    const total = edge + 1;
    const caption = drawn < total ? `${NETWORK_CAPTION}; the ${drawn.toLocaleString("en")} strongest of `
      + `${total.toLocaleString("en")} edges` : NETWORK_CAPTION;
    if (this.networkCaption.textContent !== caption) this.networkCaption.textContent = caption;
    for (const [key, path] of paths) {
      const level = Number(key.slice(1)), positive = key[0] === "p";
      ctx.strokeStyle = positive ? d.colours.positive : d.colours.negative;
      ctx.globalAlpha = 0.25 + 0.6 * (level + 1) / bins;
      ctx.lineWidth = (0.5 + 6 * (level + 0.5) / bins) * scale;
      ctx.setLineDash(positive ? [] : [2 * scale, 3 * scale]);
      ctx.stroke(path);
    }
    ctx.globalAlpha = 1; ctx.setLineDash([]);
    const radius = Math.max(1.5, Math.min(8, (height - 2 * margin) / (2.5 * Math.max(...widths)))) * scale;
    for (let l = 0; l < layers; l++) {
      const biasStart = l === 0 ? null : blocks[l - 1][1];
      for (let unit = 0; unit < widths[l]; unit++) {
        const [x, y] = pos(l, unit);
        ctx.beginPath(); ctx.arc(x, y, radius, 0, 2 * Math.PI);
        ctx.fillStyle = biasStart === null ? d.colours.muted : (weights[biasStart + unit] >= 0 ? d.colours.positive : d.colours.negative);
        ctx.fill(); ctx.lineWidth = 1.2; ctx.strokeStyle = d.colours.ink; ctx.stroke();
      }
    }
  }

  // Which edges to draw (edges numbered in drawing order: layer, then row, then column): every one up to
  // MAX_EDGES, else exactly the MAX_EDGES of largest |w| (ties broken by number, non-finite weights last).
  strongestEdges(weights, blocks) {
    const total = blocks.reduce((sum, [a, b]) => sum + b - a, 0);
    if (total <= MAX_EDGES) return null;
    if (!this.edgeOrder || this.edgeOrder.length !== total) {
      this.edgeOrder = new Uint32Array(total); this.edgeSize = new Float64Array(total); this.edgeKeep = new Uint8Array(total);
    }
    let k = 0;
    for (const [a, b] of blocks) for (let i = a; i < b; i++) {
      this.edgeSize[k] = Number.isFinite(weights[i]) ? Math.abs(weights[i]) : -1;
      this.edgeOrder[k] = k; k += 1;
    }
    const size = this.edgeSize;
    this.edgeOrder.sort((x, y) => (size[y] - size[x]) || (x - y));
    this.edgeKeep.fill(0);
    for (let i = 0; i < MAX_EDGES; i++) this.edgeKeep[this.edgeOrder[i]] = 1;
    return this.edgeKeep;
  }

  drawLoss() {
    const d = this.data, ctx = this.lossCanvas.getContext("2d"), box = this.plotBox(this.lossCanvas);
    box.left = 52; box.width = parseFloat(this.lossCanvas.style.width) - 60;
    ctx.clearRect(0, 0, parseFloat(this.lossCanvas.style.width), parseFloat(this.lossCanvas.style.height));
    const series = [[], []];
    for (const [step, train, test] of d.before) { series[0].push([step, train]); series[1].push([step, test]); }
    for (let i = 0; i <= this.index; i++) {
      const row = this.frames[i];
      if (!row) continue;
      series[0].push([row[0], row[1]]); series[1].push([row[0], row[2]]);
    }
    let low = Infinity, high = -Infinity;
    for (const points of series) for (const [, v] of points) if (v > 0 && Number.isFinite(v)) { low = Math.min(low, v); high = Math.max(high, v); }
    if (!Number.isFinite(low)) { low = 0.01; high = 1; }
    const logLow = Math.log10(low) - 0.05, logHigh = Math.max(Math.log10(high) + 0.05, logLow + 0.1);
    const lastX = Math.max(this.target, this.lastStep(), 1);
    const toX = (s) => box.left + s / lastX * box.width;
    const toY = (v) => box.top + box.height - (Math.log10(v) - logLow) / (logHigh - logLow) * box.height;
    const thick = d.presenting ? 2 : 1;
    [[series[0], d.colours.trainLine, []], [series[1], d.colours.testLine, [6, 4]]].forEach(([points, colour, dash]) => {
      ctx.beginPath();
      let started = false;
      for (const [s, v] of points) {
        if (!(v > 0) || !Number.isFinite(v)) { started = false; continue; }
        if (started) ctx.lineTo(toX(s), toY(v)); else ctx.moveTo(toX(s), toY(v));
        started = true;
      }
      ctx.strokeStyle = colour; ctx.lineWidth = 2 * thick; ctx.setLineDash(dash.map((x) => x * thick)); ctx.stroke();
    });
    ctx.setLineDash([]);
    const x = toX(this.stepAt(this.index));
    ctx.strokeStyle = d.colours.muted; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(x, box.top); ctx.lineTo(x, box.top + box.height); ctx.stroke();
    ctx.strokeStyle = "#9CA3AF"; ctx.strokeRect(box.left, box.top, box.width, box.height);
    const size = d.presenting ? 16 : 11;
    ctx.fillStyle = d.colours.ink; ctx.font = `${size}px sans-serif`;
    ctx.textAlign = "right";
    ctx.fillText(Math.pow(10, logHigh).toPrecision(2), box.left - 4, box.top + size);
    ctx.fillText(Math.pow(10, logLow).toPrecision(2), box.left - 4, box.top + box.height);
    ctx.fillText(String(lastX), box.left + box.width, box.top + box.height + size + 4);
    ctx.textAlign = "left";
    ctx.fillText("0", box.left, box.top + box.height + size + 4);
    ctx.textAlign = "center";
    ctx.fillText("step", box.left + box.width / 2, box.top + box.height + size + 4);
  }

  destroy() {
    cancelAnimationFrame(this.raf);
    clearTimeout(this.settleTimer);
    this.resizer.disconnect();
    clearTimeout(this.leaveTimer);
    document.removeEventListener("click", this.onNavigate, true);
    document.removeEventListener("visibilitychange", this.onLeave);
    window.removeEventListener("pagehide", this.onLeave);
    this.root.remove();
  }
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let player = parentElement.eqPlayer;
  if (!player) {
    player = new Player(parentElement);
    parentElement.eqPlayer = player;
  }
  player.update(data, setTriggerValue);
  return () => {
    player.destroy();
    delete parentElement.eqPlayer;
  };
}
