// creator-roster's web app: plain JavaScript, no build step, every asset served by the package.
"use strict";

const KEY = "creator-roster-api-key";  // sessionStorage: for this tab only

class NeedsKey extends Error {}

async function api(method, path, body, contentType, signal) {
  const headers = {};
  const key = sessionStorage.getItem(KEY);
  if (key) headers["Authorization"] = "Bearer " + key;
  if (body !== undefined) headers["Content-Type"] = contentType || "application/json";
  const response = await fetch(path, {method, headers, body, signal});
  if (response.status === 401) {
    showKeyForm();
    throw new NeedsKey("the server needs its API key");
  }
  return response;
}

function showKeyForm() {
  document.getElementById("key-form").hidden = false;
  document.getElementById("key-input").focus();
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "onclick") node.addEventListener("click", value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function jobEvents(jobId, onEvent, signal) {
  // A job's server-sent events (GET /jobs/{id}/events), read through fetch: EventSource cannot send the API key.
  const response = await api("GET", `/jobs/${encodeURIComponent(jobId)}/events`, undefined, undefined, signal);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const {value, done} = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = {name: "message", data: ""};
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event.name = line.slice(6).trim();
        else if (line.startsWith("data:")) event.data += line.slice(5).trim();
      }
      if (event.data) await onEvent(event.name, JSON.parse(event.data));
    }
  }
}

