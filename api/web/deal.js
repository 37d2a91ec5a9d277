// The Deal check page: a proposed deal (models/enforcement.py Deal) against the scenario's commitments and its
// roster of record (POST /check), with the creator's season drawn from GET /scenarios/{id}/timeline and the
// clause that blocks the deal outlined on it. The rules answer; this file only fills the form and draws.
"use strict";

const DEAL = {bound: false, scenario: null, doc: null, timeline: null, asked: 0};
const DEAL_LEVELS = ["full", "category", "competitors"];  // strongest first, as the spec lists them
const DEAL_LEVEL_WORDS = {full: "full exclusivity", category: "category exclusivity",
                          competitors: "semi-exclusive (competitors)"};

function dealDay(iso) {  // days since 1970-01-01 of "YYYY-MM-DD", without time zones
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86400000);
}

function dealIso(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

function dealIds(list) { return (list || []).map(x => typeof x === "string" ? x : x.id); }

// --- loading --------------------------------------------------------------------------------------

async function showDeal(params, scenarioId) {
  // #/deal/SCENARIO[?creator=ID]
  bindDeal();
  const scenarios = await fillScenarioSelect(document.getElementById("deal-scenario"), scenarioId);
  if (!scenarios.length) {
    document.getElementById("deal-status").replaceChildren(
      el("p", {}, "No scenario stored yet: upload one on the ", el("a", {href: "#/scenarios"}, "Scenarios"), " page."));
    return;
  }
  await loadDealScenario(params.get("creator"));
}

function bindDeal() {
  if (DEAL.bound) return;
  DEAL.bound = true;
  document.getElementById("deal-scenario").addEventListener("change", () => loadDealScenario().catch(report));
  document.getElementById("deal-creator").addEventListener("change", () => creatorChosen().catch(report));
  document.getElementById("deal-add-post").addEventListener("click", () => addPostRow("").focus());
  document.getElementById("deal-add-phase").addEventListener("click", () => addPhaseRow({}));
  document.getElementById("deal-has-clause").addEventListener("change", clauseToggled);
  document.getElementById("deal-form").addEventListener("submit", event => {
    event.preventDefault();
    checkDeal().catch(report);
  });
}

async function loadDealScenario(creatorId) {
  const sid = document.getElementById("deal-scenario").value;
  rememberScenario(sid);
  document.getElementById("nav-deal").href = `#/deal/${encodeURIComponent(sid)}`;
  const response = await api("GET", `/scenarios/${encodeURIComponent(sid)}`);
  const doc = await response.json();
  if (!response.ok) throw new Error(doc.detail || `the server answered ${response.status}`);
  DEAL.scenario = sid;
  DEAL.doc = doc;
  DEAL.timeline = null;
  fillDealChoices(doc);
  const creators = document.getElementById("deal-creator");
  if (creatorId && dealIds(doc.creators).includes(creatorId)) creators.value = creatorId;
  clearDealAnswer();
  await creatorChosen();
}

function fillDealChoices(doc) {
  const options = (select, ids) => select.replaceChildren(...ids.map(id => el("option", {value: id}, id)));
  options(document.getElementById("deal-creator"), dealIds(doc.creators));
  options(document.getElementById("deal-brand"), dealIds(doc.brands));
  options(document.getElementById("deal-category"), dealIds(doc.categories));
  dealFillChecks(document.getElementById("deal-regions"), "region", dealIds(doc.regions));
  dealFillChecks(document.getElementById("deal-platforms"), "platform", dealIds(doc.platforms));
  dealFillChecks(document.getElementById("deal-exceptions"), "excepted brand", dealIds(doc.brands));
  document.getElementById("deal-posts").replaceChildren();
  addPostRow("");
  document.getElementById("deal-phases").replaceChildren();
  document.getElementById("deal-has-clause").checked = false;
  clauseToggled();
}

function dealFillChecks(fieldset, what, ids) {
  // a fieldset of checkboxes, one per id, after its legend
  const legend = fieldset.querySelector("legend");
  fieldset.replaceChildren(legend, ...ids.map(id => el("label", {class: "check"},
    el("input", {type: "checkbox", value: id, "aria-label": `${what} ${id}`}), id)));
}

function dealChecked(container) {
  return [...container.querySelectorAll("input[type=checkbox]:checked")].map(box => box.value);
}

function dealSetChecked(container, ids) {
  const wanted = new Set(ids || []);
  for (const box of container.querySelectorAll("input[type=checkbox]")) box.checked = wanted.has(box.value);
}

async function creatorChosen() {
  // The creator's own platforms and audience regions are ticked as a start; her row is drawn at once.
  const id = document.getElementById("deal-creator").value;
  const creator = (DEAL.doc.creators || []).find(c => c.id === id);
  if (creator) {
    dealSetChecked(document.getElementById("deal-platforms"), creator.platforms);
    dealSetChecked(document.getElementById("deal-regions"),
               Object.entries(creator.audience || {}).filter(([, n]) => n > 0).map(([r]) => r));
  }
  clearDealAnswer();
  await drawSeason(null, null);
}

// --- the form: post days and phases -------------------------------------------------------------------

function addPostRow(day) {
  const list = document.getElementById("deal-posts");
  const n = list.children.length + 1;
  const input = el("input", {type: "date", class: "post-day", "aria-label": `post day ${n}`});
  input.value = day || "";
  if (n === 1) input.required = true;
  const row = el("li", {}, input, " ", el("button", {type: "button", class: "link", "aria-label": `remove post day ${n}`,
    onclick: () => { row.remove(); dealRenumber(list, "post day"); }}, "remove"));
  list.append(row);
  return input;
}

function dealRenumber(list, what) {
  // after a removal the labels say "post day 1, 2, ..." again, so a 422's deal.posts[k] names the row shown as k+1
  [...list.children].forEach((row, i) => {
    for (const node of row.querySelectorAll("[data-label]")) node.setAttribute("aria-label", `${node.dataset.label} ${i + 1}`);
    const first = row.querySelector("input");
    if (first && first.classList.contains("post-day")) first.setAttribute("aria-label", `${what} ${i + 1}`);
    const remove = row.querySelector("button.link");
    if (remove) remove.setAttribute("aria-label", `remove ${what} ${i + 1}`);
  });
}

function clauseToggled() {
  const on = document.getElementById("deal-has-clause").checked;
  document.getElementById("deal-clause").hidden = !on;
  const phases = document.getElementById("deal-phases");
  if (on && !phases.children.length) addPhaseRow({});
  for (const input of phases.querySelectorAll("input[type=date]")) input.required = on;
}

function addPhaseRow(phase) {
  const list = document.getElementById("deal-phases");
  const n = list.children.length + 1;
  const level = el("select", {class: "phase-level", "data-label": "level of phase", "aria-label": `level of phase ${n}`},
                   ...DEAL_LEVELS.map(l => el("option", {value: l}, DEAL_LEVEL_WORDS[l])));
  level.value = phase.level || "full";
  const start = el("input", {type: "date", class: "phase-start", required: "", "data-label": "start of phase",
                             "aria-label": `start of phase ${n}`});
  const end = el("input", {type: "date", class: "phase-end", required: "", "data-label": "end of phase",
                           "aria-label": `end of phase ${n}`});
  start.value = phase.start || "";
  end.value = phase.end || "";
  const regions = el("fieldset", {class: "choices phase-regions"}, el("legend", {}, "Regions (none ticked: the deal's)"));
  const platforms = el("fieldset", {class: "choices phase-platforms"}, el("legend", {}, "Platforms (none ticked: every one)"));
  dealFillChecks(regions, `phase ${n} region`, dealIds(DEAL.doc.regions));
  dealFillChecks(platforms, `phase ${n} platform`, dealIds(DEAL.doc.platforms));
  dealSetChecked(regions, phase.regions);
  dealSetChecked(platforms, phase.platforms);
  const row = el("li", {class: "deal-phase"},
    el("div", {class: "inline-fields"},
       el("label", {}, "Level ", level), el("label", {}, "From ", start), el("label", {}, "to ", end),
       el("button", {type: "button", class: "link", "aria-label": `remove phase ${n}`,
                     onclick: () => { row.remove(); dealRenumber(list, "phase"); }}, "remove phase")),
    regions, platforms);
  list.append(row);
  return row;
}

function dealFromForm() {
  // exactly the Deal model: optional fields are left out rather than sent empty
  const deal = {
    creator: document.getElementById("deal-creator").value,
    brand: document.getElementById("deal-brand").value,
    category: document.getElementById("deal-category").value,
    regions: dealChecked(document.getElementById("deal-regions")),
    platforms: dealChecked(document.getElementById("deal-platforms")),
    posts: [...document.querySelectorAll("#deal-posts input.post-day")].map(i => i.value).filter(Boolean),
  };
  if (document.getElementById("deal-has-clause").checked) {
    const phases = [...document.querySelectorAll("#deal-phases li.deal-phase")].map(row => {
      const phase = {level: row.querySelector(".phase-level").value,
                     start: row.querySelector(".phase-start").value, end: row.querySelector(".phase-end").value};
      const regions = dealChecked(row.querySelector(".phase-regions")), platforms = dealChecked(row.querySelector(".phase-platforms"));
      if (regions.length) phase.regions = regions;
      if (platforms.length) phase.platforms = platforms;
      return phase;
    });
    deal.exclusivity = {phases};
    const excepted = dealChecked(document.getElementById("deal-exceptions"));
    if (excepted.length) deal.exclusivity.exceptions = {brands: excepted};
  }
  return deal;
}

function fillClause(clause) {
  // a clause as the server writes it (null regions: absent) into the form's clause
  document.getElementById("deal-has-clause").checked = true;
  document.getElementById("deal-phases").replaceChildren();
  for (const phase of clause.phases) addPhaseRow(phase);
  dealSetChecked(document.getElementById("deal-exceptions"), clause.exceptions ? clause.exceptions.brands : []);
  clauseToggled();
}

// --- the check ----------------------------------------------------------------------------------------

function clearDealAnswer() {
  document.getElementById("deal-result").hidden = true;
  document.getElementById("deal-errors").replaceChildren();
  document.getElementById("deal-status").replaceChildren();
  for (const node of document.querySelectorAll("#deal-form [aria-invalid]")) node.removeAttribute("aria-invalid");
}

async function checkDeal() {
  const deal = dealFromForm();
  const asked = ++DEAL.asked;  // a later check wins over this one if its answer comes first
  clearDealAnswer();
  document.getElementById("deal-status").replaceChildren(el("p", {}, "checking…"));
  const response = await api("POST", "/check", JSON.stringify({scenario: DEAL.scenario, deal}));
  const answer = await response.json();
  if (asked !== DEAL.asked) return;
  document.getElementById("deal-status").replaceChildren();
  if (!response.ok) {
    showDealErrors(response, answer);
    return;
  }
  showVerdict(answer);
  await drawSeason(deal, answer);
}

function showDealErrors(response, answer) {
  // 422: each error by its field path, next to the form; the field it names is marked invalid
  const items = (answer.errors || []).map(issue => {
    const field = dealFieldOf(issue.path);
    if (field) field.setAttribute("aria-invalid", "true");
    return el("li", {"data-path": issue.path || ""}, el("code", {}, issue.path || "(the request)"), ": " + issue.message);
  });
  document.getElementById("deal-errors").replaceChildren(
    el("p", {class: "errors"}, answer.detail || `the server answered ${response.status}`), el("ul", {class: "errors"}, ...items));
}

function dealFieldOf(path) {
  // deal.posts[1] -> the second post day; deal.exclusivity.phases[0].start -> that phase's start; deal.brand ...
  let m = /^deal\.posts\[(\d+)\]/.exec(path || "");
  if (m) {
    // the posts sent are the filled-in ones, in order
    return [...document.querySelectorAll("#deal-posts input.post-day")].filter(i => i.value)[Number(m[1])] || null;
  }
  m = /^deal\.exclusivity\.phases\[(\d+)\]\.?(\w+)?/.exec(path || "");
  if (m) {
    const row = document.querySelectorAll("#deal-phases li.deal-phase")[Number(m[1])];
    if (!row) return null;
    return row.querySelector(`.phase-${m[2] || "start"}`) || row;
  }
  m = /^deal\.(creator|brand|category|regions|platforms)/.exec(path || "");
  return m ? document.getElementById(`deal-${m[1]}`) : null;
}

function showVerdict(answer) {
  document.getElementById("deal-result").hidden = false;
  const n = answer.conflicts.length;
  const verdict = document.getElementById("deal-verdict");
  verdict.className = answer.allowed ? "verdict allowed" : "verdict refused";
  verdict.dataset.allowed = String(answer.allowed);
  verdict.replaceChildren(el("strong", {}, answer.allowed ? "✓ Allowed" : "✗ Refused"),
    answer.allowed ? ": no conflict with the creator's commitments or the roster of record."
                   : `: ${n} conflict${n === 1 ? "" : "s"}.`);
  document.getElementById("deal-conflicts").replaceChildren(...answer.conflicts.map(conflictItem));
  const earliest = document.getElementById("deal-earliest");
  earliest.dataset.day = answer.earliest_start || "";
  if (answer.allowed) earliest.replaceChildren();
  else if (answer.earliest_start) {
    earliest.replaceChildren("Earliest allowed start: ", el("strong", {}, answer.earliest_start),
      " (the whole deal, posts and phases, moved to start that day).");
  } else earliest.replaceChildren("No start within a year after the last relevant day makes the deal allowed.");
  const variants = answer.allowed_variants || [];
  document.getElementById("deal-variants-box").hidden = !variants.length;
  document.getElementById("deal-variants").replaceChildren(...variants.map(variantItem));
}

function conflictItem(c) {
  return el("li", {class: `conflict kind-${c.kind}`, "data-kind": c.kind, "data-with": c.with, "data-phase": c.phase || "",
                   "data-path": c.path, "data-days": c.days.join(",")},
    el("span", {class: "message"}, c.message),
    el("div", {class: "muted"}, `${c.kind.replace("_", " ")} · `, el("code", {}, c.path),
       c.days.length ? ` · ${c.days.join(", ")}` : ""));
}

function dealClauseWords(clause) {
  const phases = clause.phases.map(p => {
    const scope = [p.regions ? p.regions.join(", ") : null, p.platforms ? p.platforms.join(", ") : null].filter(Boolean);
    return `${DEAL_LEVEL_WORDS[p.level]} ${p.start} to ${p.end}${scope.length ? ` (${scope.join("; ")})` : ""}`;
  });
  const except = clause.exceptions && clause.exceptions.brands.length ? `, except ${clause.exceptions.brands.join(", ")}` : "";
  return phases.join("; then ") + except;
}

function variantItem(v) {
  return el("li", {"data-variant": v.variant},
    el("strong", {}, v.variant), ": ", v.message,
    el("div", {class: "muted"}, "clause: ", dealClauseWords(v.clause)),
    el("button", {type: "button", "aria-label": `check this variant: ${v.variant}`, onclick: () => {
      fillClause(v.clause);
      document.getElementById("deal-form").requestSubmit();
    }}, "check this variant"));
}

// --- the creator's season, with the deal -------------------------------------------------------------

async function drawSeason(deal, answer) {
  const sid = DEAL.scenario, creatorId = deal ? deal.creator : document.getElementById("deal-creator").value;
  if (!DEAL.timeline) {
    const response = await api("GET", `/scenarios/${encodeURIComponent(sid)}/timeline`);
    const timeline = await response.json();
    if (!response.ok) throw new Error(timeline.detail || `the server answered ${response.status}`);
    if (DEAL.scenario !== sid) return;
    DEAL.timeline = timeline;
  }
  const creator = DEAL.timeline.creators.find(c => c.id === creatorId);
  const box = document.getElementById("deal-season");
  box.hidden = !creator;
  if (!creator) return;
  document.getElementById("deal-season-title").textContent = `${creator.id}'s season`;
  document.getElementById("deal-timeline-link").href =
    `#/timeline/${encodeURIComponent(sid)}?creator=${encodeURIComponent(creator.id)}`;
  const scale = seasonScale(DEAL.timeline.horizon, deal);
  const blocking = blockingKeys(answer);
  const lanes = [seasonAxis(scale)];
  for (const m of creator.commitments) {
    lanes.push(seasonLane(scale, creator, `commitment ${m.id}`, m.brand, m.id, m.phases, m.posts, "commitment", blocking, answer));
  }
  for (const b of creator.bookings) {
    lanes.push(seasonLane(scale, creator, `${b.signed ? "signed booking" : "booking"} ${b.campaign}`, b.brand, b.campaign,
                          b.phases, b.posts, "booking", blocking, answer));
  }
  if (deal) lanes.push(dealLane(scale, creator, deal, blocking, answer));
  if (!creator.commitments.length && !creator.bookings.length && !deal) {
    lanes.push(el("p", {class: "muted", role: "listitem"}, "No booking or commitment yet this season."));
  }
  document.getElementById("deal-row").replaceChildren(...lanes);
}

function seasonScale(horizon, deal) {
  // the season, widened to the deal's own days when they reach outside it
  const days = [horizon.start, horizon.end];
  if (deal) {
    days.push(...deal.posts);
    for (const p of deal.exclusivity ? deal.exclusivity.phases : []) if (p.start && p.end) days.push(p.start, p.end);
  }
  const numbers = days.map(dealDay);
  const first = Math.min(...numbers), last = Math.max(...numbers);
  return {first, last, days: last - first + 1};
}

function dealPlace(scale, startIso, endIso) {  // left and width in percent of an inclusive day range, clipped
  const a = Math.max(dealDay(startIso), scale.first), b = Math.min(dealDay(endIso), scale.last);
  if (b < a) return null;
  return `left:${(a - scale.first) / scale.days * 100}%;width:${(b - a + 1) / scale.days * 100}%`;
}

function seasonAxis(scale) {
  const ticks = [];
  for (let n = scale.first; n <= scale.last; n++) {
    const day = new Date(n * 86400000);
    if (day.getUTCDate() !== 1 && n !== scale.first) continue;
    const room = (scale.last - n) / scale.days > 0.06;  // no label squeezed against the right edge
    ticks.push(el("span", {class: "deal-tick", style: `left:${(n - scale.first) / scale.days * 100}%`},
                  room ? day.toLocaleString("en-US", {month: "short", timeZone: "UTC"}) : ""));
  }
  return el("div", {class: "deal-lane deal-axis", "aria-hidden": "true"},
            el("div", {class: "deal-lane-label"}, `${dealIso(scale.first)} to ${dealIso(scale.last)}`),
            el("div", {class: "deal-track"}, ...ticks));
}

function blockingKeys(answer) {
  // "with|phase" of every clause a conflict names: a booking's or commitment's phase, or the deal's own
  return new Set((answer ? answer.conflicts : []).filter(c => c.phase).map(c => `${c.with}|${c.phase}`));
}

function conflictDays(answer, test) {
  return new Set((answer ? answer.conflicts : []).filter(test).flatMap(c => c.days));
}

function unavailableBands(scale, creator, answer) {
  const refused = conflictDays(answer, c => c.kind === "unavailable");
  return creator.unavailable.map(u => {
    const style = dealPlace(scale, u.start, u.end);
    if (!style) return null;
    const hit = [...refused].some(d => d >= u.start && d <= u.end);
    return el("div", {class: `deal-unavailable${hit ? " blocking" : ""}`, style,
                      title: `unavailable ${u.start} to ${u.end}${hit ? ": blocks the deal" : ""}`});
  }).filter(Boolean);
}

function seasonLane(scale, creator, name, brand, withId, phases, posts, kind, blocking, answer) {
  const marks = unavailableBands(scale, creator, null);
  let blocks = false;
  for (const p of phases) {
    const style = dealPlace(scale, p.start, p.end);
    const hit = blocking.has(`${withId}|${p.path}`);
    blocks = blocks || hit;
    if (style) marks.push(phaseBand(p.level, p.words, p.path, withId, style, hit));
  }
  // posts of this booking that the deal's own clause blocks (conflicts with the deal's phase)
  const blocked = conflictDays(answer, c => c.with === withId && (c.phase || "").startsWith("deal."));
  for (const day of posts) {
    const style = dealPlace(scale, day, day);
    if (style) {
      const hit = blocked.has(day);
      marks.push(el("span", {class: `deal-post ${kind}${hit ? " blocked" : ""}`, style, "data-day": day,
                             role: "img", "aria-label": `${name} posts on ${day}${hit ? ", blocked by the deal's clause" : ""}`}));
    }
  }
  return el("div", {class: `deal-lane ${kind}${blocks ? " has-blocking" : ""}`, role: "listitem", "data-with": withId},
    el("div", {class: "deal-lane-label"}, name, " ", el("small", {}, brand),
       blocks ? el("span", {class: "blocks-tag"}, "blocks the deal") : ""),
    el("div", {class: "deal-track"}, ...marks));
}

function phaseBand(level, words, path, withId, style, hit) {
  return el("div", {class: `deal-band band-${level}${hit ? " blocking" : ""}`, style, "data-path": path, "data-with": withId,
                    role: "img", "aria-label": `${withId}: ${words} (${path})${hit ? ": blocks the deal" : ""}`,
                    title: `${words}${hit ? ": blocks the deal" : ""}`});
}

function dealLane(scale, creator, deal, blocking, answer) {
  const marks = unavailableBands(scale, creator, answer);
  let blocks = false;
  (deal.exclusivity ? deal.exclusivity.phases : []).forEach((p, j) => {
    const path = `deal.exclusivity.phases[${j}]`;
    const hit = [...blocking].some(key => key.endsWith(`|${path}`));
    blocks = blocks || hit;
    const style = p.start && p.end ? dealPlace(scale, p.start, p.end) : null;
    const words = `${DEAL_LEVEL_WORDS[p.level]} ${p.start} to ${p.end}`;
    if (style) marks.push(phaseBand(p.level, words, path, "the deal", style, hit));
  });
  // the deal's posts on a day a conflict names (inside another clause, same day, unavailable, full week)
  const refused = conflictDays(answer, c => !(c.phase || "").startsWith("deal."));
  for (const day of deal.posts) {
    const style = dealPlace(scale, day, day);
    const hit = refused.has(day);
    if (style) {
      marks.push(el("span", {class: `deal-post proposed${hit ? " refused" : ""}`, style, "data-day": day, role: "img",
                             "aria-label": `the deal posts on ${day}${hit ? ", refused" : ""}`}));
    }
  }
  return el("div", {class: `deal-lane proposed${blocks ? " has-blocking" : ""}`, role: "listitem", "data-with": "the deal"},
    el("div", {class: "deal-lane-label"}, el("strong", {}, "the proposed deal"), " ", el("small", {}, deal.brand),
       blocks ? el("span", {class: "blocks-tag"}, "blocks the deal") : ""),
    el("div", {class: "deal-track"}, ...marks));
}

PAGES.deal = showDeal;
