// The Monitor page: published posts (a CSV or JSON file, parsed here into POST /monitor's body) checked for
// breaches of the commitments and the roster of record's clauses; the alerts tabled, each creator linked to her
// row on the timeline. A bad CSV cell is named by row and column before anything is sent.
"use strict";

const MONITOR = {bound: false, asked: 0};
const MONITOR_COLUMNS = ["creator", "day", "brand", "category", "regions", "platforms"];

class PostsError extends Error {}  // the file cannot be read: nothing is sent

async function showMonitor(params, scenarioId) {
  // #/monitor/SCENARIO
  bindMonitor();
  await fillScenarioSelect(document.getElementById("monitor-scenario"), scenarioId);
  scenarioPicked();
}

function bindMonitor() {
  if (MONITOR.bound) return;
  MONITOR.bound = true;
  document.getElementById("monitor-scenario").addEventListener("change", scenarioPicked);
  document.getElementById("monitor-form").addEventListener("submit", event => {
    event.preventDefault();
    runMonitor().catch(report);
  });
}

function scenarioPicked() {
  const sid = document.getElementById("monitor-scenario").value;
  if (!sid) return;
  rememberScenario(sid);
  document.getElementById("nav-monitor").href = `#/monitor/${encodeURIComponent(sid)}`;
}

// --- reading the file -----------------------------------------------------------------------------

function csvRecords(text) {
  // RFC 4180: fields split by commas, quoted fields may hold commas, quotes ("") and line breaks.
  // Each record keeps the row number it starts on (a spreadsheet's: the first line is row 1).
  const records = [];
  let record = [], field = "", quoted = false, row = 1, startRow = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === "\n") row++; field += ch; }
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { record.push(field); field = ""; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push({row: startRow, cells: record});
      record = []; field = ""; row++; startRow = row;
    } else field += ch;
  }
  if (quoted) throw new PostsError(`row ${startRow}: a quoted cell is never closed`);
  if (field || record.length) { record.push(field); records.push({row: startRow, cells: record}); }
  return records.filter(r => r.cells.some(c => c.trim()));  // blank lines are skipped
}

