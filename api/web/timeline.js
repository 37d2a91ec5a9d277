// The season timeline: one row per creator, drawn from GET /scenarios/{id}/timeline (timeline/1).
// Every date and figure comes from the server (the plain rules); this file only lays them out.
// Rows are drawn as they scroll into view (virtual scrolling), so a 1,000-creator season stays quick.
"use strict";

const ROW_H = 34;  // px per row; keep in step with .tl-row in app.css
let LABEL_W = 190;  // px of the sticky label column: --label in app.css, read at each layout
const OVERSCAN = 8;  // rows drawn above and below the visible ones
const LANES_OPEN = 12;  // up to this many campaigns, their lanes start unfolded
const ZOOM = {months: 3, weeks: 16};  // px per day; "months" also fits the whole season to the width
const CAMPAIGN_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                          "#ff9da7", "#9c755f", "#3b3b98"];
const LEVEL_NAMES = {full: "full exclusivity", category: "category exclusivity",
                     competitors: "semi-exclusive (competitors only)"};
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const TL = {
  scenario: null, job: null, data: null, start: 0, days: 0, dayPx: ZOOM.months, zoom: "months", rows: [], colour: new Map(),
  campaigns: new Map(), drawn: {first: -1, last: -1}, frame: 0, bound: false, lanesOpen: null,
};

function dayNumber(iso) {  // days since 1970-01-01, from "YYYY-MM-DD", without time zones
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86400000);
}

function span(startIso, endIso) {  // left and width of an inclusive day range, clipped to the horizon
  const a = Math.max(dayNumber(startIso), TL.start), b = Math.min(dayNumber(endIso), TL.start + TL.days - 1);
  return b < a ? null : {left: (a - TL.start) * TL.dayPx, width: (b - a + 1) * TL.dayPx};
}

// --- loading ----------------------------------------------------------------------------------

async function showTimeline(params, scenarioId, jobId) {
  // #/timeline/SCENARIO[/JOB][?creator=ID&campaign=ID&brand=ID]: the filters can be linked to
  scenarioId = currentScenario(scenarioId);
  document.getElementById("tl-empty").hidden = Boolean(scenarioId);
  document.getElementById("tl-body").hidden = !scenarioId;
  if (!scenarioId) return;
  rememberScenario(scenarioId);
  document.getElementById("nav-timeline").href = `#/timeline/${encodeURIComponent(scenarioId)}`;
  bindControls();
  // an options job shows one option (?option=NAME, default the recommended one) against the requested clause
  const option = params.get("option");
  const query = jobId ? `?job=${encodeURIComponent(jobId)}` + (option ? `&option=${encodeURIComponent(option)}` : "") : "";
  const asked = location.hash;  // a later navigation wins over this one if its answer comes first
  const response = await api("GET", `/scenarios/${encodeURIComponent(scenarioId)}/timeline${query}`);
  const answer = await response.json();
  if (location.hash !== asked) return;
  if (!response.ok) throw new Error(answer.detail || `the server answered ${response.status}`);
  if (TL.scenario !== scenarioId) TL.lanesOpen = null;
  TL.scenario = scenarioId;
  TL.job = answer.roster ? answer.roster.job : null;
  TL.data = answer;
  TL.start = dayNumber(answer.horizon.start);
  TL.days = dayNumber(answer.horizon.end) - TL.start + 1;
  TL.campaigns = new Map(answer.campaigns.map((k, i) => [k.id, k]));
  TL.colour = new Map(answer.campaigns.map((k, i) => [k.id, CAMPAIGN_COLOURS[i % CAMPAIGN_COLOURS.length]]));
  fillFilters(answer);
  document.getElementById("tl-brand").value = params.get("brand") || "";
  document.getElementById("tl-campaign").value = params.get("campaign") || "";
  document.getElementById("tl-creator").value = params.get("creator") || "";
  document.getElementById("tl-summary").replaceChildren(summaryText(answer));
  showComparison(answer.compare);
  layout();
}

