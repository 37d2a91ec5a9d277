// The Options page: one campaign's clause options (POST /scenarios/{id}/options), charted and tabled.
// Chart: campaign fees across; up, the brand's reach (brand perspective) or the season objective (season);
// dot size by protection; the line is the most reached at each level of fees; the perspective's front (all three
// axes, protection included) filled; the recommended one ringed.
"use strict";

const OPTS = {bound: false, abort: null, scenario: null, job: null};

async function showOptions(params, scenarioId) {
  bindOptions();
  await fillScenarioSelect(document.getElementById("options-scenario"), scenarioId);
  await fillCampaigns(params.get("campaign"), params.get("creator"));
}

function bindOptions() {
  if (OPTS.bound) return;
  OPTS.bound = true;
  document.getElementById("options-scenario").addEventListener("change", () => fillCampaigns().catch(report));
  document.getElementById("options-form").addEventListener("submit", event => {
    event.preventDefault();
    runOptions().catch(error => {
      if (error instanceof NeedsKey || error.name === "AbortError") return;
      document.getElementById("options-start").disabled = false;
      document.getElementById("options-status").replaceChildren(el("p", {class: "errors"}, String(error.message || error)));
    });
  });
}

async function fillCampaigns(campaignId, creatorId) {
  const sid = document.getElementById("options-scenario").value;
  if (!sid) return;
  const doc = await (await api("GET", `/scenarios/${encodeURIComponent(sid)}`)).json();
  const campaigns = document.getElementById("options-campaign");
  campaigns.replaceChildren(...(doc.campaigns || []).map(k => el("option", {value: k.id}, `${k.id} (${k.brand})`)));
  if (campaignId) campaigns.value = campaignId;
  const creators = document.getElementById("options-creator");
  creators.replaceChildren(el("option", {value: ""}, "every creator (the campaign's clause)"),
                           ...(doc.creators || []).map(c => el("option", {value: c.id}, c.id)));
  creators.value = creatorId || "";
}

async function runOptions() {
  const sid = document.getElementById("options-scenario").value;
  const limit = document.getElementById("options-limit").value.trim();
  const body = {campaign: document.getElementById("options-campaign").value,
                creator: document.getElementById("options-creator").value || undefined,
                perspective: document.getElementById("options-perspective").value,
                time_limit_s: limit === "" ? undefined : Number(limit)};
  const response = await api("POST", `/scenarios/${encodeURIComponent(sid)}/options`, JSON.stringify(body));
  const answer = await response.json();
  const statusLine = document.getElementById("options-status");
  if (response.status !== 202) {
    const errors = (answer.errors || []).map(e => el("li", {}, el("code", {}, e.path), ": " + e.message));
    statusLine.replaceChildren(el("p", {class: "errors"}, answer.detail || `the server answered ${response.status}`),
                               el("ul", {class: "errors"}, ...errors));
    return;
  }
  OPTS.scenario = sid;
  OPTS.job = answer.id;
  document.getElementById("options-start").disabled = true;
  document.getElementById("options-result").hidden = true;
  statusLine.replaceChildren(el("p", {}, `job ${answer.id} queued`));
  let finished = null;
  OPTS.abort = new AbortController();
  try {
    await jobEvents(answer.id, async (name, data) => {
      if (name === "progress" && data.total) {
        statusLine.replaceChildren(el("p", {}, `job ${answer.id}: ${data.done} of ${data.total} options solved` +
                                               (data.phase ? ` (last: ${data.phase})` : "")));
      } else if (name === "end") {
        finished = data;
      }
    }, OPTS.abort.signal);
  } finally {
    OPTS.abort = null;
    document.getElementById("options-start").disabled = false;
  }
  if (!finished || finished.status !== "done") {
    const why = finished && finished.error ? `: ${finished.error}` : "";
    statusLine.replaceChildren(el("p", {class: "errors"}, `job ${answer.id} ${finished ? finished.status : "ended"}${why}`));
    return;
  }
  const doc = await (await api("GET", `/jobs/${encodeURIComponent(answer.id)}/result`)).json();
  statusLine.replaceChildren(el("p", {}, `job ${answer.id} done: ${doc.options.length} options of ${doc.campaign}` +
                                         (doc.creator ? ` for ${doc.creator}` : "")));
  drawOptions(doc);
}

function front(doc, o) { return doc.perspective === "brand" ? o.brand_pareto : o.pareto; }

function upValue(doc, o) { return doc.perspective === "brand" ? o.campaign_reach : o.objective; }

