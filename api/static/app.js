// The web page: the recognition map on any day, timelines, and a SPARQL editor.
//
// Everything comes from this server: the map (world-atlas 1:50m, vendored), the crosswalk of
// map features to our codes, and the answers (/api/series, /api/timeline, /api/entities,
// /sparql). The map recolours from one series answer per entity: each state's status as steps,
// counted on a day exactly as `rkg count` counts (certain and uncertain among the UN members of
// that day, the suspended apart). The view (entity, day, selected state) lives in the URL.

const d3 = window.d3, topojson = window.topojson;
const $ = (id) => document.getElementById(id);
const STATUS = {
  recognised: { label: "recognises", fill: "var(--recognised)" },
  uncertain: { label: "uncertain: may recognise", fill: "url(#p-uncertain)" },
  ended: { label: "withdrew or suspended", fill: "url(#p-ended)" },
  not_recognised: { label: "does not recognise", fill: "var(--none)" },
  subject: { label: "the entity itself", fill: "url(#p-subject)" },
};
const CATEGORY = { recognised: "recognised", uncertain: "uncertain", withdrawn: "ended", suspended: "ended",
                   not_recognised: "not_recognised" };
const DAY_MS = 86400000;
const view = { entity: "XKX", day: "2008-10-31", state: null, tab: "map" };
let series = null, entities = [], features = [], points = [], playing = null;

const dayNumber = (iso) => Math.round(Date.parse(iso + "T00:00:00Z") / DAY_MS);
const isoOf = (n) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const near = body.closest ? ` Closest: ${body.closest.map((e) => e.code || e).join(", ")}.` : "";
    throw new Error((body.error || `${response.status} ${response.statusText}`) + near);
  }
  return body;
}

function csvRows(text) {
  // The two small tables we write (no quoted newlines): fields split on commas outside quotes.
  const [head, ...lines] = text.trim().split("\n");
  const split = (line) => (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) || []).slice(0, -1)
    .map((f) => f.replace(/,$/, "").replace(/^"(.*)"$/, "$1").replace(/""/g, '"'));
  const names = split(head);
  return lines.map((l) => Object.fromEntries(split(l).map((v, i) => [names[i], v])));
}

// ------------------------------------------------------------------ the URL

function readURL() {
  const q = new URLSearchParams(location.search);
  view.entity = q.get("entity") || view.entity;
  view.day = q.get("day") || view.day;
  view.state = q.get("state") || null;
  view.tab = (location.hash || "#map").slice(1) || "map";
}

function writeURL() {
  const q = new URLSearchParams({ entity: view.entity, day: view.day });
  if (view.state) q.set("state", view.state);
  history.replaceState(null, "", `?${q}#${view.tab}`);
}

// ------------------------------------------------------------------ statuses on a day

function statusOn(state, day) {
  let found = "not_recognised", acts = [];
  for (const [begun, status, giving] of state.steps) {
    if (begun === null || begun <= day) { found = status; acts = giving; }
  }
  return { status: found, acts };
}

function memberOn(spells, day) {
  return (spells || []).some(([start, end]) => start <= day && (end === null || day < end));
}

function countOn(day) {
  const members = Object.keys(series.un_members).filter((c) => memberOn(series.un_members[c], day));
  const isMember = new Set(members);
  const tally = { recognised: 0, uncertain: 0, suspended: 0 };
  for (const state of series.states) {
    const { status } = statusOn(state, day);
    if (status in tally && isMember.has(state.code)) tally[status] += 1;
  }
  return { ...tally, of: members.length };
}

function byCode() {
  return new Map(series.states.map((s) => [s.code, s]));
}

// ------------------------------------------------------------------ the map

const W = 960, H = 500;
// No adaptive resampling: at 1:50m the arcs are dense already, and it was a third of the drawing.
const projection = d3.geoEqualEarth().precision(0);
const path = d3.geoPath(projection).digits(1);  // a tenth of a pixel: a third of the markup to parse