function monitorRealDay(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

function postsFromCsv(text) {
  const [header, ...rows] = csvRecords(text);
  if (!header) throw new PostsError("the CSV is empty: it needs a header row and one row per post");
  const names = header.cells.map(c => c.trim().toLowerCase());
  const missing = MONITOR_COLUMNS.filter(c => !names.includes(c));
  if (missing.length) throw new PostsError(`row 1 (the header): no column ${missing.join(", ")}; the columns are ${MONITOR_COLUMNS.join(",")}`);
  const unknown = names.filter(n => !MONITOR_COLUMNS.includes(n));
  if (unknown.length) throw new PostsError(`row 1 (the header): unknown column ${unknown.join(", ")}`);
  const rowOf = [];
  const posts = rows.map(r => {
    if (r.cells.length !== names.length) {
      throw new PostsError(`row ${r.row}: ${r.cells.length} cells, the header has ${names.length}`);
    }
    const cell = name => r.cells[names.indexOf(name)].trim();
    const fail = (name, why) => { throw new PostsError(`row ${r.row}, column ${name}: ${why}`); };
    const post = {};
    for (const name of ["creator", "brand", "category"]) post[name] = cell(name) || fail(name, "empty");
    post.day = cell("day");
    if (!monitorRealDay(post.day)) fail("day", `'${post.day}' is not a real date written YYYY-MM-DD`);
    for (const name of ["regions", "platforms"]) {
      post[name] = cell(name).split(/[;|]/).map(s => s.trim()).filter(Boolean);
      if (!post[name].length) fail(name, "empty: one or more ids, separated by ; or |");
    }
    rowOf.push(r.row);
    return post;
  });
  if (!posts.length) throw new PostsError("the CSV has a header but no post");
  return {posts, rowOf};
}

function postsFromJson(text) {
  let doc;
  try { doc = JSON.parse(text); } catch (error) { throw new PostsError(`not valid JSON: ${error.message}`); }
  const posts = Array.isArray(doc) ? doc : doc && Array.isArray(doc.posts) ? doc.posts : null;
  if (!posts) throw new PostsError('the JSON must be a list of posts or {"posts": [...]}');
  const bad = posts.findIndex(p => !p || typeof p !== "object" || Array.isArray(p));
  if (bad >= 0) throw new PostsError(`posts[${bad}]: a post is an object {"creator", "day", "brand", ...}`);
  return {posts, rowOf: null};  // the server checks each field and names it (posts[i].day)
}

async function readPosts() {
  const file = document.getElementById("monitor-file").files[0];
  const text = file ? await file.text() : document.getElementById("monitor-text").value;
  if (!text.trim()) throw new PostsError("choose a file or paste the posts first");
  const json = file ? /\.json$/i.test(file.name) || /^\s*[[{]/.test(text) : /^\s*[[{]/.test(text);
  return json ? postsFromJson(text) : postsFromCsv(text.replace(/^\uFEFF/, ""));  // a spreadsheet's BOM is no header
}

// --- the check ----------------------------------------------------------------------------------------

async function runMonitor() {
  const errors = document.getElementById("monitor-errors");
  const status = document.getElementById("monitor-status");
  errors.replaceChildren();
  status.replaceChildren();
  document.getElementById("monitor-result").hidden = true;
  let read;
  try {
    read = await readPosts();
  } catch (error) {
    if (!(error instanceof PostsError)) throw error;
    errors.replaceChildren(el("p", {class: "errors"}, "Nothing was sent: ", error.message));
    return;
  }
  const sid = document.getElementById("monitor-scenario").value;
  const asked = ++MONITOR.asked;
  status.replaceChildren(el("p", {}, `checking ${read.posts.length} posts…`));
  const response = await api("POST", "/monitor", JSON.stringify({scenario: sid, posts: read.posts}));
  const answer = await response.json();
  if (asked !== MONITOR.asked) return;
  status.replaceChildren();
  if (!response.ok) {
    showMonitorErrors(response, answer, read.rowOf);
    return;
  }
  showAlerts(sid, read, answer);
}

function showMonitorErrors(response, answer, rowOf) {
  // posts[i].creator -> CSV row of post i, so the planner finds the line in the file
  const items = (answer.errors || []).map(issue => {
    const m = /^posts\[(\d+)\]/.exec(issue.path || "");
    const where = m && rowOf ? ` (CSV row ${rowOf[Number(m[1])]})` : "";
    return el("li", {"data-path": issue.path || ""}, el("code", {}, issue.path || "(the request)"), where + ": " + issue.message);
  });
  document.getElementById("monitor-errors").replaceChildren(
    el("p", {class: "errors"}, answer.detail || `the server answered ${response.status}`), el("ul", {class: "errors"}, ...items));
}

function showAlerts(sid, read, answer) {
  document.getElementById("monitor-result").hidden = false;
  const breaches = answer.alerts.reduce((n, a) => n + a.breaches.length, 0);
  const roster = answer.roster_job ? `the roster of job ${answer.roster_job}` : "no roster yet (commitments and signed bookings only)";
  document.getElementById("monitor-summary").textContent = monitorSummaryWords(read.posts.length, answer, breaches, roster);
  document.getElementById("monitor-none").hidden = answer.alerts.length > 0;
  document.getElementById("monitor-alerts").hidden = !answer.alerts.length;
  document.querySelector("#monitor-alerts tbody").replaceChildren(...answer.alerts.map(a => alertRow(sid, a, read.rowOf)));
}

function monitorSummaryWords(checked, answer, breaches, roster) {
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  return `${plural(checked, "post", "posts")} checked against version ${answer.scenario_version} and ${roster}: ` +
         `${plural(answer.alerts.length, "post breaches", "posts breach")} a clause ` +
         `(${plural(breaches, "breach", "breaches")} in all), ${checked - answer.alerts.length} clean.`;
}

function alertRow(sid, a, rowOf) {
  const timeline = `#/timeline/${encodeURIComponent(sid)}?creator=${encodeURIComponent(a.creator)}`;
  return el("tr", {"data-post": String(a.post)},
    el("td", {class: "num"}, String(a.post + 1), rowOf ? el("div", {class: "muted"}, `CSV row ${rowOf[a.post]}`) : ""),
    el("td", {}, el("a", {href: timeline, "aria-label": `${a.creator} on the timeline`}, a.creator)),
    el("td", {}, a.day),
    el("td", {}, el("ul", {}, ...a.breaches.map(b => el("li", {"data-with": b.with, "data-phase": b.phase},
      el("span", {class: "message"}, b.message), " ", el("code", {class: "phase"}, b.phase))))));
}

PAGES.monitor = showMonitor;
