// The Solve page: start a solve job, draw its incumbent and bound live from the job's events, cancel it,
// and open the roster in the timeline; when no roster exists, the explanation, each path a link.
"use strict";

const SOLVE = {job: null, scenario: null, points: [], abort: null, bound: false, document: null};

async function showSolve(params, scenarioId) {
  bindSolve();
  const scenarios = await fillScenarioSelect(document.getElementById("solve-scenario"), scenarioId);
  if (!scenarios.length) {
    document.getElementById("solve-status").replaceChildren(
      el("p", {}, "No scenario stored yet: upload one on the ", el("a", {href: "#/scenarios"}, "Scenarios"), " page."));
  }
  document.getElementById("solve-start").disabled = !scenarios.length || Boolean(SOLVE.abort);
}

function bindSolve() {
  if (SOLVE.bound) return;
  SOLVE.bound = true;
  document.getElementById("solve-form").addEventListener("submit", event => {
    event.preventDefault();
    startSolve().catch(solveFailed);
  });
  document.getElementById("solve-cancel").addEventListener("click", () => cancelSolve().catch(solveFailed));
}

function solveFailed(error) {
  if (error instanceof NeedsKey || error.name === "AbortError") return;
  running(false);
  document.getElementById("solve-status").replaceChildren(el("p", {class: "errors"}, String(error.message || error)));
}

function running(on) {
  document.getElementById("solve-start").disabled = on;
  document.getElementById("solve-cancel").disabled = !on;
}

function numberField(id) {
  const text = document.getElementById(id).value.trim();
  return text === "" ? undefined : Number(text);
}

async function startSolve() {
  const scenario = document.getElementById("solve-scenario").value;
  const body = {time_limit_s: numberField("solve-limit"), workers: numberField("solve-workers"),
                seed: numberField("solve-seed")};
  const response = await api("POST", `/scenarios/${encodeURIComponent(scenario)}/solve`, JSON.stringify(body));
  const answer = await response.json();
  if (response.status !== 202) {
    const errors = (answer.errors || []).map(e => el("li", {}, el("code", {}, e.path), ": " + e.message));
    document.getElementById("solve-status").replaceChildren(
      el("p", {class: "errors"}, answer.detail || `the server answered ${response.status}`), el("ul", {class: "errors"}, ...errors));
    return;
  }
  Object.assign(SOLVE, {job: answer.id, scenario, points: [], document: null});
  rememberScenario(scenario);
  document.getElementById("solve-result").hidden = true;
  document.getElementById("solve-figure").hidden = false;
  drawChart();
  running(true);
  status(`job ${answer.id} queued`);
  await follow(answer.id);
}

function status(text) {
  document.getElementById("solve-status").replaceChildren(el("p", {}, text));
}

async function follow(jobId) {
  SOLVE.abort = new AbortController();
  try {
    await jobEvents(jobId, onEvent, SOLVE.abort.signal);
  } finally {
    SOLVE.abort = null;
  }
}

async function onEvent(name, data) {
  if (name === "status") {
    status(`job ${data.id} ${data.status}`);
  } else if (name === "progress") {
    if (data.objective !== null || data.bound !== null) {
      SOLVE.points.push({t: data.elapsed || 0, objective: data.objective, bound: data.bound, phase: data.phase || ""});
      drawChart();
      const gap = gapOf(data.objective, data.bound);
      status(`job ${SOLVE.job} running (${data.phase || "solving"}), ${(data.elapsed || 0).toFixed(1)} s: ` +
             `incumbent ${money(data.objective)}, bound ${money(data.bound)}${gap === null ? "" : `, gap ${gap}`}`);
    }
  } else if (name === "end") {
    running(false);
    await finished(data);
  }
}

function gapOf(objective, bound) {
  if (objective === null || bound === null || objective === undefined || bound === undefined) return null;
  if (bound === 0) return objective === 0 ? "0.00%" : null;
  return `${(100 * (bound - objective) / Math.abs(bound)).toFixed(2)}%`;
}