function patterns(svg) {
  svg.insertAdjacentHTML("afterbegin", `<defs>
    <pattern id="p-uncertain" width="6" height="6" patternUnits="userSpaceOnUse">
      <rect width="6" height="6" fill="#e69f00"/><circle cx="3" cy="3" r="1.2" fill="#000"/></pattern>
    <pattern id="p-ended" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="6" height="6" fill="#d55e00"/><rect width="2" height="6" fill="#fff"/></pattern>
    <pattern id="p-subject" width="5" height="5" patternUnits="userSpaceOnUse">
      <rect width="5" height="5" fill="#333"/><path d="M0 5L5 0" stroke="#fff" stroke-width=".8"/></pattern>
  </defs>`);
}

function fetchMap() {
  return Promise.all([
    getJSON("/static/vendor/countries-50m.json"),
    fetch("/static/map/crosswalk.csv").then((r) => r.text()).then(csvRows),
    fetch("/static/map/not-drawn.csv").then((r) => r.text()).then(csvRows),
  ]);
}

function loadMap(known, [atlas, crosswalk, notDrawn]) {
  const byId = new Map(crosswalk.filter((r) => r.feature_id).map((r) => [r.feature_id, r]));
  const byName = new Map(crosswalk.filter((r) => !r.feature_id).map((r) => [r.feature_name, r]));
  const world = topojson.feature(atlas, atlas.objects.countries);
  projection.fitSize([W, H], { type: "Sphere" });
  // A feature is one of ours when its code names an entity of the data; the rest (dependent
  // territories) are drawn plain.
  const ours = (code) => (known.has(code) ? code : "");
  features = world.features.map((f) => {
    const row = (f.id ? byId.get(f.id) : byName.get(f.properties.name)) || {};
    return { f, code: ours(row.code || ""), name: f.properties.name, small: row.small === "1" ? [+row.lon, +row.lat] : null };
  });
  points = notDrawn.filter((r) => r.drawn_as === "point").map((r) => ({ code: r.code, name: r.why.split(" is ")[0],
    xy: projection([+r.lon, +r.lat]) }));
  const svg = $("map");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  patterns(svg);
  const g = document.createElementNS("http://www.w3.org/2000/svg", "g");
  const parts = [];
  const small = [];
  for (const { f, code, name, small: at } of features) {
    const d = path(f);
    if (!d) continue;
    parts.push(`<path d="${d}" data-code="${code}" data-name="${escapeHtml(name)}"${code ? ' tabindex="0" role="button"' : ' fill="#f0f0f0"'}><title>${escapeHtml(name)}</title></path>`);
    // Micro-states get a locator circle, as the Commons recognition maps draw them (which
    // shapes are too small, and where their centre is, the vendoring script worked out once).
    if (code && at) small.push({ code, name, xy: projection(at) });
  }
  for (const p of [...small, ...points]) {
    if (!p.xy || Number.isNaN(p.xy[0])) continue;
    parts.push(`<circle cx="${p.xy[0].toFixed(1)}" cy="${p.xy[1].toFixed(1)}" r="3.5" data-code="${p.code}" data-name="${escapeHtml(p.name)}" tabindex="0" role="button"><title>${escapeHtml(p.name)}</title></circle>`);
  }
  g.innerHTML = parts.join("");
  svg.appendChild(g);
  svg.addEventListener("click", (e) => { const code = e.target.closest("[data-code]")?.dataset.code; if (code) select(code); });
  svg.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" && e.key !== " ") return;
    const code = e.target.closest("[data-code]")?.dataset.code;
    if (code) { e.preventDefault(); select(code); }
  });
}

function subjectCodes() {
  const e = series.entity;
  return new Set([e.code, e.governs].filter(Boolean));
}

function paint() {
  const states = byCode(), subject = subjectCodes();
  for (const el of $("map").querySelectorAll("[data-code]")) {
    const code = el.dataset.code;
    let category = "not_recognised", status = "not_recognised";
    if (!code) continue;
    if (subject.has(code)) category = "subject";
    else if (states.has(code)) { status = statusOn(states.get(code), view.day).status; category = CATEGORY[status]; }
    el.setAttribute("fill", STATUS[category].fill);
    el.classList.toggle("subject", category === "subject");
    el.classList.toggle("selected", code === view.state);
    el.dataset.status = category === "subject" ? "subject" : status;
    el.setAttribute("aria-label", `${el.dataset.name}: ${category === "subject" ? "the entity itself" : STATUS[category].label}`);
  }
  const c = countOn(view.day);
  $("count").textContent = `${c.recognised} certain, ${c.uncertain} uncertain of ${c.of} UN member states`
    + (c.suspended ? `, ${c.suspended} suspended` : "");
  $("count").dataset.certain = c.recognised;
  $("count").dataset.uncertain = c.uncertain;
  $("count").dataset.of = c.of;
  $("count").dataset.day = view.day;
  $("subject-name").textContent = series.entity.label;
  $("day-name").textContent = view.day;
  $("day").value = view.day;
  $("slider").value = dayNumber(view.day);
  explain();
  writeURL();
}