function summaryText(t) {
  const name = t.scenario || TL.scenario;
  const r = t.roster;
  if (!r) return `${name}: no roster yet; the signed bookings are shown. Solve the scenario to see its roster.`;
  const booked = t.creators.reduce((n, c) => n + c.bookings.length, 0);
  const bound = r.bound === null ? "" : `, bound ${money(r.bound)}`;
  return `${name}: the roster of job ${r.job} (${r.status}), value ${money(r.objective)}${bound}; ` +
         `${booked} bookings of ${t.creators.length} creators on ${t.campaigns.length} campaigns.`;
}

function showComparison(compare) {
  // a what-if's re-plan or an option: what its roster changed, in words, and the change marks' legend
  const out = document.getElementById("tl-compare");
  document.getElementById("tl-legend-changes").hidden = !compare;
  out.hidden = !compare;
  if (!compare) return;
  const what = compare.kind === "what-if" ? `What-if ${compare.job}` : `Option ${compare.option} (options job ${compare.job})`;
  const delta = compare.objective_delta === null ? "" :
    `; value ${compare.objective_delta >= 0 ? "+" : ""}${money(compare.objective_delta)}`;
  out.replaceChildren(
    el("strong", {}, what), ` against ${compare.against}: `,
    el("span", {class: "chg added"}, `${compare.added} added`), ", ",
    el("span", {class: "chg moved"}, `${compare.moved} moved`), ", ",
    el("span", {class: "chg removed"}, `${compare.removed.length} removed`),
    `, ${compare.kept} kept${delta}; fees ${compare.fees_delta >= 0 ? "+" : ""}${money(compare.fees_delta)}.`);
}

function fillFilters(t) {
  const brand = document.getElementById("tl-brand"), campaign = document.getElementById("tl-campaign");
  brand.replaceChildren(el("option", {value: ""}, "all brands"), ...t.brands.map(b => el("option", {value: b}, b)));
  campaign.replaceChildren(el("option", {value: ""}, "all campaigns"),
                           ...t.campaigns.map(k => el("option", {value: k.id}, `${k.id} (${k.brand})`)));
}

function bindControls() {
  if (TL.bound) return;
  TL.bound = true;
  const scroll = document.getElementById("tl-scroll");
  scroll.addEventListener("scroll", () => {
    if (!TL.frame) TL.frame = requestAnimationFrame(() => { TL.frame = 0; drawRows(false); });
  });
  for (const id of ["tl-group", "tl-brand", "tl-campaign"]) {
    document.getElementById(id).addEventListener("change", () => layout());
  }
  document.getElementById("tl-creator").addEventListener("input", () => layout());
  for (const button of document.querySelectorAll(".tl-zoom button")) {
    button.addEventListener("click", () => zoom(button.dataset.zoom));
  }
  for (const button of document.querySelectorAll("[data-download]")) {
    button.addEventListener("click", () => download(button.dataset.download).catch(report));
  }
  const rows = document.getElementById("tl-rows");
  rows.addEventListener("mouseover", event => hover(event.target));
  rows.addEventListener("focusin", event => hover(event.target));
  rows.addEventListener("mouseleave", hideTip);
  rows.addEventListener("focusout", hideTip);
  rows.addEventListener("keydown", keys);
  document.addEventListener("keydown", event => { if (event.key === "Escape") hideTip(); });
  window.addEventListener("resize", () => { if (TL.data && !document.getElementById("tl-body").hidden) layout(); });
}

// --- which rows ---------------------------------------------------------------------------------

function filters() {
  const brand = document.getElementById("tl-brand").value;
  const campaign = document.getElementById("tl-campaign").value;
  const text = document.getElementById("tl-creator").value.trim().toLowerCase();
  const chosen = new Set(TL.data.campaigns.filter(k => (!brand || k.brand === brand) && (!campaign || k.id === campaign))
                                          .map(k => k.id));
  return {brand, campaign, text, chosen, narrowed: Boolean(brand || campaign)};
}

function touches(creator, f) {  // is the creator part of the chosen brand's or campaign's business?
  return creator.bookings.some(b => f.chosen.has(b.campaign)) ||
         (f.brand && !f.campaign && creator.commitments.some(m => m.brand === f.brand));
}