function svgEl(tag, attrs, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// The scenario the planner is working on, remembered for the tab: the pages open on it.
const CURRENT_SCENARIO = "creator-roster-timeline";

function currentScenario(asked) { return asked || sessionStorage.getItem(CURRENT_SCENARIO) || ""; }

function rememberScenario(id) { sessionStorage.setItem(CURRENT_SCENARIO, id); }

async function fillScenarioSelect(select, asked) {
  // The stored scenarios as the select's options, the current one chosen; returns them.
  const scenarios = await (await api("GET", "/scenarios")).json();
  select.replaceChildren(...scenarios.map(s => el("option", {value: s.id}, `${s.name || "(no name)"} (${s.id})`)));
  const chosen = currentScenario(asked);
  if (chosen && scenarios.some(s => s.id === chosen)) select.value = chosen;
  return scenarios;
}

function money(n) { return n === null || n === undefined ? "none" : n.toLocaleString("en-US"); }

// --- pages -------------------------------------------------------------------------------

const PAGES = {scenarios: showScenarios};

function route() {
  // #/page/arg/arg?key=value: the page's name, what it shows (a scenario id, a job id, URL-encoded), and
  // settings of the page (a filter); the page is called as PAGES[name](params, ...args)
  const [where, query] = (location.hash.replace(/^#\/?/, "") || "scenarios").split("?");
  const [name, ...args] = where.split("/");
  const page = PAGES[name] ? name : "scenarios";
  for (const section of document.querySelectorAll("main > section[id^='page-']")) {
    section.hidden = section.id !== "page-" + page;
  }
  for (const link of document.querySelectorAll("nav a[data-page]")) {
    link.hidden = !PAGES[link.dataset.page];  // a page whose script is not loaded is not offered
    if (link.dataset.page === page) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  PAGES[page](new URLSearchParams(query || ""), ...args.map(decodeURIComponent)).catch(report);
}

function report(error) {
  // An error of a page shows in the page: in its status line (the first [role=status] of the visible page).
  if (error instanceof NeedsKey) return;
  const visible = document.querySelector("main > section[id^='page-']:not([hidden]) [role=status]");
  const out = visible || document.getElementById("upload-result");
  out.replaceChildren(el("p", {class: "errors"}, String(error.message || error)));
}

// --- scenarios ---------------------------------------------------------------------------

async function showScenarios() {
  const response = await api("GET", "/scenarios");
  const scenarios = await response.json();
  scenarios.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  const body = document.querySelector("#scenario-table tbody");
  body.replaceChildren(...scenarios.map(scenarioRow));
  document.getElementById("no-scenarios").hidden = scenarios.length > 0;
}

function scenarioRow(s) {
  const label = s.name || s.id;
  return el("tr", {"data-scenario": s.id},
    el("td", {}, s.name || "(no name)"),
    el("td", {}, el("code", {}, s.id)),
    el("td", {}, String(s.version)),
    el("td", {}, s.updated_at.replace("T", " ").slice(0, 19)),
    el("td", {},
      el("a", {href: `#/timeline/${encodeURIComponent(s.id)}`, class: "button", "aria-label": "timeline of " + label},
         "Timeline"),
      " ",
      el("button", {type: "button", "aria-label": "versions of " + label, onclick: () => showVersions(s)}, "Versions"),
      " ",
      el("button", {type: "button", class: "danger", "aria-label": "delete " + label,
                    onclick: () => deleteScenario(s)}, "Delete")));
}

async function showVersions(s) {
  const versions = await (await api("GET", `/scenarios/${encodeURIComponent(s.id)}/versions`)).json();
  document.getElementById("versions-title").textContent = `Versions of ${s.name || s.id}`;
  document.getElementById("version-list").replaceChildren(
    ...versions.map(v => el("li", {}, `version ${v.version}, stored ${v.created_at.replace("T", " ").slice(0, 19)} UTC`)));
  document.getElementById("versions").hidden = false;
}

async function deleteScenario(s) {
  if (!confirm(`Delete ${s.name || s.id}? Its versions and jobs are kept, hidden.`)) return;
  const response = await api("DELETE", `/scenarios/${encodeURIComponent(s.id)}`);
  const out = document.getElementById("upload-result");
  if (response.status === 204) out.replaceChildren(el("p", {class: "ok"}, `deleted ${s.name || s.id}`));
  await showScenarios();
}

// --- upload: errors by field path, next to the text they are about -------------------------

function looksJson(text) { return /^\s*[{[]/.test(text); }

function lineOf(text, issue) {
  // The line the issue is about: the value it quotes, else the last field name of its path.
  const lines = text.split(/\r?\n/);
  const quoted = issue.message.match(/'([^']+)'/);
  const names = issue.path.split(/[.[\]"]+/).filter(p => p && !/^\d+$/.test(p));
  const needles = [];
  if (quoted) needles.push(quoted[1]);
  if (names.length) needles.push(looksJson(text) ? `"${names[names.length - 1]}"` : `${names[names.length - 1]}:`);
  for (const needle of needles) {
    const n = lines.findIndex(line => line.includes(needle));
    if (n >= 0) return {number: n + 1, text: lines[n].trim()};
  }
  return null;
}

async function upload(event) {
  event.preventDefault();
  const file = document.getElementById("upload-file").files[0];
  const text = file ? await file.text() : document.getElementById("upload-text").value;
  const out = document.getElementById("upload-result");
  if (!text.trim()) {
    out.replaceChildren(el("p", {class: "errors"}, "choose a file or paste a scenario first"));
    return;
  }
  const response = await api("POST", "/scenarios", text, looksJson(text) ? "application/json" : "application/yaml");
  const answer = await response.json();
  if (response.status === 201) {
    out.replaceChildren(el("p", {class: "ok"}, `stored as ${answer.id}, version ${answer.version}`));
    document.getElementById("upload").reset();
    await showScenarios();
    return;
  }
  const items = (answer.errors || []).map(issue => {
    const where = lineOf(text, issue);
    return el("li", {},
      el("code", {}, issue.path || "(the document)"), ": " + issue.message,
      ...(where ? [el("div", {class: "excerpt", "aria-label": `line ${where.number}`},
                      `line ${where.number}: ${where.text}`)] : []));
  });
  out.replaceChildren(el("p", {class: "errors"}, answer.detail || `the server answered ${response.status}`),
                      el("ul", {class: "errors"}, ...items));
}

// --- start -----------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("upload").addEventListener("submit", e => upload(e).catch(report));
  document.getElementById("key").addEventListener("submit", event => {
    event.preventDefault();
    sessionStorage.setItem(KEY, document.getElementById("key-input").value.trim());
    document.getElementById("key-form").hidden = true;
    route();
  });
  window.addEventListener("hashchange", route);
  route();
});
