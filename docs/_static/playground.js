// The Playground (docs/playground.md): draws the runs that docs/_ext/playground.py computed
// with bpteach.train_stacked when the site was built (window.BPTEACH_PLAYGROUND, from
// playground-data.js). Nothing is trained or computed here: the script decodes the stored
// numbers and draws them on three canvases. Its texts come from the page, in its language.
(function () {
  "use strict";
  const DATA = window.BPTEACH_PLAYGROUND;
  const root = document.getElementById("bpteach-playground");
  if (!root || !DATA) return;
  const T = JSON.parse(root.dataset.texts);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const nibble = (packed, i) => (i % 2 ? packed[i >> 1] & 15 : packed[i >> 1] >> 4);
  const [LOG_MIN, LOG_MAX] = DATA.error_log_range;
  const errorOf = (code) => (code === 0 ? NaN : Math.pow(10, LOG_MIN + ((code - 1) / 65534) * (LOG_MAX - LOG_MIN)));
  const outputOf = (code) => (code === 0 ? NaN : ((code - 1) / 254) * 2 * DATA.output_limit - DATA.output_limit);
  const format = (v) => (!isFinite(v) ? "NaN" : v < 1e-3 ? v.toExponential(2) : v.toPrecision(3));

  // Decoded groups, decoded once each, when first shown.
  const decoded = new Map();
  function group(problem, g) {
    const key = problem + g;
    if (!decoded.has(key)) {
      const src = DATA.problems[problem].groups[g];
      const e = bytes(src.errors);
      decoded.set(key, {errors: new Uint16Array(e.buffer, e.byteOffset, e.length / 2),
                        outputs: bytes(src.outputs), weights: bytes(src.weights), runs: src.runs,
                        largest: (() => { const b = bytes(src.largest); return new Uint16Array(b.buffer, b.byteOffset, b.length / 2); })()});
    }
    return decoded.get(key);
  }

  // -- The controls: labelled form elements ---------------------------------------------
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    node.append(...children);
    return node;
  };
  const form = el("form", {class: "pg-controls", "aria-label": T.controls});
  form.addEventListener("submit", (event) => event.preventDefault());
  const controls = {};
  function select(name, options) {
    const id = "pg-" + name;
    const box = el("select", {id: id, name: name});
    for (const [value, label] of options) box.append(el("option", {value: String(value)}, label));
    form.append(el("div", {class: "pg-field"}, el("label", {for: id}, T[name]), box));
    controls[name] = box;
    return box;
  }
  select("problem", [["regression", T.regression], ["classification", T.classification]]);
  select("hidden", []);
  select("activation", DATA.activations.map((a) => [a, T["act-" + a]]));
  select("rate", []);
  select("width", DATA.wb_widths.map((w) => [w, String(w)]));
  select("seed", DATA.seeds.map((s) => [s, String(s)]));
  const slider = el("input", {type: "range", id: "pg-epoch", name: "epoch", min: "0", max: "0", step: "1", value: "0"});
  const epochOut = el("output", {for: "pg-epoch", id: "pg-epoch-value"});
  const play = el("button", {type: "button", id: "pg-play", "aria-pressed": "false"}, T.play);
  form.append(el("div", {class: "pg-field pg-epoch"}, el("label", {for: "pg-epoch"}, T.epoch), slider, epochOut, play));
  controls.epoch = slider;

  const note = el("p", {class: "pg-note", id: "pg-note", role: "status"});
  const status = el("p", {class: "pg-status", id: "pg-status", "aria-live": "polite"});
  const canvas = (id, w, h) => el("canvas", {id: id, width: String(w), height: String(h), role: "img"});
  const fit = canvas("pg-fit", 480, 360), curve = canvas("pg-curve", 480, 240), net = canvas("pg-net", 480, 264);
  const figure = (c, title) => el("figure", {class: "pg-figure"}, c, el("figcaption", {}, title));
  const fitCaption = el("span", {});
  const curveCaption = el("span", {}), curveStop = el("span", {class: "pg-stopped"});
  const warningsBox = el("div", {class: "pg-warnings", id: "pg-warnings", "aria-live": "polite"});
  root.append(form, note, status,
              el("div", {class: "pg-figures"}, figure(fit, fitCaption), figure(curve, el("span", {}, curveCaption, curveStop)),
                 figure(net, T["network-title"])),
              el("h3", {}, T["warnings-title"]), warningsBox,
              el("p", {class: "pg-quantisation", id: "pg-quantisation"}, fill(T.quantisation, {
                error: (100 * DATA.worst.error).toFixed(3), output: DATA.worst.output.toFixed(4),
                probability: DATA.worst.probability.toFixed(4)})));

  // -- Which stored run the controls name --------------------------------------------------
  function setOptions(box, values, chosen) {
    box.replaceChildren(...values.map((v) => el("option", {value: String(v)}, String(v))));
    box.value = String(chosen);
  }
  function problemChanged() {
    const p = DATA.problems[controls.problem.value];
    setOptions(controls.hidden, p.hidden, p.textbook_hidden);
    setOptions(controls.rate, p.learning_rates, DATA.textbook_rate);
    controls.activation.value = "sigmoid";
    controls.width.value = String(DATA.textbook_width);
    slider.max = String(p.logged.length - 1);
    slider.value = slider.max;  // current() lowers it for a run that diverged
  }
  // Only one factor at a time around the textbook was precomputed: a change that leaves the
  // stored settings moves the other factor back to the textbook's value, and says so.
  function enforce(changed) {
    const p = DATA.problems[controls.problem.value];
    const said = [];
    const reset = (name, value) => {
      if (controls[name].value !== String(value)) {
        controls[name].value = String(value);
        said.push(fill(T.reset, {setting: T[name], value: controls[name].selectedOptions[0].textContent}));
      }
    };
    if (changed === "activation" && controls.activation.value !== "sigmoid") reset("hidden", p.textbook_hidden);
    if (changed === "hidden" && Number(controls.hidden.value) !== p.textbook_hidden) reset("activation", "sigmoid");
    if (changed === "rate" && Number(controls.rate.value) !== DATA.textbook_rate) reset("width", DATA.textbook_width);
    if (changed === "width" && Number(controls.width.value) !== DATA.textbook_width) reset("rate", DATA.textbook_rate);
    note.textContent = said.join(" ");
  }
  function current() {
    const name = controls.problem.value, p = DATA.problems[name];
    const hidden = Number(controls.hidden.value), activation = controls.activation.value;
    const g = p.groups.findIndex((x) => x.hidden === hidden && x.activation === activation);
    const rate = Number(controls.rate.value), width = Number(controls.width.value);
    const c = p.combinations.findIndex(([r, w]) => r === rate && w === width);
    const seed = DATA.seeds.indexOf(Number(controls.seed.value));
    const k = c * DATA.seeds.length + seed;
    const data = group(name, g), stop = data.runs[k].diverged;
    // A diverged run: the slider ends at the first snapshot after the divergence, which holds
    // the restored parameters (those after the last complete epoch, stop - 1).
    const after = stop >= 0 ? p.logged.findIndex((e) => e >= stop) : -1;
    slider.max = String(after >= 0 ? after : p.logged.length - 1);
    if (Number(slider.value) > Number(slider.max)) slider.value = slider.max;
    const snap = Number(slider.value);
    const stopped = stop >= 0 && p.logged[snap] >= stop;
    // The epoch whose error is printed: the snapshot's, or the last complete one of a stopped run.
    const epoch = stopped ? Math.max(0, stop - 1) : p.logged[snap];
    return {name, p, g, k, hidden, activation, rate, width, seed: DATA.seeds[seed], snap, stopped,
            epoch, data};
  }

  // -- Drawing ------------------------------------------------------------------------------
  const COLOURS = {target: "#444", fit: "#0b63c5", above: [230, 159, 0], below: [86, 180, 233],
                   pos: "#0b63c5", neg: "#c0392b", grid: "#ccc"};
  function axes(ctx, box, xr, yr, log) {
    ctx.strokeStyle = COLOURS.grid; ctx.lineWidth = 1;
    ctx.strokeRect(box.x, box.y, box.w, box.h);
    return {x: (v) => box.x + ((v - xr[0]) / (xr[1] - xr[0])) * box.w,
            y: (v) => box.y + box.h - (((log ? Math.log10(v) : v) - yr[0]) / (yr[1] - yr[0])) * box.h};
  }
  function ticks(ctx, s, xs, ys, xLabel, yLabel, bottom) {  // the axes' values, 16 px
    ctx.fillStyle = "#333"; ctx.font = "16px sans-serif"; ctx.textAlign = "center";
    for (const v of xs) ctx.fillText(String(v), s.x(v), bottom + 18);
    ctx.fillText(xLabel, s.x(0) + 60, bottom + 36);
    ctx.textAlign = "right";
    for (const v of ys) ctx.fillText(String(v), 34, s.y(v) + 5);
    ctx.fillText(yLabel, 34, s.y(0) - 40);
    ctx.textAlign = "start";
  }
  function drawFit(run) {
    const ctx = fit.getContext("2d"), {p, data, k, snap} = run;
    ctx.clearRect(0, 0, fit.width, fit.height);
    const L = p.logged.length, N = p.x.length, base = (k * L + snap) * N;
    const diverged = run.stopped;
    if (run.name === "regression") {
      const s = axes(ctx, {x: 40, y: 10, w: 430, h: 310}, [-1, 1], [-DATA.output_limit, DATA.output_limit]);
      ticks(ctx, s, [-1, 0, 1], [-1, 0, 1], "x", "y", 320);
      ctx.setLineDash([5, 4]); ctx.strokeStyle = COLOURS.target; ctx.lineWidth = 2; ctx.beginPath();
      p.x.forEach((x, i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, s.x(x[0]), s.y(p.t[i])));
      ctx.stroke(); ctx.setLineDash([]);
      if (!diverged) {
        ctx.strokeStyle = COLOURS.fit; ctx.lineWidth = 3; ctx.beginPath();
        p.x.forEach((x, i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, s.x(x[0]), s.y(outputOf(data.outputs[base + i]))));
        ctx.stroke();
      }
    } else {
      const s = axes(ctx, {x: 40, y: 10, w: 310, h: 310}, [-1.05, 1.05], [-1.05, 1.05]);
      const cell = 310 / 21;
      ticks(ctx, s, [-1, 0, 1], [-1, 0, 1], "x\u2081", "x\u2082", 320);
      p.x.forEach((x, i) => {
        const q = diverged ? 0.5 : (nibble(data.outputs, base + i) + 0.5) / 16;  // p(below)
        const c = COLOURS.above.map((a, j) => Math.round(a + (COLOURS.below[j] - a) * q));
        ctx.fillStyle = `rgb(${c})`;
        ctx.fillRect(s.x(x[0]) - cell / 2, s.y(x[1]) - cell / 2, cell + 0.5, cell + 0.5);
        ctx.fillStyle = p.t[i] > 0.5 ? "#003d73" : "#7a4a00";  // the target: dot below, ring above
        ctx.beginPath(); ctx.arc(s.x(x[0]), s.y(x[1]), 2.5, 0, 2 * Math.PI);
        if (p.t[i] > 0.5) ctx.fill(); else { ctx.strokeStyle = ctx.fillStyle; ctx.lineWidth = 1; ctx.stroke(); }
      });
      ctx.strokeStyle = "#000"; ctx.lineWidth = 2; ctx.setLineDash([5, 4]); ctx.beginPath();
      p.boundary.forEach(([a, b], i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, s.x(a), s.y(b)));
      ctx.stroke(); ctx.setLineDash([]);
    }
    if (diverged) {
      ctx.fillStyle = COLOURS.neg; ctx.font = "bold 18px sans-serif";
      ctx.fillText(fill(T["diverged-short"], {epoch: data.runs[k].diverged}), 60, 40);
      ctx.font = "15px sans-serif";
      ctx.fillText(T["fit-not-drawn"], 60, 64);
    }
  }
  function drawCurve(run) {
    const ctx = curve.getContext("2d"), {p, data, k} = run, E = p.epochs, stop = data.runs[k].diverged;
    ctx.clearRect(0, 0, curve.width, curve.height);
    const errs = Array.from({length: E}, (_, e) => errorOf(data.errors[k * E + e]));
    const finite = errs.filter((v) => isFinite(v) && v > 0);
    const lo = Math.floor(Math.log10(Math.min(...finite)));
    const hi = Math.max(Math.ceil(Math.log10(Math.max(...finite)) + 1e-9), lo + 1);
    // A diverged run's axis ends at the epoch where it stopped: with all 121 epochs, its few
    // epochs (each multiplying the error by about 1e38 on the stored runs) were a sliver on the left.
    const end = stop >= 0 ? Math.max(stop, 4) : E - 1;
    const box = {x: 50, y: 10, w: 420, h: 200};
    const s = axes(ctx, box, [0, end], [lo, hi], true);
    curve.dataset.logRange = `${lo} ${hi}`;  // the axis, in decades (the tests read it)
    const inside = (y) => Math.min(box.y + box.h, Math.max(box.y, y));
    ctx.fillStyle = "#333"; ctx.font = "16px sans-serif";
    ctx.fillText("1e" + hi, 2, 22); ctx.fillText("1e" + lo, 2, 210);
    ctx.fillText("0", 50, 232); ctx.textAlign = "right"; ctx.fillText(String(end), 470, 232);
    ctx.textAlign = "center"; ctx.fillText(T.epoch, 260, 232); ctx.textAlign = "start";
    ctx.save(); ctx.beginPath(); ctx.rect(box.x, box.y, box.w, box.h); ctx.clip();
    ctx.strokeStyle = COLOURS.fit; ctx.lineWidth = 2; ctx.beginPath();
    let started = false, last = -1;
    errs.forEach((v, e) => {
      if (!isFinite(v) || e > end) return;
      (started ? ctx.lineTo : ctx.moveTo).call(ctx, s.x(e), s.y(v)); started = true; last = e;
    });
    ctx.stroke(); ctx.restore();
    ctx.fillStyle = COLOURS.neg; ctx.font = "bold 15px sans-serif";
    if (stop >= 0 && last >= 0) {  // where it stopped: a cross at the last complete epoch
      const [x, y] = [s.x(last), inside(s.y(errs[last]))];
      ctx.strokeStyle = COLOURS.neg; ctx.lineWidth = 3; ctx.beginPath();
      ctx.moveTo(x - 6, y - 6); ctx.lineTo(x + 6, y + 6); ctx.moveTo(x + 6, y - 6); ctx.lineTo(x - 6, y + 6); ctx.stroke();
      ctx.fillText(fill(T["diverged-short"], {epoch: stop}), box.x + 8, box.y + 22);  // top left: clear of the rising curve
    }
    const v = errs[run.epoch];
    ctx.strokeStyle = "#000"; ctx.lineWidth = 1; ctx.beginPath();
    ctx.moveTo(s.x(run.epoch), 10); ctx.lineTo(s.x(run.epoch), 210); ctx.stroke();
    if (isFinite(v)) { ctx.fillStyle = "#000"; ctx.beginPath(); ctx.arc(s.x(run.epoch), inside(s.y(v)), 5, 0, 2 * Math.PI); ctx.fill(); }
    curveCaption.textContent = T["curve-title"];
    curveStop.textContent = stop >= 0 ? fill(T["curve-stopped"], {epoch: stop, last: stop - 1}) : "";
  }
  function drawNetwork(run) {
    const ctx = net.getContext("2d"), {p, data, k, snap, hidden} = run;
    ctx.clearRect(0, 0, net.width, net.height);
    const nIn = run.name === "regression" ? 1 : 2, sizes = [nIn, hidden, nIn];
    const P = nIn * hidden + hidden + hidden * nIn + nIn, base = (k * p.logged.length + snap) * P;
    const pos = sizes.map((n, l) => Array.from({length: n}, (_, i) => [60 + l * 180, 20 + ((i + 0.5) / n) * 200]));
    let offset = 0;
    for (let l = 0; l < 2; l++) {
      const [a, b] = [sizes[l], sizes[l + 1]];
      for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) {
        const code = nibble(data.weights, base + offset + i * b + j), size = code & 7, negative = code >= 8;
        if (!size) continue;
        ctx.strokeStyle = negative ? COLOURS.neg : COLOURS.pos; ctx.lineWidth = size * 0.8;
        ctx.setLineDash(negative ? [4, 3] : []);
        ctx.beginPath(); ctx.moveTo(...pos[l][i]); ctx.lineTo(...pos[l + 1][j]); ctx.stroke();
      }
      offset += a * b + b;  // W then b: the biases are shown as the neurons' rings
      for (let j = 0; j < b; j++) {
        const code = nibble(data.weights, base + offset - b + j);
        ctx.setLineDash([]); ctx.lineWidth = 1 + (code & 7) * 0.5;
        ctx.strokeStyle = code >= 8 ? COLOURS.neg : COLOURS.pos;
        ctx.fillStyle = "#fff"; ctx.beginPath(); ctx.arc(...pos[l + 1][j], Math.min(8, 90 / b + 2), 0, 2 * Math.PI);
        ctx.fill(); ctx.stroke();
      }
    }
    ctx.setLineDash([]);
    for (const [x, y] of pos[0]) { ctx.fillStyle = "#444"; ctx.beginPath(); ctx.arc(x, y, 8, 0, 2 * Math.PI); ctx.fill(); }
    // The widths stop growing at |w| = 3.16: the largest sizes are printed.
    const at = (k * p.logged.length + snap) * 2;
    ctx.fillStyle = "#333"; ctx.font = "16px sans-serif";
    const largest = fill(T["network-largest"], {w: format(errorOf(data.largest[at])), b: format(errorOf(data.largest[at + 1]))});
    ctx.fillText(largest, 4, 256);
    return largest;
  }

  // The package's own texts are stored in both languages ([English, Japanese]): the page's is shown.
  const LANG = (document.documentElement.lang || "en").startsWith("ja") ? "ja" : "en";
  const said = (texts) => texts[LANG === "ja" ? 1 : 0];

  function warningsOf(run) {
    const r = run.data.runs[run.k], list = [];
    if (run.stopped) list.push([fill(T.diverged, {epoch: r.diverged, last: r.diverged - 1}), said(r.log)]);
    for (const [kind, epoch, ...texts] of r.warnings || []) {
      const message = said(texts);
      if (epoch !== null && epoch > run.epoch) continue;  // not yet said at the shown epoch
      const when = epoch === null ? T["before-training"] : fill(T["at-epoch"], {epoch: epoch});
      const gap = /[\u3000-\u30ff\uff00-\uffef]$/.test(when) ? "" : " ";  // none after a full-width colon
      list.push([when + gap + (T["kind-" + kind] || kind), message]);
    }
    return list;
  }

  function update() {
    const run = current();
    const E = run.p.epochs, code = run.data.errors[run.k * E + run.epoch], error = errorOf(code);
    const r = run.data.runs[run.k];
    const shown = run.stopped ? fill(T["epoch-stopped"], {epoch: r.diverged}) : String(run.epoch);
    epochOut.textContent = shown;
    // The slider's value said as an epoch (counted from 0: {epochs} is the last one), not a snapshot index.
    slider.setAttribute("aria-valuetext", run.stopped ? shown : fill(T["epoch-value"], {epoch: shown, epochs: E - 1}));
    drawFit(run); drawCurve(run);
    const largest = drawNetwork(run);
    const layers = run.name === "regression" ? `1-${run.hidden}-1` : `2-${run.hidden}-2`;
    const values = {problem: T[run.name], layers: layers, activation: T["act-" + run.activation], rate: run.rate,
                    width: run.width, seed: run.seed, epoch: run.epoch, epochs: E, error: format(error),
                    diverged: r.diverged, restored: Math.max(0, r.diverged - 1)};
    let text = fill(T.alt, values);
    const space = document.documentElement.lang.startsWith("ja") ? "" : " ";  // Japanese: no space after 。
    if (run.stopped) text += space + fill(T["alt-diverged"], values);
    else if (r.diverged >= 0) text += space + fill(T["alt-will-diverge"], values);
    if (!timer) status.textContent = text;  // during Play, said once when it stops
    root.dataset.epoch = String(run.epoch);
    root.dataset.run = `${run.name}/${run.g}/${run.k}/${run.snap}`;
    root.dataset.error = isFinite(error) ? String(error) : "NaN";
    fitCaption.textContent = T[run.name === "regression" ? "fit-title-regression" : "fit-title-classification"];
    fit.setAttribute("aria-label", text);
    curve.setAttribute("aria-label", fill(T["curve-alt"], values));
    const said = fill(T["network-alt"], values);
    net.setAttribute("aria-label", said + (/[\u3000-\u30ff\uff00-\uffef]$/.test(said) ? "" : " ") + largest);
    const list = warningsOf(run);
    warningsBox.replaceChildren(...(list.length ? list.map(([heading, message]) => el("div", {class: "pg-warning"},
      el("p", {}, heading), message ? el("pre", {class: "pg-message", lang: LANG}, message) : ""))
      : [el("p", {}, T["no-warnings"])]));
  }

  let timer = null;
  function stop() {
    clearInterval(timer); timer = null; play.textContent = T.play; play.setAttribute("aria-pressed", "false");
    update();
  }
  play.addEventListener("click", () => {
    if (timer) return stop();
    if (slider.value === slider.max) slider.value = "0";
    update();
    play.textContent = T.pause; play.setAttribute("aria-pressed", "true");
    timer = setInterval(() => {
      if (Number(slider.value) >= Number(slider.max)) return stop();
      slider.value = String(Number(slider.value) + 1); update();
    }, 500);
  });
  for (const [name, box] of Object.entries(controls)) {
    box.addEventListener(name === "epoch" ? "input" : "change", () => {
      if (name === "problem") problemChanged(); else if (name !== "epoch") enforce(name);
      update();
    });
  }
  problemChanged();
  update();
  performance.mark("bpteach-playground-drawn");  // the first drawing is on screen (the tests time it)
})();