function chooseRows() {
  const f = filters();
  const byText = c => !f.text || c.id.toLowerCase().includes(f.text);
  const creators = TL.data.creators.filter(c => byText(c) && (!f.narrowed || touches(c, f)));
  const lanes = TL.data.campaigns.filter(k => f.chosen.has(k.id));
  const rows = [];
  if (document.getElementById("tl-group").value === "campaign") {
    const placed = new Set();
    for (const k of lanes) {
      rows.push({kind: "lane", campaign: k});
      for (const c of creators) {
        if (c.bookings.some(b => b.campaign === k.id)) { rows.push({kind: "creator", creator: c, under: k.id}); placed.add(c.id); }
      }
    }
    const rest = creators.filter(c => !placed.has(c.id));
    if (rest.length) {
      rows.push({kind: "heading", text: f.narrowed ? "Also tied to this brand (commitments)" : "Not booked"});
      for (const c of rest) rows.push({kind: "creator", creator: c});
    }
  } else {
    // many campaigns: their lanes start folded, so the first screen shows creators (a click unfolds them)
    const open = TL.lanesOpen === null ? lanes.length <= LANES_OPEN : TL.lanesOpen;
    rows.push({kind: "heading", text: `Campaign windows and launches (${lanes.length})`, toggle: open ? "hide" : "show"});
    if (open) for (const k of lanes) rows.push({kind: "lane", campaign: k});
    rows.push({kind: "heading", text: "Creators"});
    for (const c of creators) rows.push({kind: "creator", creator: c});
  }
  TL.filter = f;
  const shownCreators = new Set(rows.filter(r => r.kind === "creator").map(r => r.creator.id)).size;
  document.getElementById("tl-count").textContent =
    `${shownCreators} of ${TL.data.creators.length} creators shown, ${lanes.length} of ${TL.data.campaigns.length} ` +
    `campaigns; rows are drawn as they scroll into view.`;
  return rows;
}

// --- drawing ------------------------------------------------------------------------------------

function layout() {
  LABEL_W = parseFloat(getComputedStyle(document.documentElement).getPropertyValue("--label")) || LABEL_W;
  const room = document.getElementById("tl-scroll").clientWidth - LABEL_W - 2;
  TL.dayPx = TL.zoom === "weeks" ? ZOOM.weeks : Math.max(ZOOM.months, Math.min(ZOOM.weeks, room / TL.days));
  TL.rows = chooseRows();
  const width = LABEL_W + TL.days * TL.dayPx;
  const rows = document.getElementById("tl-rows");
  rows.style.height = `${TL.rows.length * ROW_H}px`;
  rows.style.width = `${width}px`;
  drawAxis(width);
  drawRows(true);
}

function zoom(level) {
  const scroll = document.getElementById("tl-scroll");
  const centre = (scroll.scrollLeft + scroll.clientWidth / 2 - LABEL_W) / TL.dayPx;  // the day in the middle
  TL.zoom = level;
  for (const button of document.querySelectorAll(".tl-zoom button")) {
    button.setAttribute("aria-pressed", String(button.dataset.zoom === level));
  }
  layout();
  scroll.scrollLeft = Math.max(0, centre * TL.dayPx + LABEL_W - scroll.clientWidth / 2);
}

function drawAxis(width) {
  const axis = document.getElementById("tl-axis");
  axis.style.width = `${width}px`;
  const ticks = [el("div", {class: "tl-corner"}, "")];
  for (let n = TL.start; n < TL.start + TL.days; n++) {
    const day = new Date(n * 86400000);
    const first = day.getUTCDate() === 1 || n === TL.start;
    const monday = day.getUTCDay() === 1;
    const left = LABEL_W + (n - TL.start) * TL.dayPx;
    if (first) {
      ticks.push(el("div", {class: "tl-month", style: `left:${left}px`},
                    `${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}`));
    }
    if (monday && TL.dayPx * 7 >= 48) {  // room for "15 Mar"
      ticks.push(el("div", {class: "tl-week", style: `left:${left}px`}, `${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]}`));
    }
  }
  axis.replaceChildren(...ticks);
}