async function cancelSolve() {
  if (!SOLVE.job) return;
  const response = await api("DELETE", `/jobs/${encodeURIComponent(SOLVE.job)}`);
  if (response.status === 409) status((await response.json()).detail);
}

// --- the result ---------------------------------------------------------------------------------------

async function finished(job) {
  const out = document.getElementById("solve-result-body");
  document.getElementById("solve-result").hidden = false;
  if (job.status !== "done") {
    const why = job.error ? `: ${job.error}` : "";
    status(`job ${job.id} ${job.status}${why}`);
    out.replaceChildren(el("p", {}, job.status === "cancelled" ? "The solve was cancelled; no roster was kept."
                                                               : `The solve failed${why}.`));
    return;
  }
  const roster = await (await api("GET", `/jobs/${encodeURIComponent(job.id)}/result`)).json();
  const last = {t: job.progress && job.progress.elapsed || (SOLVE.points.length ? SOLVE.points.at(-1).t : 0),
                objective: roster.objective, bound: roster.bound, phase: "done"};
  SOLVE.points.push(last);
  drawChart();
  const figures = SOLVE.points.some(p => p.objective !== null || p.bound !== null);
  document.getElementById("solve-figure").hidden = !figures;  // an infeasible scenario has none to draw
  const gap = gapOf(roster.objective, roster.bound);
  status(`job ${job.id} done: ${roster.status}` +
         (roster.objective === null ? "" : `, value ${money(roster.objective)}, bound ${money(roster.bound)}, gap ${gap}`));
  const timeline = `#/timeline/${encodeURIComponent(SOLVE.scenario)}/${encodeURIComponent(job.id)}`;
  const parts = [];
  if (roster.status === "optimal" || roster.status === "feasible") {
    parts.push(el("p", {}, `${roster.assignments.length} bookings on ${roster.campaigns.filter(k => k.staffed).length} ` +
                           `of ${roster.campaigns.length} campaigns. `, el("a", {href: timeline, id: "solve-open-timeline"},
                           "Open the roster in the timeline")));
  }
  if (roster.warnings && roster.warnings.length) {
    parts.push(el("h3", {}, "Warnings"), el("ul", {}, ...roster.warnings.map(w => el("li", {}, w))));
  }
  const doc = await scenarioDocument(SOLVE.scenario);
  if (roster.relaxed && roster.relaxed.length) {
    parts.push(el("h3", {}, "Must-haves this roster cannot keep"), explanationList(roster.relaxed, doc));
  }
  if (roster.explanation && roster.explanation.length) {
    parts.push(el("h3", {}, roster.status === "infeasible" ? "Why no roster exists" : "Explanation"),
               explanationList(roster.explanation, doc));
  }
  out.replaceChildren(...parts);
  const stillHere = !document.getElementById("page-solve").hidden;
  if (stillHere && (roster.status === "optimal" || roster.status === "feasible") &&
      document.getElementById("solve-open").checked) {
    location.hash = timeline;
  }
}

async function scenarioDocument(scenarioId) {
  const response = await api("GET", `/scenarios/${encodeURIComponent(scenarioId)}`);
  return response.ok ? response.json() : null;
}

function pathTarget(path, doc) {
  // The page about the entity a field path names: a campaign's page, or a creator's row on the timeline.
  const match = path.match(/^(campaigns|creators|commitments)\[(\d+)\]/);
  if (!match || !doc) return null;
  const item = (doc[match[1]] || [])[Number(match[2])];
  if (!item) return null;
  const sid = encodeURIComponent(SOLVE.scenario);
  if (match[1] === "campaigns") return {href: `#/campaign/${sid}/${encodeURIComponent(item.id)}`, label: `campaign ${item.id}`};
  const creator = match[1] === "creators" ? item.id : item.creator;
  const what = match[1] === "creators" ? `creator ${item.id}` : `commitment ${item.id} of ${item.creator}`;
  return {href: `#/timeline/${sid}?creator=${encodeURIComponent(creator)}`, label: what};
}

