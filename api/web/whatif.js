// The What-if page: edits made through forms (each becomes changes/1 operations), a re-plan job followed
// live, the diff as a table and on the timeline, and the re-plan accepted as the scenario's next version.
// The page only writes change sets; applying and checking them is the server's (planning.changes).
"use strict";

const WI = {bound: false, scenario: null, doc: null, entries: [], job: null, abort: null};

const WI_LEVELS = {full: "full exclusivity", category: "category exclusivity", competitors: "semi-exclusive (competitors)"};

async function showWhatIf(params, scenarioId) {
  bindWhatIf();
  const select = document.getElementById("whatif-scenario");
  const scenarios = await fillScenarioSelect(select, scenarioId);
  if (!scenarios.length) {
    document.getElementById("whatif-status").replaceChildren(
      el("p", {}, "No scenario stored yet: upload one on the ", el("a", {href: "#/scenarios"}, "Scenarios"), " page."));
    return;
  }
  await loadScenario(select.value);
}

function bindWhatIf() {
  if (WI.bound) return;
  WI.bound = true;
  const failed = error => whatIfFailed(error);
  document.getElementById("whatif-scenario").addEventListener("change", e => loadScenario(e.target.value).catch(failed));
  document.getElementById("whatif-kind").addEventListener("change", () => drawFields());
  document.getElementById("whatif-change").addEventListener("submit", event => {
    event.preventDefault();
    try { addEntry(); } catch (error) { failed(error); }
  });
  document.getElementById("whatif-run").addEventListener("submit", event => {
    event.preventDefault();
    runWhatIf().catch(failed);
  });
  document.getElementById("whatif-accept").addEventListener("click", () => acceptWhatIf().catch(failed));
}

function whatIfFailed(error) {
  if (error instanceof NeedsKey || error.name === "AbortError") return;
  document.getElementById("whatif-start").disabled = !WI.entries.length;
  document.getElementById("whatif-status").replaceChildren(el("p", {class: "errors"}, String(error.message || error)));
}

async function loadScenario(id) {
  if (id === WI.scenario && WI.doc) return;
  const response = await api("GET", `/scenarios/${encodeURIComponent(id)}`);
  if (!response.ok) throw new Error((await response.json()).detail || `the server answered ${response.status}`);
  Object.assign(WI, {scenario: id, doc: await response.json(), entries: [], job: null});
  rememberScenario(id);
  document.getElementById("whatif-result").hidden = true;
  document.getElementById("whatif-status").replaceChildren();
  drawFields();
  drawEntries();
}

// --- the forms: one set of fields per kind of change ------------------------------------------------

function wiField(label, input) { return el("label", {}, label, " ", input); }

function wiSelect(id, items, chosen) {
  const node = el("select", {id, required: ""}, ...items.map(([value, text]) => el("option", {value}, text)));
  if (chosen !== undefined) node.value = chosen;
  return node;
}

function wiDate(id, value) { return el("input", {id, type: "date", required: "", value: value || ""}); }

function wiCampaignSelect(onChange) {
  const node = wiSelect("wi-campaign", WI.doc.campaigns.map(k => [k.id, `${k.id} (${k.brand})`]));
  if (onChange) node.addEventListener("change", onChange);
  return node;
}

function wiCampaignOf(id) { return WI.doc.campaigns.find(k => k.id === id); }

function drawFields() {
  const kind = document.getElementById("whatif-kind").value;
  const out = document.getElementById("whatif-fields");
  if (kind === "window" || kind === "launch") {
    const fill = () => {
      const k = wiCampaignOf(document.getElementById("wi-campaign").value);
      const range = (kind === "window" ? k.window : k.launch) || {};
      document.getElementById("wi-start").value = range.start || "";
      document.getElementById("wi-end").value = range.end || "";
    };
    out.replaceChildren(wiField("Campaign", wiCampaignSelect(fill)), wiField("From", wiDate("wi-start")),
                        wiField("To", wiDate("wi-end")));
    fill();
  } else if (kind === "budget") {
    const fill = () => {
      const k = wiCampaignOf(document.getElementById("wi-campaign").value);
      document.getElementById("wi-budget").value = k.budget === undefined || k.budget === null ? "" : k.budget;
    };
    out.replaceChildren(wiField("Campaign", wiCampaignSelect(fill)),
                        wiField("Budget", el("input", {id: "wi-budget", type: "number", min: "0", step: "any",
                                                     placeholder: "no budget"})));
    fill();
  } else if (kind === "level") {
    const phases = () => {
      const k = wiCampaignOf(document.getElementById("wi-campaign").value);
      const list = (k.exclusivity && k.exclusivity.phases) || [];
      document.getElementById("wi-phase").replaceChildren(
        ...list.map((p, i) => el("option", {value: String(i)}, `phase ${i + 1}: ${WI_LEVELS[p.level]}`)));
      document.getElementById("wi-add-note").textContent = list.length ? "" : "this campaign has no clause";
    };
    out.replaceChildren(wiField("Campaign", wiCampaignSelect(phases)), wiField("Phase", wiSelect("wi-phase", [])),
                        wiField("New level", wiSelect("wi-level", Object.entries(WI_LEVELS))),
                        el("span", {id: "wi-add-note", class: "muted"}));
    phases();
  } else if (kind === "drop") {
    out.replaceChildren(wiField("Creator", wiSelect("wi-creator", WI.doc.creators.map(c => [c.id, c.id]))));
  } else {
    out.replaceChildren(
      wiField("Id", el("input", {id: "wi-id", required: "", pattern: "[A-Za-z0-9][A-Za-z0-9._-]*", maxlength: "64"})),
      el("fieldset", {class: "inline"}, el("legend", {}, "Platforms"),
         ...(WI.doc.platforms || []).map(p => el("label", {class: "check"},
                                                  el("input", {type: "checkbox", name: "wi-platform", value: p}), p))),
      ...(WI.doc.regions || []).map(r => wiField(`Audience in ${r}`, el("input", {id: `wi-aud-${r}`, "data-region": r,
                                                                               type: "number", min: "0", step: "1"}))),
      wiField("Engagement rate", el("input", {id: "wi-rate", type: "number", min: "0", max: "1", step: "any", required: ""})),
      wiField("Fee per post", el("input", {id: "wi-fee", type: "number", min: "0", step: "any", required: ""})));
  }
}