function drawRows(force) {
  const scroll = document.getElementById("tl-scroll");
  const axisH = document.getElementById("tl-axis").offsetHeight;
  const top = Math.max(0, scroll.scrollTop - axisH);
  const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
  const last = Math.min(TL.rows.length - 1, Math.ceil((top + scroll.clientHeight) / ROW_H) + OVERSCAN);
  if (!force && first === TL.drawn.first && last === TL.drawn.last) return;
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  const nodes = [];
  for (let i = first; i <= last; i++) nodes.push(drawRow(TL.rows[i], i));
  document.getElementById("tl-rows").replaceChildren(...nodes);
  TL.drawn = {first, last};
  if (focused) {
    const again = document.querySelector(`#tl-rows [data-key="${CSS.escape(focused)}"]`);
    if (again) again.focus({preventScroll: true});
  }
}

function drawRow(row, i) {
  const track = el("div", {class: "tl-track", style: `width:${TL.days * TL.dayPx}px`});
  let label;
  if (row.kind === "heading") {
    label = el("div", {class: "tl-label tl-heading"}, row.text);
    if (row.toggle) {
      label.append(" ", el("button", {type: "button", class: "link", "aria-expanded": String(row.toggle === "hide"),
                                      onclick: () => { TL.lanesOpen = row.toggle === "show"; layout(); }}, row.toggle));
    }
  } else if (row.kind === "lane") {
    const k = row.campaign;
    label = el("div", {class: "tl-label"}, el("span", {class: "dot", style: `background:${TL.colour.get(k.id)}`}),
               el("a", {href: campaignHref(TL.scenario, k.id, TL.job), "aria-label": `campaign page of ${k.id}`}, k.id),
               " ", el("small", {}, k.brand));
    drawLane(track, k, i);
  } else {
    const c = row.creator;
    label = el("div", {class: "tl-label"}, c.id, " ",
               el("small", {}, `${c.bookings.length} booking${c.bookings.length === 1 ? "" : "s"}`));
    drawCreator(track, c, i, row.under);
  }
  return el("div", {class: `tl-row tl-${row.kind}`, role: "listitem", "data-row": String(i),
                    "data-creator": row.creator ? row.creator.id : "", style: `top:${i * ROW_H}px`}, label, track);
}

function drawLane(track, k, i) {
  const window_ = span(k.window.start, k.window.end);
  if (window_) {
    track.append(el("button", {type: "button", class: "mark window", "data-key": `lane:${k.id}`, "data-row": String(i),
                               "data-campaign": k.id, "aria-label": `campaign ${k.id}: window ${k.window.start} to ${k.window.end}`,
                               style: `left:${window_.left}px;width:${window_.width}px;background:${TL.colour.get(k.id)}`}));
  }
  if (k.launch) {
    const launch = span(k.launch.start, k.launch.end);
    if (launch) {
      track.append(el("div", {class: "launch", title: `launch ${k.launch.start} to ${k.launch.end}`,
                              style: `left:${launch.left}px;width:${launch.width}px`}));
    }
  }
}