function legend() {
  $("legend").innerHTML = Object.values(STATUS).map((s) =>
    `<li><svg width="18" height="12" aria-hidden="true"><rect width="18" height="12" fill="${s.fill}" stroke="#777"/></svg>${s.label}</li>`).join("")
    + `<li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4" fill="#ccc" stroke="#000"/></svg>small state (locator circle)</li>`;
}

function explain() {
  const name = series.entity.label;
  let text = `Each state is coloured by its answer on ${view.day} to "does it recognise ${name}?", with a pattern as well as a colour. `
    + `Uncertain means the evidence leaves that day open: an act whose sources disagree (disputed), or an act dated only to the month or the year, so the day may fall before or after it. `
    + `Withdrew or suspended: it recognised ${name} before, and on that day it no longer does, or its recognition stands frozen (counted apart). `
    + `Only UN member states of that day are counted.`;
  if (view.state) {
    const state = byCode().get(view.state);
    const { status, acts } = state ? statusOn(state, view.day) : { status: "not_recognised", acts: [] };
    if (status === "uncertain") {
      const why = acts.map((iri) => series.acts[iri]).filter(Boolean)
        .map((a) => `${a.type} dated ${a.date}${a.precision && a.precision !== "day" ? ` (known to the ${a.precision})` : ""}${a.disputed ? " (disputed)" : ""}`);
      text += ` ${view.state} is uncertain on that day because of: ${why.join("; ") || "its acts"}.`;
    }
  }
  $("explain").textContent = text;
}

// ------------------------------------------------------------------ the detail of one state

async function select(code) {
  view.state = code;
  paint();
  await showDetail();
}

function bars(steps, from, to, width = 640) {
  const x = (iso) => ((dayNumber(iso) - from) / (to - from)) * width;
  const pieces = [];
  steps.forEach(([begun, status], i) => {
    const next = steps[i + 1]?.[0] || isoOf(to);
    if (status === "not_recognised") return;
    const start = begun || isoOf(from);
    pieces.push(`<rect class="bar-${status}" x="${x(start).toFixed(1)}" y="4" width="${Math.max(1, x(next) - x(start)).toFixed(1)}" height="14"><title>${status} from ${start}</title></rect>`);
  });
  const years = [];
  for (let y = new Date(from * DAY_MS).getUTCFullYear(); y <= new Date(to * DAY_MS).getUTCFullYear(); y += 10) {
    const iso = `${Math.ceil(y / 10) * 10}-01-01`;
    if (dayNumber(iso) <= to) years.push(`<text x="${x(iso).toFixed(1)}" y="34">${iso.slice(0, 4)}</text>`);
  }
  return `<svg class="axis" viewBox="0 0 ${width} 40" width="100%" role="img" aria-label="statuses over time">${pieces.join("")}${years.join("")}</svg>`;
}

async function showDetail() {
  const box = $("detail");
  if (!view.state) { box.hidden = true; return; }
  box.hidden = false;
  box.innerHTML = `<p>Reading the timeline of ${escapeHtml(view.state)} and ${escapeHtml(series.entity.code)}…</p>`;
  try {
    const answer = await getJSON(`/api/timeline?${new URLSearchParams({ a: view.state, b: series.entity.code })}`);
    const state = byCode().get(view.state);
    const label = answer.query.a[0]?.label || view.state;
    const { status } = state ? statusOn(state, view.day) : { status: "not_recognised" };
    const from = dayNumber("1945-01-01"), to = dayNumber(today());
    const rows = answer.results.map((act) => `<tr><td>${escapeHtml(act.date)}</td><td>${escapeHtml(act.type)}</td>`
      + `<td>${escapeHtml(act.label || "")}${act.disputed ? " <em>(disputed)</em>" : ""}</td><td>${act.sources.map((u, i) =>
        /^https?:/.test(u) ? `<a class="source" href="${escapeHtml(u)}" rel="noopener" target="_blank">source ${i + 1}</a>` : escapeHtml(u)).join(" ")}</td></tr>`).join("");
    box.innerHTML = `<h3>${escapeHtml(label)} and ${escapeHtml(series.entity.label)}</h3>`
      + `<p>On ${view.day}: <strong>${escapeHtml(status.replace("_", " "))}</strong>.</p>`
      + (state ? bars(state.steps, from, to) : "")
      + (rows ? `<table class="timeline"><thead><tr><th>date</th><th>act</th><th>what</th><th>sources</th></tr></thead><tbody>${rows}</tbody></table>`
        : "<p>No act between them is recorded.</p>");
  } catch (error) {
    box.innerHTML = `<p class="error">${escapeHtml(error.message)}</p>`;
  }
}