function wiValue(id) { return document.getElementById(id).value.trim(); }

function entryOf(kind) {
  // the change as the planner reads it, and its changes/1 operations
  const k = kind === "drop" || kind === "add" ? null : wiValue("wi-campaign");
  const at = k === null ? "" : `campaigns/${k}`;
  if (kind === "window" || kind === "launch") {
    const range = {start: wiValue("wi-start"), end: wiValue("wi-end")};
    const ops = kind === "window"
      ? [{op: "set", path: `${at}/window/start`, value: range.start}, {op: "set", path: `${at}/window/end`, value: range.end}]
      : [{op: "set", path: `${at}/launch`, value: range}];
    return {words: `move ${k}'s ${kind} to ${range.start} to ${range.end}`, ops};
  }
  if (kind === "budget") {
    const budget = wiValue("wi-budget");
    return budget === ""
      ? {words: `${k}: no budget`, ops: [{op: "remove", path: `${at}/budget`}]}
      : {words: `${k}: budget ${money(Number(budget))}`, ops: [{op: "set", path: `${at}/budget`, value: Number(budget)}]};
  }
  if (kind === "level") {
    const phase = wiValue("wi-phase");
    if (phase === "") throw new Error(`${k} has no clause to change`);
    const level = wiValue("wi-level");
    return {words: `${k}: phase ${Number(phase) + 1} becomes ${WI_LEVELS[level]}`,
            ops: [{op: "set", path: `${at}/exclusivity/phases/${phase}/level`, value: level}]};
  }
  if (kind === "drop") {
    return {words: `drop ${wiValue("wi-creator")}`, ops: [{op: "remove", path: `creators/${wiValue("wi-creator")}`}]};
  }
  const audience = {};
  for (const input of document.querySelectorAll("#whatif-fields [data-region]")) {
    if (input.value.trim() !== "") audience[input.dataset.region] = Number(input.value);
  }
  const platforms = [...document.querySelectorAll("input[name=wi-platform]:checked")].map(i => i.value);
  const creator = {id: wiValue("wi-id"), platforms, audience, engagement_rate: Number(wiValue("wi-rate")),
                   fee_per_post: Number(wiValue("wi-fee"))};
  return {words: `add ${creator.id} (${platforms.join(", ") || "no platform"}, fee ${money(creator.fee_per_post)} a post)`,
          ops: [{op: "add", path: "creators", value: creator}]};
}

function addEntry() {
  if (!document.getElementById("whatif-change").reportValidity()) return;
  WI.entries.push(entryOf(document.getElementById("whatif-kind").value));
  drawEntries();
}

function drawEntries() {
  const list = document.getElementById("whatif-changes");
  list.replaceChildren(...WI.entries.map((entry, i) => el("li", {"data-entry": String(i)}, entry.words, " ",
    el("button", {type: "button", class: "link", "aria-label": `remove the change: ${entry.words}`,
                  onclick: () => { WI.entries.splice(i, 1); drawEntries(); }}, "remove"))));
  document.getElementById("whatif-none").hidden = WI.entries.length > 0;
  document.getElementById("whatif-start").disabled = !WI.entries.length || Boolean(WI.abort);
}

// --- the re-plan ---------------------------------------------------------------------------------------

function changeSet() { return {format: "changes/1", changes: WI.entries.flatMap(e => e.ops)}; }

function entryAt(path) {
  // "changes.changes[3].value": the planner's change that made operation 3
  const m = path.match(/^changes\.changes\[(\d+)\]/);
  if (!m) return null;
  let n = Number(m[1]);
  for (let i = 0; i < WI.entries.length; i++) {
    if (n < WI.entries[i].ops.length) return i;
    n -= WI.entries[i].ops.length;
  }
  return null;
}