function drawCreator(track, c, i, under) {
  // under: the campaign whose group the row is in (grouped by campaign): the other bookings are dimmed
  const f = TL.filter;
  for (const u of c.unavailable) {
    const s = span(u.start, u.end);
    if (s) track.append(el("div", {class: "unavailable", title: `unavailable ${u.start} to ${u.end}`,
                                   style: `left:${s.left}px;width:${s.width}px`}));
  }
  c.commitments.forEach((m, j) => {
    for (const p of m.phases) {
      const s = span(p.start, p.end);
      if (s) track.append(el("div", {class: `band commitment band-${p.level}`, "data-words": `${m.id}: ${p.words}`,
                                     style: `left:${s.left}px;width:${s.width}px`}));
    }
    for (const day of m.posts) {
      const s = span(day, day);
      if (s) track.append(postMark("commitment", c, j, day, s, i, "#6b6b6b"));
    }
  });
  c.bookings.forEach((b, j) => {
    const dim = (f.narrowed && !f.chosen.has(b.campaign)) || (under && b.campaign !== under) ? " dim" : "";
    for (const p of b.phases) {
      const s = span(p.start, p.end);
      if (s) track.append(el("div", {class: `band booking band-${p.level}${dim}`, "data-words": `${b.campaign}: ${p.words}`,
                                     style: `left:${s.left}px;width:${s.width}px`}));
    }
    for (const day of b.posts) {
      const s = span(day, day);
      if (s) {
        const mark = postMark("booking", c, j, day, s, i, TL.colour.get(b.campaign));
        if (b.signed) mark.classList.add("signed");
        if (dim) mark.classList.add("dim");
        if (b.change) {
          mark.classList.add(b.change);
          mark.setAttribute("aria-label", `${mark.getAttribute("aria-label")} (${b.change})`);
        }
        track.append(mark);
      }
    }
    for (const day of b.was_posts || []) {  // where a moved booking posted before
      if (!b.posts.includes(day)) track.append(ghostMark(c, day, "was", `${c.id} posted for ${b.campaign} on ${day} before (moved)`, i));
    }
  });
  for (const r of removedOf(c.id)) {
    for (const day of r.posts) track.append(ghostMark(c, day, "removed", `${c.id} no longer posts for ${r.campaign} (${r.brand}) on ${day} (removed)`, i));
  }
}

function removedOf(creatorId) {
  return TL.data.compare ? TL.data.compare.removed.filter(r => r.creator === creatorId) : [];
}

function ghostMark(c, day, kind, words, i) {
  // a post the compared roster had and this one has not: drawn hollow, not a button (nothing to open)
  const s = span(day, day);
  if (!s) return "";
  const size = Math.max(8, Math.min(TL.dayPx, 14));
  return el("div", {class: `ghost ${kind}`, "data-creator": c.id, "data-day": day, "data-row": String(i), role: "img",
                    "aria-label": words, title: words,
                    style: `left:${s.left + s.width / 2 - size / 2}px;width:${size}px;height:${size}px`});
}

function postMark(kind, c, j, day, s, i, colour) {
  const item = kind === "booking" ? c.bookings[j] : c.commitments[j];
  const what = kind === "booking" ? `posts for ${item.campaign} (${item.brand})` : `posts for commitment ${item.id} (${item.brand})`;
  const size = Math.max(8, Math.min(TL.dayPx, 14));
  const left = s.left + s.width / 2 - size / 2;
  return el("button", {type: "button", class: `mark post ${kind}`, "data-key": `${kind}:${c.id}:${j}:${day}`,
                       "data-row": String(i), "data-creator": c.id, "data-kind": kind, "data-index": String(j),
                       "data-day": day, "aria-label": `${c.id} ${what} on ${day}`,
                       style: `left:${left}px;width:${size}px;height:${size}px;background:${colour}`});
}

// --- details on hover and focus ---------------------------------------------------------------------

function creatorOf(id) { return TL.data.creators.find(c => c.id === id); }

function details(target) {
  if (target.classList.contains("window")) {
    const k = TL.campaigns.get(target.dataset.campaign);
    const staff = k.staffing_max ? `${k.staffing_min} to ${k.staffing_max}` : `at least ${k.staffing_min}`;
    return [`${k.id} (${k.brand}, ${k.category})${k.required ? ", required" : ""}`,
            `window ${k.window.start} to ${k.window.end}` + (k.launch ? `; launch ${k.launch.start} to ${k.launch.end}` : ""),
            `booked: ${k.creators.length ? k.creators.join(", ") : "nobody"} (${staff} creators)`,
            `fees ${money(k.fees)} of budget ${money(k.budget)}; value ${money(k.value)}`,
            `clause: ${k.clause}`];
  }
  if (target.classList.contains("post")) {
    const c = creatorOf(target.dataset.creator);
    const j = Number(target.dataset.index);
    if (target.dataset.kind === "commitment") {
      const m = c.commitments[j];
      return [`${c.id}: commitment ${m.id} (${m.brand}, ${m.category}), ${m.path}`,
              `posts: ${m.posts.join(", ") || "none"}`, `clause: ${m.clause}`];
    }
    const b = c.bookings[j];
    return [`${c.id} for ${b.campaign} (${b.brand}, ${b.category})${b.signed ? ": a signed booking" : ""}`,
            `posts: ${b.posts.join(", ")}`,
            `fee ${money(b.fee)} (base ${money(b.base_fee)} + exclusivity premium ${money(b.premium)}); value ${money(b.value)}`,
            `clause: ${b.clause}`,
            ...(b.change === "added" ? [`added: not in ${TL.data.compare.against}`] : []),
            ...(b.change === "moved" ? [`moved: posted ${b.was_posts.join(", ")} in ${TL.data.compare.against}`] : [])];
  }
  if (target.dataset.words) return [target.dataset.words];
  return null;
}