function drawOptions(doc) {
  document.getElementById("options-result").hidden = false;
  document.getElementById("options-reason").replaceChildren(
    el("strong", {}, doc.recommended ? `Recommended (${doc.perspective}): ` : "No recommendation: "), doc.reason);
  const upName = doc.perspective === "brand" ? "campaign reach" : "season objective";
  document.getElementById("options-caption").textContent =
    `Campaign fees across, ${upName} up, dot size by protection. The line: the most ${upName} any option reaches ` +
    `for its fees. Filled dots: the ${doc.perspective} front (no other option is as good on fees, ${upName} and ` +
    `protection and better on one). The ringed dot is recommended.`;
  drawOptionsChart(doc, upName);
  document.querySelector("#options-table tbody").replaceChildren(...doc.options.map(o => el("tr", {
      "data-option": o.name, class: (o.recommended ? "recommended " : "") + (front(doc, o) ? "front" : "")},
    el("th", {scope: "row"}, (o.recommended ? "★ " : "") + o.name + (o.custom ? " (yours)" : "") +
                             (o.same_clause_as ? ` (= ${o.same_clause_as})` : "")),
    el("td", {}, o.description),
    el("td", {class: "num"}, `${money(o.campaign_fees)} (${money(o.campaign_premium)})`),
    el("td", {class: "num"}, money(o.campaign_reach)),
    el("td", {class: "num"}, money(o.objective)),
    el("td", {class: "num"}, String(o.protection)),
    el("td", {}, o.campaign_creators.join(", ") || "nobody"),
    el("td", {}, front(doc, o) ? "✓" : ""),
    el("td", {}, o.objective === null ? "" : el("a", {href: optionHref(o.name), "aria-label": `option ${o.name} on the timeline`},
                                                  o.name === "requested" ? "show" : "show the changes")))));
}

function optionHref(name) {
  // the option's roster on the timeline, its changes from the requested clause marked
  return `#/timeline/${encodeURIComponent(OPTS.scenario)}/${encodeURIComponent(OPTS.job)}?option=${encodeURIComponent(name)}`;
}

function drawOptionsChart(doc, upName) {
  const W = 720, H = 340, L = 96, R = 24, T = 20, B = 44;
  const shown = doc.options.filter(o => o.objective !== null && !o.same_clause_as);
  const xs = shown.map(o => o.campaign_fees), ys = shown.map(o => upValue(doc, o));
  const span = (lo, hi) => hi === lo ? [lo - Math.max(1, lo * 0.1), hi + Math.max(1, hi * 0.1)]
                                     : [lo - (hi - lo) * 0.08, hi + (hi - lo) * 0.08];
  const [x0, x1] = span(Math.min(...xs), Math.max(...xs)), [y0, y1] = span(Math.min(...ys), Math.max(...ys));
  const X = v => L + (v - x0) / (x1 - x0) * (W - L - R), Y = v => T + (1 - (v - y0) / (y1 - y0)) * (H - T - B);
  const maxP = Math.max(1, ...shown.map(o => o.protection));
  const nodes = [svgEl("title", {id: "options-chart-title"},
                       `${shown.length} options: campaign fees against ${upName}; recommended ${doc.recommended || "none"}`)];
  for (let i = 0; i <= 4; i++) {
    const yv = y0 + (y1 - y0) * i / 4, xv = x0 + (x1 - x0) * i / 4;
    nodes.push(svgEl("line", {x1: L, x2: W - R, y1: Y(yv), y2: Y(yv), class: "grid"}),
               svgEl("text", {x: L - 6, y: Y(yv) + 4, "text-anchor": "end", class: "tick"}, Math.round(yv).toLocaleString("en-US")),
               svgEl("text", {x: X(xv), y: H - B + 16, "text-anchor": "middle", class: "tick"}, Math.round(xv).toLocaleString("en-US")));
  }
  nodes.push(svgEl("text", {x: W - R, y: H - 6, "text-anchor": "end", class: "tick"}, "campaign fees"),
             svgEl("text", {x: 8, y: 12, class: "tick"}, upName));
  // the line: the most "up" any option reaches at each level of fees (the chart's own two-axis front)
  let best = -Infinity, steps = "";
  for (const o of [...shown].sort((a, b) => a.campaign_fees - b.campaign_fees || upValue(doc, b) - upValue(doc, a))) {
    if (upValue(doc, o) <= best) continue;
    const x = X(o.campaign_fees), y = Y(upValue(doc, o));
    steps += steps ? ` H${x} V${y}` : `M${x},${y}`;
    best = upValue(doc, o);
  }
  if (steps) nodes.push(svgEl("path", {class: "front", d: steps}));
  // the front on top: a dominated option at the same fees and reach must not hide the one that beats it
  for (const o of [...shown].sort((a, b) => Number(front(doc, a)) - Number(front(doc, b)))) {
    const r = 5 + 9 * Math.sqrt(o.protection / maxP);
    const cx = X(o.campaign_fees), cy = Y(upValue(doc, o));
    const group = svgEl("g", {class: `option${front(doc, o) ? " on-front" : ""}${o.recommended ? " recommended" : ""}`,
                              "data-option": o.name, tabindex: "0", role: "img",
                              "aria-label": `${o.name}: fees ${money(o.campaign_fees)}, ${upName} ${money(upValue(doc, o))}, ` +
                                            `protection ${o.protection}${front(doc, o) ? ", on the front" : ""}` +
                                            `${o.recommended ? ", recommended" : ""}`});
    group.append(svgEl("circle", {cx, cy, r}));
    if (o.recommended) group.append(svgEl("circle", {cx, cy, r: r + 4, class: "ring"}));
    group.append(svgEl("text", {x: cx + r + 3, y: cy - r + 2, class: "label"}, o.name));
    nodes.push(group);
  }
  document.getElementById("options-chart").replaceChildren(...nodes);
}

PAGES.options = showOptions;