function explanationList(items, doc) {
  return el("ul", {class: "explanation"}, ...items.map(item => {
    const target = pathTarget(item.path, doc);
    const path = el("code", {}, item.path);
    return el("li", {}, target ? el("a", {href: target.href, title: target.label}, path) : path, ": " + item.message);
  }));
}

// --- the chart: incumbent and bound against time, as step lines ---------------------------------------

const CHART = {w: 720, h: 280, left: 92, right: 16, top: 16, bottom: 34};

function drawChart() {
  const chart = document.getElementById("solve-chart");
  const title = chart.querySelector("title");
  const points = SOLVE.points;
  const values = points.flatMap(p => [p.objective, p.bound]).filter(v => v !== null && v !== undefined);
  const maxT = Math.max(1, ...points.map(p => p.t));
  let lo = values.length ? Math.min(...values) : 0, hi = values.length ? Math.max(...values) : 1;
  if (hi === lo) { hi += Math.max(1, Math.abs(hi) * 0.05); lo -= Math.max(1, Math.abs(lo) * 0.05); }
  const pad = (hi - lo) * 0.08;
  lo -= pad; hi += pad;
  const X = t => CHART.left + (t / maxT) * (CHART.w - CHART.left - CHART.right);
  const Y = v => CHART.top + (1 - (v - lo) / (hi - lo)) * (CHART.h - CHART.top - CHART.bottom);
  const nodes = [title];
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4, y = Y(v);
    nodes.push(svgEl("line", {x1: CHART.left, x2: CHART.w - CHART.right, y1: y, y2: y, class: "grid"}),
               svgEl("text", {x: CHART.left - 6, y: y + 4, "text-anchor": "end", class: "tick"}, Math.round(v).toLocaleString("en-US")));
  }
  for (let i = 0; i <= 5; i++) {
    const t = maxT * i / 5;
    nodes.push(svgEl("text", {x: X(t), y: CHART.h - CHART.bottom + 16, "text-anchor": "middle", class: "tick"}, `${t.toFixed(1)} s`));
  }
  nodes.push(svgEl("text", {x: CHART.w - CHART.right, y: CHART.h - 4, "text-anchor": "end", class: "tick"}, "seconds"));
  for (const [key, cls] of [["bound", "bound"], ["objective", "incumbent"]]) {
    const path = stepPath(points.filter(p => p[key] !== null && p[key] !== undefined), key, X, Y);
    if (path) nodes.push(svgEl("path", {d: path, class: `series ${cls}`}));
    for (const p of points) {
      if (p[key] !== null && p[key] !== undefined) nodes.push(svgEl("circle", {cx: X(p.t), cy: Y(p[key]), r: 2.5, class: `dot ${cls}`}));
    }
  }
  chart.replaceChildren(...nodes);
  const last = points.at(-1);
  title.textContent = last ? `incumbent ${money(last.objective)} and bound ${money(last.bound)} after ${last.t.toFixed(1)} s`
                           : "incumbent value and bound over time: waiting for the first figures";
  document.querySelector("#solve-points tbody").replaceChildren(...points.map(p => el("tr", {},
    el("td", {}, p.t.toFixed(2)), el("td", {}, p.phase), el("td", {}, money(p.objective)), el("td", {}, money(p.bound)),
    el("td", {}, gapOf(p.objective, p.bound) || ""))));
}

function stepPath(points, key, X, Y) {
  if (!points.length) return "";
  let d = `M${X(points[0].t)},${Y(points[0][key])}`;
  for (const p of points.slice(1)) d += `H${X(p.t)}V${Y(p[key])}`;
  return d;
}

PAGES.solve = showSolve;
