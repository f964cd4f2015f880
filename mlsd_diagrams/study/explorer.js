/* The explorer page: pan and zoom, tooltips, tracing connections, build-up frames, practice mode,
   the mock interview and the live preview's reload. Every text from the design is set with textContent, never as
   markup. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("design-data").textContent);
  const root = document.documentElement;
  const body = document.body;
  const $ = (id) => document.getElementById(id);
  const store = (kind) => {
    try { return window[kind]; } catch (error) { return null; }
  };

  /* Theme: follows the system until a choice is made here. */
  const themes = ["auto", "light", "dark"];
  const themeButton = $("theme-toggle");
  let theme = (store("localStorage") && store("localStorage").getItem("mlsd-theme")) || "auto";
  function applyTheme() {
    if (theme === "auto") delete root.dataset.theme; else root.dataset.theme = theme;
    if (themeButton) themeButton.textContent = theme[0].toUpperCase() + theme.slice(1);
  }
  applyTheme();
  if (themeButton) themeButton.addEventListener("click", () => {
    theme = themes[(themes.indexOf(theme) + 1) % themes.length];
    try { store("localStorage").setItem("mlsd-theme", theme); } catch (error) { /* private */ }
    applyTheme();
  });

  const stage = $("stage");
  const svg = stage ? stage.querySelector("svg.diagram") : null;
  const viewKey = "mlsd-view-" + data.id;

  /* Live preview: poll the server's version and reload when a save changed it. */
  if (data.live !== null && data.live !== undefined) {
    const badge = $("live");
    const poll = () => fetch("/version", { cache: "no-store" })
      .then((response) => response.text())
      .then((version) => {
        if (badge) badge.classList.remove("lost");
        if (version.trim() !== String(data.live)) {
          if (svg && store("sessionStorage")) store("sessionStorage").setItem(viewKey, JSON.stringify(view));
          window.location.reload();
        }
      })
      .catch(() => { if (badge) badge.classList.add("lost"); });
    window.setInterval(poll, 400);
  }
  if (!svg) return;

  const nodes = new Map();
  svg.querySelectorAll("g[data-component]").forEach((g) => nodes.set(g.dataset.component, g));
  const edges = Array.from(svg.querySelectorAll("g.edge[data-source]"));
  const clusters = Array.from(svg.querySelectorAll("g.cluster[data-members]")).map((g) => ({
    g, members: g.dataset.members.split(" ").filter(Boolean),
  }));
  const down = new Map();
  const up = new Map();
  const add = (map, key, value) => { if (!map.has(key)) map.set(key, []); map.get(key).push(value); };
  /* A flow to or from a group stands for its components: reach goes through them, while the
     panel lists the flow with the group it names. */
  const groups = data.groups || {};
  const within = (id) => (groups[id] ? groups[id].members : [id]);
  const reads = new Map();
  const feeds = new Map();
  data.flows.forEach((f) => {
    within(f.source).forEach((s) => {
      add(feeds, s, f.target);
      within(f.target).forEach((t) => { add(down, s, t); add(up, t, s); });
    });
    within(f.target).forEach((t) => add(reads, t, f.source));
  });
  const named = (id) => data.components[id] || groups[id] || { label: id };
  function reach(start, links) {
    const seen = new Set([start]);
    const todo = [start];
    while (todo.length) {
      for (const next of links.get(todo.pop()) || []) {
        if (!seen.has(next)) { seen.add(next); todo.push(next); }
      }
    }
    return seen;
  }

  /* State, and one function that paints it onto the diagram. */
  const frames = data.frames;
  let frame = Math.max(frames.length - 1, 0);
  let selected = null;
  let connected = null;
  let practicing = false;
  const masked = new Set();
  let right = 0;
  let judged = 0;
  let pending = null;

  function paint() {
    const shown = frames.length ? new Set(frames[frame]) : null;
    const lit = (id) => !connected || connected.has(id);
    const now = (id) => !shown || shown.has(id);
    nodes.forEach((g, id) => {
      g.classList.toggle("dimmed", !lit(id));
      g.classList.toggle("future", !now(id));
      g.classList.toggle("selected", id === selected);
    });
    edges.forEach((g) => {
      const s = within(g.dataset.source);
      const t = within(g.dataset.target);
      g.classList.toggle("dimmed", !(s.some(lit) && t.some(lit)));
      g.classList.toggle("future", !(s.some(now) && t.some(now)));
    });
    clusters.forEach(({ g, members }) => {
      g.classList.toggle("dimmed", !members.some(lit));
      g.classList.toggle("future", !members.some(now));
    });
    const label = $("frame-label");
    if (label) label.textContent = frames.length ? `Step ${frame + 1} / ${frames.length}` : "—";
    if ($("frame-prev")) $("frame-prev").disabled = frame <= 0;
    if ($("frame-next")) $("frame-next").disabled = frame >= frames.length - 1;
  }

  const goFrame = (index) => { frame = Math.min(Math.max(index, 0), Math.max(frames.length - 1, 0)); paint(); };

  /* Selection: the component, everything upstream and downstream of it, and a panel. */
  const panel = $("selection");
  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return Object.assign(node, cls ? { className: cls } : {});
  }
  function neighbours(title, ids) {
    const box = el("div");
    const chips = el("div", null, "chips");
    box.append(el("h4", title, "kind"), chips);
    [...new Set(ids)].forEach((id) => {
      const chip = el("button", named(id).label, "chip");
      chip.type = "button";
      chip.addEventListener("click", () => select(within(id)[0]));
      chips.appendChild(chip);
    });
    if (!ids.length) chips.appendChild(el("span", "none", "hint"));
    return box;
  }
  function details(c) {
    const list = el("dl");
    const rows = [["Kind", c.kind.replace(/_/g, " ")], ["Plane", c.plane], ["Tech", c.tech],
      ["Latency", c.latency_ms === null ? null : c.latency_ms + " ms"]];
    rows.forEach(([key, value]) => {
      if (value === null || value === undefined || value === "") return;
      list.append(el("dt", key), el("dd", value));
    });
    return list;
  }
  function select(id) {
    const c = data.components[id];
    if (!c) return;
    selected = id;
    connected = new Set([...reach(id, down), ...reach(id, up)]);
    paint();
    if (!panel) return;
    panel.replaceChildren();
    panel.append(el("h3", c.label), details(c));
    if (c.notes) panel.appendChild(el("p", c.notes));
    if (c.url) {
      const link = Object.assign(el("a", "Open " + c.url, "link"), { href: c.url, target: "_blank", rel: "noopener" });
      panel.appendChild(Object.assign(el("p"), { className: "url" })).appendChild(link);
    }
    panel.append(neighbours("Reads from", reads.get(id) || []), neighbours("Feeds", feeds.get(id) || []));
    figureButtons(id).forEach((button) => panel.appendChild(button));
    panel.appendChild(el("p", `${connected.size - 1} connected components are lit; Esc clears.`, "hint"));
    panel.hidden = false;
  }
  /* Model figures: drawn inline, opened from their component's panel or the card. */
  const figureView = $("figure-view");
  function showFigure(fid) {
    if (!figureView) return false;
    const shown = figureView.querySelector(`figure[data-figure="${CSS.escape(fid)}"]`);
    if (!shown) return false;
    figureView.querySelectorAll("figure").forEach((f) => { f.hidden = f !== shown; });
    figureView.hidden = false;
    figureView.scrollIntoView({ block: "nearest" });
    return true;
  }
  function figureButtons(id) {
    return Object.entries(data.figures || {})
      .filter(([fid, f]) => f.component === id && figureView
        && figureView.querySelector(`figure[data-figure="${CSS.escape(fid)}"]`))
      .map(([fid, f]) => {
        const button = el("button", `Model figure: ${f.title}`, "figure-open");
        button.type = "button";
        button.addEventListener("click", () => showFigure(fid));
        return button;
      });
  }
  if (figureView) {
    $("figure-close").addEventListener("click", () => { figureView.hidden = true; });
    document.querySelectorAll(".card .figure[data-figure] a").forEach((link) => {
      link.addEventListener("click", (event) => {
        if (showFigure(link.closest(".figure").dataset.figure)) event.preventDefault();
      });
    });
  }
  function clearSelection() {
    selected = connected = null;
    if (panel) panel.hidden = true;
    paint();
  }

  /* Tooltip. */
  const tip = $("tooltip");
  function row(key, value) {
    const line = el("div", null, "row");
    line.append(el("span", key, "key"), el("span", value));
    return line;
  }
  function showTip(target, event) {
    tip.replaceChildren();
    if (target.dataset.component) {
      const id = target.dataset.component;
      const c = data.components[id];
      if (!c) return;
      if (practicing && masked.has(id)) {
        tip.append(el("strong", "Hidden"), el("div", "Name it, then click to check."));
      } else {
        tip.append(el("strong", c.label), row("kind", c.kind.replace(/_/g, " ")), row("plane", c.plane));
        if (c.tech) tip.appendChild(row("tech", c.tech));
        if (c.latency_ms !== null) tip.appendChild(row("latency", c.latency_ms + " ms"));
        if (c.notes) tip.appendChild(el("div", c.notes, "notes"));
        if (c.url) tip.appendChild(row("link", c.url));
      }
    } else {
      if (practicing) return;
      const s = named(target.dataset.source);
      const t = named(target.dataset.target);
      const flow = data.flows.find((f) => f.source === target.dataset.source && f.target === target.dataset.target);
      tip.appendChild(el("strong", `${s.label} → ${t.label}`));
      tip.appendChild(row("flow", target.dataset.kind || ""));
      if (flow && flow.label) tip.appendChild(el("div", flow.label, "notes"));
    }
    tip.hidden = false;
    moveTip(event);
  }
  function moveTip(event) {
    const box = stage.getBoundingClientRect();
    let x = event.clientX - box.left + 16;
    let y = event.clientY - box.top + 16;
    if (x + tip.offsetWidth > box.width - 8) x = event.clientX - box.left - tip.offsetWidth - 12;
    if (y + tip.offsetHeight > box.height - 8) y = event.clientY - box.top - tip.offsetHeight - 12;
    tip.style.left = Math.max(x, 4) + "px";
    tip.style.top = Math.max(y, 4) + "px";
  }
  const hideTip = () => { tip.hidden = true; };
  const part = (target) => (target && target.closest ? target.closest("g[data-component], g.edge[data-source]") : null);
  svg.addEventListener("mouseover", (event) => {
    const g = part(event.target);
    if (g && !(drag && drag.moved)) showTip(g, event); else if (!g) hideTip();
  });
  svg.addEventListener("mousemove", (event) => { if (!tip.hidden) moveTip(event); });
  svg.addEventListener("mouseout", (event) => {
    if (part(event.target) !== part(event.relatedTarget)) hideTip();
  });

  /* Pan and zoom, by rewriting the viewBox. */
  const base = svg.viewBox.baseVal;
  const home = { x: base.x, y: base.y, w: base.width, h: base.height };
  let view = { ...home };
  try {
    const saved = JSON.parse(store("sessionStorage").getItem(viewKey) || "null");
    if (saved && saved.w > 0) view = saved;
    store("sessionStorage").removeItem(viewKey);
  } catch (error) { /* nothing saved */ }
  function apply() { svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`); }
  function unit() {
    const box = svg.getBoundingClientRect();
    return Math.max(view.w / box.width, view.h / box.height) || 1;
  }
  function zoom(factor, clientX, clientY) {
    const box = svg.getBoundingClientRect();
    const s = unit();
    const px = view.x + (clientX - box.left - (box.width - view.w / s) / 2) * s;
    const py = view.y + (clientY - box.top - (box.height - view.h / s) / 2) * s;
    const w = Math.min(Math.max(view.w / factor, home.w / 30), home.w * 3);
    const k = w / view.w;
    view = { x: px - (px - view.x) * k, y: py - (py - view.y) * k, w, h: view.h * k };
    apply();
  }
  function zoomCentre(factor) {
    const box = svg.getBoundingClientRect();
    zoom(factor, box.left + box.width / 2, box.top + box.height / 2);
  }
  function fit() { view = { ...home }; apply(); }
  stage.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoom(Math.exp(-event.deltaY * 0.0015), event.clientX, event.clientY);
  }, { passive: false });
  let drag = null;
  let draggedAt = 0;
  stage.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || event.target.closest("button")) return;
    drag = { x: event.clientX, y: event.clientY, from: { ...view }, moved: false, unit: unit() };
  });
  stage.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 5) return;
    if (!drag.moved) {
      drag.moved = true;
      stage.classList.add("dragging");
      hideTip();
    }
    view = { ...drag.from, x: drag.from.x - dx * drag.unit, y: drag.from.y - dy * drag.unit };
    apply();
  });
  const endDrag = () => {
    if (drag && drag.moved) draggedAt = performance.now();
    drag = null;
    stage.classList.remove("dragging");
  };
  /* A click on a linked component traces it here; its link opens from the panel instead. */
  stage.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("a")) event.preventDefault();
  });
  stage.addEventListener("pointerup", endDrag);
  stage.addEventListener("pointerleave", endDrag);
  const toggleSide = () => $("side-toggle").setAttribute("aria-expanded", String(!body.classList.toggle("no-side")));
  [["zoom-in", () => zoomCentre(1.25)], ["side-toggle", toggleSide], ["zoom-out", () => zoomCentre(0.8)], ["zoom-fit", fit],
    ["frame-prev", () => goFrame(frame - 1)], ["frame-next", () => goFrame(frame + 1)]]
    .forEach(([id, action]) => { if ($(id)) $(id).addEventListener("click", action); });

  /* Practice mode: names hidden until clicked; each reveal is marked right or wrong. */
  const practicePanel = $("practice-panel");
  const practiceButton = $("practice-toggle");
  function nameOf(g) { return g.querySelector('text[font-weight="bold"]') || g.querySelector("text"); }
  function cover(g) {
    const name = nameOf(g);
    if (!name || g.querySelector(".quiz-mark")) return;
    const box = name.getBBox();
    const mark = document.createElementNS("http://www.w3.org/2000/svg", "text");
    mark.setAttribute("class", "quiz-mark");
    mark.setAttribute("x", String(box.x + box.width / 2));
    mark.setAttribute("y", name.getAttribute("y"));
    mark.setAttribute("text-anchor", "middle");
    mark.setAttribute("font-size", "15");
    mark.textContent = "?";
    g.appendChild(mark);
  }
  const uncover = (g) => g.querySelectorAll(".quiz-mark").forEach((m) => m.remove());
  function updateScore() {
    $("score").textContent = `${right} / ${judged}`;
    $("remaining").textContent = masked.size ? `· ${masked.size} still hidden` : "· all revealed";
    const verdict = $("verdict");
    verdict.hidden = pending === null;
    if (pending !== null) $("verdict-name").textContent = data.components[pending].label;
  }
  function startPractice() {
    if (iv.on) stopInterview();
    practicing = true;
    right = judged = 0;
    pending = null;
    clearSelection();
    hideTip();
    body.classList.add("practicing");
    nodes.forEach((g, id) => {
      masked.add(id);
      g.classList.remove("revealed", "judged-right", "judged-wrong");
      cover(g);
      g.classList.add("masked");
    });
    practicePanel.hidden = false;
    practiceButton.setAttribute("aria-pressed", "true");
    updateScore();
  }
  function stopPractice() {
    practicing = false;
    masked.clear();
    pending = null;
    body.classList.remove("practicing");
    nodes.forEach((g) => {
      g.classList.remove("masked", "revealed", "judged-right", "judged-wrong");
      uncover(g);
    });
    practicePanel.hidden = true;
    practiceButton.setAttribute("aria-pressed", "false");
    if (window.location.hash === "#practice") {
      try { history.replaceState(null, "", window.location.pathname + window.location.search); } catch (error) { /* file: */ }
    }
  }
  function reveal(id) {
    const g = nodes.get(id);
    masked.delete(id);
    uncover(g);
    g.classList.remove("masked");
    g.classList.add("revealed");
    pending = id;
    updateScore();
  }
  function judge(ok) {
    if (pending === null) return;
    judged += 1;
    if (ok) right += 1;
    nodes.get(pending).classList.add(ok ? "judged-right" : "judged-wrong");
    pending = null;
    updateScore();
  }
  practiceButton.addEventListener("click", () => (practicing ? stopPractice() : startPractice()));
  $("mark-right").addEventListener("click", () => judge(true));
  $("mark-wrong").addEventListener("click", () => judge(false));
  $("practice-restart").addEventListener("click", startPractice);
  $("practice-reveal").addEventListener("click", () => {
    [...masked].forEach((id) => { reveal(id); });
    pending = null;
    updateScore();
  });
  window.addEventListener("hashchange", () => {
    if (window.location.hash === "#practice" && !practicing) startPractice();
  });

  /* Mock interview: a 45-minute clock over the plan's phases. The clock reads time through
     `now()` alone, so a test can stand a fake in for it (window.mlsdClock). */
  const interview = data.interview;
  const iv = {
    on: false, phase: 0, running: false, since: 0, spent: 0, shown: {}, notes: {}, done: false,
    clockPhase: 0, timer: 0,
  };
  const notesKey = "mlsd-interview-" + data.id;
  /* The clock survives a reload of the tab (session storage); the notes outlive it (local). */
  const clockKey = "mlsd-interview-clock-" + data.id;
  const kept = ["phase", "running", "since", "spent", "shown", "done", "clockPhase"];
  function saveClock() {
    const state = Object.fromEntries(kept.map((key) => [key, iv[key]]));
    try { store("sessionStorage").setItem(clockKey, JSON.stringify(state)); } catch (error) { /* private */ }
  }
  function loadClock() {
    try {
      const saved = JSON.parse(store("sessionStorage").getItem(clockKey) || "null");
      if (saved) kept.forEach((key) => { if (key in saved) iv[key] = saved[key]; });
    } catch (error) { /* nothing kept */ }
  }
  function labelStart() {
    const button = $("interview-start");
    button.textContent = iv.done ? "Time" : iv.running ? "Pause" : iv.spent > 0 ? "Resume" : "Start the clock";
    button.disabled = iv.done;
  }
  const now = () => (typeof window.mlsdClock === "function" ? window.mlsdClock() : Date.now());
  const elapsed = () => iv.spent + (iv.running ? now() - iv.since : 0);
  const total = interview.minutes * 60000;
  const mmss = (ms) => {
    const seconds = Math.floor(Math.max(ms, 0) / 1000);
    return `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
  };
  const phaseAt = (ms) => {
    const minute = ms / 60000;
    const found = interview.phases.findIndex((p) => minute < p.end);
    return found < 0 ? interview.phases.length - 1 : found;
  };
  function loadNotes() {
    try { iv.notes = JSON.parse(store("localStorage").getItem(notesKey) || "{}") || {}; } catch (error) { iv.notes = {}; }
  }
  function saveNotes() {
    try { store("localStorage").setItem(notesKey, JSON.stringify(iv.notes)); } catch (error) { /* private */ }
  }
  function buildPhaseBar() {
    const bar = $("interview-phases");
    bar.replaceChildren();
    interview.phases.forEach((p, index) => {
      const item = el("li", null, "phase-seg");
      item.style.flexGrow = String(p.end - p.start);
      const go = el("button", String(index + 1));
      go.type = "button";
      go.title = `${p.minutes} min · ${p.title}`;
      go.addEventListener("click", () => showPhase(index));
      item.appendChild(go);
      bar.appendChild(item);
    });
  }
  function showPhase(index) {
    const notes = $("phase-notes");
    iv.phase = Math.min(Math.max(index, 0), interview.phases.length - 1);
    const p = interview.phases[iv.phase];
    $("phase-when").textContent = `Phase ${iv.phase + 1} of ${interview.phases.length} · minutes ${p.minutes}`;
    $("phase-title").textContent = p.title;
    $("phase-cover").textContent = p.cover;
    $("phase-question").textContent = p.question;
    $("phase-listen").textContent = p.listen || "No reference answer on the card: argue it from the design.";
    $("phase-listen").hidden = true;
    $("phase-listen-toggle").setAttribute("aria-expanded", "false");
    notes.value = iv.notes[iv.phase] || "";
    showPoints();
    $("interview-phases").querySelectorAll("li").forEach((li, i) => {
      li.classList.toggle("current", i === iv.phase);
      li.classList.toggle("past", i < iv.phase);
    });
    $("phase-prev").disabled = iv.phase === 0;
    $("phase-next").disabled = iv.phase === interview.phases.length - 1;
    if (frames.length) goFrame(p.frame);
    saveClock();
  }
  function showPoints() {
    const p = interview.phases[iv.phase];
    const count = iv.shown[iv.phase] || 0;
    const list = $("phase-points");
    list.replaceChildren(...p.points.slice(0, count).map((point) => el("li", point)));
    if (!p.points.length) list.appendChild(el("li", "The card has nothing written for this step.", "empty"));
    $("points-count").textContent = p.points.length ? `${count} of ${p.points.length} shown` : "";
    $("reveal-point").disabled = count >= p.points.length;
    saveClock();
  }
  function tick() {
    if (!iv.on) return;
    const spent = elapsed();
    $("interview-clock").textContent = mmss(Math.min(spent, total));
    const atClock = phaseAt(spent);
    /* The clock moves the phase on when it crosses into a new one; going back stays possible. */
    if (iv.running && atClock > iv.clockPhase) {
      iv.clockPhase = atClock;
      if (atClock > iv.phase) showPhase(atClock);
    }
    const late = iv.running && spent / 60000 >= interview.phases[iv.phase].end;
    $("interview-clock").parentElement.classList.toggle("late", late);
    if (iv.running && spent >= total) finishInterview();
  }
  function startClock() {
    if (iv.done) return;
    if (iv.running) {
      iv.spent = elapsed();
      iv.running = false;
    } else {
      iv.since = now();
      iv.running = true;
    }
    labelStart();
    saveClock();
    tick();
  }
  function resetClock() {
    Object.assign(iv, { running: false, since: 0, spent: 0, shown: {}, done: false, clockPhase: 0 });
    labelStart();
    saveClock();
    $("interview-clock").textContent = "00:00";
  }
  function startInterview() {
    if (practicing) stopPractice();
    clearSelection();
    iv.on = true;
    loadNotes();
    loadClock();
    labelStart();
    body.classList.add("interviewing");
    $("interview-panel").hidden = false;
    $("interview-toggle").setAttribute("aria-pressed", "true");
    buildPhaseBar();
    showPhase(iv.phase);
    /* The clock ticks only while the interview is open, so an idle page runs no timer. */
    if (!iv.timer) iv.timer = window.setInterval(tick, 250);
    tick();
    if (iv.done) finishInterview();
  }
  function stopInterview() {
    if (iv.running) startClock();
    iv.on = false;
    window.clearInterval(iv.timer);
    iv.timer = 0;
    closeReview();
    body.classList.remove("interviewing");
    $("interview-panel").hidden = true;
    $("interview-toggle").setAttribute("aria-pressed", "false");
    goFrame(frames.length - 1);
    if (window.location.hash === "#interview") {
      try { history.replaceState(null, "", window.location.pathname + window.location.search); } catch (error) { /* file: */ }
    }
  }
  function notesMarkdown() {
    const lines = [`# Mock interview: ${data.title}`, "", `_${mmss(Math.min(elapsed(), total))} of ${interview.minutes}:00 used._`, ""];
    interview.phases.forEach((p, index) => {
      lines.push(`## ${index + 1}. ${p.title} (minutes ${p.minutes})`, "", `**Interviewer:** ${p.question}`, "");
      lines.push("### My notes", "", (iv.notes[index] || "").trim() || "_No notes._", "");
      lines.push("### Reference", "");
      (p.points.length ? p.points : ["The card has nothing written for this step."]).forEach((point) => lines.push(`- ${point}`));
      if (p.listen) lines.push(`- Follow-up: ${p.listen}`);
      lines.push("");
    });
    return lines.join("\n");
  }
  function finishInterview() {
    if (iv.running) { iv.spent = elapsed(); iv.running = false; }
    iv.done = true;
    labelStart();
    saveClock();
    $("interview-clock").textContent = mmss(Math.min(iv.spent, total));
    const rows = $("review-rows");
    rows.replaceChildren();
    interview.phases.forEach((p, index) => {
      const row = el("article", null, "review-row");
      row.dataset.phase = String(index);
      row.appendChild(el("h3", `${index + 1}. ${p.title} · ${p.minutes} min`));
      const mine = el("div", null, "review-mine");
      mine.append(el("h4", "Your notes"), el("p", (iv.notes[index] || "").trim() || "No notes.", iv.notes[index] ? "notes-text" : "empty"));
      const ref = el("div", null, "review-ref");
      const list = el("ul");
      p.points.forEach((point) => list.appendChild(el("li", point)));
      ref.append(el("h4", "Reference"), p.points.length ? list : el("p", "Nothing on the card.", "empty"));
      const follow = el("p", null, "review-follow");
      follow.append(el("strong", "Interviewer: "), document.createTextNode(p.question));
      if (p.listen) follow.append(el("br"), el("em", "Listen for: "), document.createTextNode(p.listen));
      row.append(mine, ref, follow);
      rows.appendChild(row);
    });
    const written = interview.phases.filter((_, index) => (iv.notes[index] || "").trim()).length;
    $("review-summary").textContent = `${mmss(Math.min(iv.spent, total))} used · notes on ${written} of ${interview.phases.length} phases`;
    const link = $("interview-download");
    link.href = "data:text/markdown;charset=utf-8," + encodeURIComponent(notesMarkdown());
    link.setAttribute("download", `${data.id}-interview.md`);
    body.classList.add("reviewing");
    $("interview-review").hidden = false;
    goFrame(frames.length - 1);
  }
  function closeReview() {
    body.classList.remove("reviewing");
    $("interview-review").hidden = true;
  }
  $("interview-toggle").addEventListener("click", () => (iv.on ? stopInterview() : startInterview()));
  $("interview-start").addEventListener("click", startClock);
  $("interview-finish").addEventListener("click", finishInterview);
  $("phase-prev").addEventListener("click", () => showPhase(iv.phase - 1));
  $("phase-next").addEventListener("click", () => showPhase(iv.phase + 1));
  $("reveal-point").addEventListener("click", () => {
    iv.shown[iv.phase] = Math.min((iv.shown[iv.phase] || 0) + 1, interview.phases[iv.phase].points.length);
    showPoints();
  });
  $("phase-listen-toggle").addEventListener("click", () => {
    const open = $("phase-listen").hidden;
    $("phase-listen").hidden = !open;
    $("phase-listen-toggle").setAttribute("aria-expanded", String(open));
  });
  $("phase-notes").addEventListener("input", () => {
    iv.notes[iv.phase] = $("phase-notes").value;
    saveNotes();
  });
  $("interview-restart").addEventListener("click", () => {
    iv.notes = {};
    saveNotes();
    closeReview();
    resetClock();
    showPhase(0);
  });
  $("interview-exit").addEventListener("click", stopInterview);
  window.addEventListener("hashchange", () => {
    if (window.location.hash === "#interview" && !iv.on) startInterview();
  });

  svg.addEventListener("click", (event) => {
    if (performance.now() - draggedAt < 300) return;
    const g = event.target.closest ? event.target.closest("g[data-component]") : null;
    if (!g) { if (!practicing) clearSelection(); return; }
    const id = g.dataset.component;
    if (practicing && masked.has(id)) { hideTip(); reveal(id); return; }
    select(id);
  });
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest && event.target.closest("input, textarea, select")) return;
    const keys = {
      Escape: () => { clearSelection(); hideTip(); },
      ArrowRight: () => goFrame(frame + 1),
      ArrowLeft: () => goFrame(frame - 1),
      Home: () => goFrame(0),
      End: () => goFrame(frames.length - 1),
      "+": () => zoomCentre(1.25),
      "=": () => zoomCentre(1.25),
      "-": () => zoomCentre(0.8),
      "0": fit,
      c: toggleSide,
      p: () => (practicing ? stopPractice() : startPractice()),
      i: () => (iv.on ? stopInterview() : startInterview()),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  apply();
  paint();
  if (window.location.hash === "#practice") startPractice();
  if (window.location.hash === "#interview") startInterview();
})();