// ------------------------------------------------------------------ choosing the entity and the day

async function loadEntity(name, pending = null) {
  try {
    series = await (pending || getJSON(`/api/series?${new URLSearchParams({ entity: name })}`));
  } catch (error) {
    $("count").textContent = error.message;
    $("count").classList.add("error");
    return;
  }
  $("count").classList.remove("error");
  view.entity = series.entity.code;
  $("entity").value = series.entity.label;
  const begun = series.states.flatMap((s) => s.steps.map((step) => step[0])).filter(Boolean).sort();
  const first = begun.length ? begun[0] : "1945-01-01";
  $("slider").min = dayNumber(`${Math.max(1900, +first.slice(0, 4) - 1)}-01-01`);
  $("slider").max = dayNumber(today());
  paint();
  await showDetail();
}

function setDay(iso) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return;
  view.day = iso;
  if (series) paint();
  if (view.state) showDetail();
}

function shift(iso, { days = 0, months = 0, years = 0 }) {
  // A month or a year on from the 31st is the last day of that month, not a day of the next.
  const d = new Date(iso + "T00:00:00Z");
  const target = new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last) + days);
  return target.toISOString().slice(0, 10);
}

function controls() {
  $("entity").addEventListener("change", () => {
    const text = $("entity").value.trim().toLowerCase();
    const hit = entities.find((e) => e.code.toLowerCase() === text || e.label.toLowerCase() === text);
    view.state = null;
    loadEntity(hit ? hit.code : $("entity").value.trim());
  });
  $("day").addEventListener("change", () => setDay($("day").value));
  const slider = $("slider");
  slider.addEventListener("input", () => setDay(isoOf(+slider.value)));
  slider.addEventListener("keydown", (e) => {
    const step = e.key === "PageUp" ? { months: 1 } : e.key === "PageDown" ? { months: -1 }
      : e.shiftKey && (e.key === "ArrowRight" || e.key === "ArrowUp") ? { years: 1 }
      : e.shiftKey && (e.key === "ArrowLeft" || e.key === "ArrowDown") ? { years: -1 } : null;
    if (!step) return;
    e.preventDefault();
    setDay(shift(view.day, step));
  });
  $("play").addEventListener("click", () => {
    if (playing) { clearInterval(playing); playing = null; $("play").textContent = "Play"; $("play").setAttribute("aria-pressed", "false"); return; }
    $("play").textContent = "Pause";
    $("play").setAttribute("aria-pressed", "true");
    playing = setInterval(() => {
      const next = shift(view.day, { months: 1 });
      if (dayNumber(next) > +slider.max) { $("play").click(); return; }
      setDay(next);
    }, 150);
  });
}

// ------------------------------------------------------------------ the timeline view