async function runWhatIf() {
  const body = {changes: changeSet()};
  const weight = wiValue("whatif-weight"), limit = wiValue("whatif-limit");
  if (weight !== "") body.stability_weight = Number(weight);
  if (limit !== "") body.time_limit_s = Number(limit);
  const response = await api("POST", `/scenarios/${encodeURIComponent(WI.scenario)}/what-if`, JSON.stringify(body));
  const answer = await response.json();
  const out = document.getElementById("whatif-status");
  if (response.status !== 202) {
    const items = (answer.errors || []).map(e => {
      const i = entryAt(e.path);
      return el("li", {}, i === null ? "" : el("strong", {}, `change ${i + 1} (${WI.entries[i].words}): `),
                el("code", {}, e.path), ": " + e.message);
    });
    out.replaceChildren(el("p", {class: "errors"}, answer.detail || `the server answered ${response.status}`),
                        el("ul", {class: "errors"}, ...items));
    return;
  }
  WI.job = answer.id;
  document.getElementById("whatif-result").hidden = true;
  document.getElementById("whatif-start").disabled = true;
  out.replaceChildren(el("p", {}, `job ${answer.id} queued`));
  WI.abort = new AbortController();
  try {
    await jobEvents(answer.id, onWhatIfEvent, WI.abort.signal);
  } finally {
    WI.abort = null;
    document.getElementById("whatif-start").disabled = !WI.entries.length;
  }
}

async function onWhatIfEvent(name, data) {
  const out = document.getElementById("whatif-status");
  if (name === "status") out.replaceChildren(el("p", {}, `job ${data.id} ${data.status}`));
  else if (name === "progress") {
    out.replaceChildren(el("p", {}, `job ${WI.job} running (${data.phase || "solving"}), ${(data.elapsed || 0).toFixed(1)} s: ` +
                                    `incumbent ${money(data.objective)}, bound ${money(data.bound)}`));
  } else if (name === "end") {
    if (data.status !== "done") {
      out.replaceChildren(el("p", {class: "errors"}, `job ${data.id} ${data.status}${data.error ? ": " + data.error : ""}`));
      return;
    }
    out.replaceChildren(el("p", {}, `job ${data.id} done`));
    const diff = await (await api("GET", `/jobs/${encodeURIComponent(data.id)}/result`)).json();
    drawDiff(diff);
  }
}

function wiDays(list) { return list && list.length ? list.join(", ") : ""; }

function drawDiff(diff) {
  const delta = diff.objective_delta === null ? "" : ` (${diff.objective_delta >= 0 ? "+" : ""}${money(diff.objective_delta)})`;
  document.getElementById("whatif-summary").textContent =
    `The re-plan is ${diff.status}, value ${money(diff.objective)}${delta}, fees ${money(diff.fees)} ` +
    `(${diff.fees_delta >= 0 ? "+" : ""}${money(diff.fees_delta)}): ${diff.added.length} added, ${diff.moved.length} moved, ` +
    `${diff.removed.length} removed, ${diff.kept} kept.` + (diff.notes.length ? ` Also: ${diff.notes.join("; ")}.` : "");
  const row = (change, b, before, after) => el("tr", {"data-change": change, "data-creator": b.creator, "data-campaign": b.campaign},
    el("td", {}, el("span", {class: `chg ${change}`}, change)), el("td", {}, b.creator), el("td", {}, b.campaign),
    el("td", {}, wiDays(before)), el("td", {}, wiDays(after)));
  document.querySelector("#whatif-diff tbody").replaceChildren(
    ...diff.added.map(b => row("added", b, [], b.posts)),
    ...diff.moved.map(b => row("moved", b, b.old_posts, b.new_posts)),
    ...diff.removed.map(b => row("removed", b, b.posts, [])));
  document.getElementById("whatif-timeline").href =
    `#/timeline/${encodeURIComponent(WI.scenario)}/${encodeURIComponent(WI.job)}`;
  const accept = document.getElementById("whatif-accept");
  accept.disabled = !["optimal", "feasible"].includes(diff.status);
  accept.dataset.job = WI.job;
  document.getElementById("whatif-accepted").replaceChildren();
  document.getElementById("whatif-result").hidden = false;
}

async function acceptWhatIf() {
  const job = document.getElementById("whatif-accept").dataset.job;
  const response = await api("POST", `/scenarios/${encodeURIComponent(WI.scenario)}/accept`, JSON.stringify({job}));
  const answer = await response.json();
  const out = document.getElementById("whatif-accepted");
  if (!response.ok) {
    out.replaceChildren(el("p", {class: "errors"}, answer.detail || `the server answered ${response.status}`));
    return;
  }
  document.getElementById("whatif-accept").disabled = true;
  out.replaceChildren(el("p", {class: "ok"}, `Stored as version ${answer.version}; the re-plan is its roster of record. `,
                         el("a", {href: `#/timeline/${encodeURIComponent(answer.id)}`}, "Open its timeline")));
  Object.assign(WI, {doc: null, entries: []});
  drawEntries();
  await loadScenario(WI.scenario);
  document.getElementById("whatif-result").hidden = false;  // the diff stays in view with the answer
}

PAGES.whatif = showWhatIf;