function hover(target) {
  const lines = details(target);
  if (!lines) return;
  const tip = document.getElementById("tl-tip");
  tip.replaceChildren(...lines.map((line, n) => el(n ? "div" : "strong", {}, line)));
  tip.hidden = false;
  const box = target.getBoundingClientRect();
  const left = Math.min(window.innerWidth - tip.offsetWidth - 8, Math.max(8, box.left));
  const below = box.bottom + 6 + tip.offsetHeight < window.innerHeight;
  tip.style.left = `${left}px`;
  tip.style.top = `${below ? box.bottom + 6 : Math.max(8, box.top - tip.offsetHeight - 6)}px`;
  if (target.id) tip.setAttribute("aria-describedby", target.id);
}

function hideTip() { document.getElementById("tl-tip").hidden = true; }

// --- keyboard: arrows move between marks and rows (rows beyond the drawn ones are drawn first) ------

function marksOf(rowIndex) {
  return [...document.querySelectorAll(`#tl-rows .tl-row[data-row="${rowIndex}"] .mark`)]
    .sort((a, b) => parseFloat(a.style.left) - parseFloat(b.style.left));
}

function rowHasMarks(row) {
  return row.kind === "lane" || (row.kind === "creator" && (row.creator.bookings.length || row.creator.commitments.some(m => m.posts.length)));
}

function keys(event) {
  const target = event.target;
  if (!target.classList.contains("mark")) return;
  const i = Number(target.dataset.row);
  if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
    const marks = marksOf(i);
    const next = marks[marks.indexOf(target) + (event.key === "ArrowRight" ? 1 : -1)];
    if (next) { next.focus(); event.preventDefault(); }
  } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    const step = event.key === "ArrowDown" ? 1 : -1;
    for (let r = i + step; r >= 0 && r < TL.rows.length; r += step) {
      if (!rowHasMarks(TL.rows[r])) continue;
      const scroll = document.getElementById("tl-scroll");
      const axisH = document.getElementById("tl-axis").offsetHeight;
      const rowTop = r * ROW_H + axisH;
      if (rowTop < scroll.scrollTop + axisH || rowTop + ROW_H > scroll.scrollTop + scroll.clientHeight) {
        scroll.scrollTop = rowTop - scroll.clientHeight / 2;
      }
      drawRows(false);
      const marks = marksOf(r);
      if (marks.length) {
        const left = target.getBoundingClientRect().left;
        marks.sort((a, b) => Math.abs(a.getBoundingClientRect().left - left) - Math.abs(b.getBoundingClientRect().left - left));
        marks[0].focus();
      }
      event.preventDefault();
      return;
    }
  }
}

// --- the download -------------------------------------------------------------------------------

async function download(format) {
  const job = TL.job ? `&job=${encodeURIComponent(TL.job)}` : "";
  const response = await api("GET", `/scenarios/${encodeURIComponent(TL.scenario)}/export?format=${format}${job}`);
  if (!response.ok) {
    const answer = await response.json();
    throw new Error(answer.detail || `the server answered ${response.status}`);
  }
  const name = (response.headers.get("content-disposition") || "").match(/filename="([^"]+)"/);
  const link = el("a", {href: URL.createObjectURL(await response.blob()), download: name ? name[1] : `roster.${format}`});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

PAGES.timeline = showTimeline;