async function showTimeline(a, b) {
  const out = $("timeline-out");
  out.innerHTML = "<p>Reading…</p>";
  try {
    const q = new URLSearchParams({ a });
    if (b) q.set("b", b);
    const answer = await getJSON(`/api/timeline?${q}`);
    const acts = answer.results;
    const dates = acts.map((act) => act.date).sort();
    const from = dayNumber(dates.length ? `${+dates[0].slice(0, 4) - 1}-01-01` : "1945-01-01"), to = dayNumber(today());
    const width = 900, x = (iso) => ((dayNumber(iso) - from) / (to - from)) * width;
    let statusBars = "";
    if (b) {
      const other = await getJSON(`/api/series?${new URLSearchParams({ entity: b })}`);
      const mine = other.states.find((s) => s.code === answer.query.a[0].code);
      if (mine) statusBars = `<p>Status of ${escapeHtml(mine.label)} towards ${escapeHtml(other.entity.label)}:</p>` + bars(mine.steps, from, to, width);
    }
    const marks = acts.map((act) => `<line x1="${x(act.date).toFixed(1)}" x2="${x(act.date).toFixed(1)}" y1="2" y2="22" stroke="#000"><title>${escapeHtml(act.date)} ${escapeHtml(act.type)}</title></line>`).join("");
    const rows = acts.map((act) => `<tr><td>${escapeHtml(act.date)}</td><td>${escapeHtml(act.type)}</td><td>${escapeHtml(act.by.code)} → ${escapeHtml(act.of.code)}</td>`
      + `<td>${escapeHtml(act.label || "")}</td><td>${act.sources.filter((u) => /^https?:/.test(u)).map((u, i) => `<a class="source" href="${escapeHtml(u)}" rel="noopener" target="_blank">source ${i + 1}</a>`).join(" ")}</td></tr>`).join("");
    out.innerHTML = statusBars + `<p>${acts.length} acts on a time axis:</p><svg class="axis" viewBox="0 0 ${width} 24" width="100%" role="img" aria-label="acts over time">${marks}</svg>`
      + `<table class="timeline"><thead><tr><th>date</th><th>act</th><th>between</th><th>what</th><th>sources</th></tr></thead><tbody>${rows}</tbody></table>`;
  } catch (error) {
    out.innerHTML = `<p class="error">${escapeHtml(error.message)}</p>`;
  }
}

// ------------------------------------------------------------------ the SPARQL editor

let yasgui = null;

async function openEditor() {
  if (yasgui) return;
  await new Promise((resolve, reject) => {
    const css = document.createElement("link");
    css.rel = "stylesheet"; css.href = "/static/vendor/yasgui.min.css";
    document.head.appendChild(css);
    const script = document.createElement("script");
    script.src = "/static/vendor/yasgui.min.js"; script.onload = resolve; script.onerror = reject;
    document.head.appendChild(script);
  });
  const Yasgui = window.Yasgui;
  // Nothing but this server: no endpoint catalogue, no prefix or vocabulary look-ups elsewhere.
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  yasgui = new Yasgui($("yasgui"), {
    requestConfig: { endpoint: `${location.origin}/sparql`, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [], keys: [] },
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
  });
  const named = await getJSON("/api/queries");
  for (const q of named.results) {
    yasgui.addTab(q.name === "statuses_on", { name: q.name, yasqe: { value: q.text }, requestConfig: { endpoint: `${location.origin}/sparql` } });
  }
  $("yasgui").dataset.ready = "true";  // the named queries are open
}

// ------------------------------------------------------------------ the views

function show(tab) {
  view.tab = ["map", "timeline", "sparql"].includes(tab) ? tab : "map";
  for (const name of ["map", "timeline", "sparql"]) $(`${name}-view`).hidden = name !== view.tab;
  for (const a of document.querySelectorAll("nav a[data-view]")) {
    if (a.dataset.view === view.tab) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  if (view.tab === "sparql") openEditor();
  writeURL();
}

async function main() {
  readURL();
  legend();
  controls();
  window.addEventListener("hashchange", () => show(location.hash.slice(1)));
  $("timeline-form").addEventListener("submit", (e) => { e.preventDefault(); showTimeline($("tl-a").value.trim(), $("tl-b").value.trim()); });
  // Everything the first map needs is asked for at once.
  const pendingSeries = getJSON(`/api/series?${new URLSearchParams({ entity: view.entity })}`);
  pendingSeries.catch(() => {});
  const [listed, map] = await Promise.all([getJSON("/api/entities"), fetchMap()]);
  entities = listed.results;
  loadMap(new Set(entities.map((e) => e.code)), map);
  $("entities").innerHTML = entities.map((e) => `<option value="${escapeHtml(e.label)}">${escapeHtml(e.code)}</option>`).join("");
  show(view.tab);
  await loadEntity(view.entity, pendingSeries);
  // How long the first map took, from the navigation on: read by the page's benchmark.
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "true";
}

main();
