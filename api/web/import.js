// Scenarios page: creators in from a planner's sheet (POST /scenarios/{id}/creators/import).
// Uses app.js's api, el, report, fillScenarioSelect and showScenarios.

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function sheetType(file) {
  return /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE ? XLSX_TYPE : "text/csv";
}

function idsLine(label, ids) {
  return el("li", {"data-change": label}, `${label} ${ids.length}: `, ids.length ? ids.join(", ") : "none");
}

async function importCreators(event) {
  event.preventDefault();
  const select = document.getElementById("import-scenario");
  const file = document.getElementById("import-file").files[0];
  const out = document.getElementById("import-result");
  if (!select.value || !file) {
    out.replaceChildren(el("p", {class: "errors"}, "choose a stored scenario and a .csv or .xlsx sheet first"));
    return;
  }
  const response = await api("POST", `/scenarios/${encodeURIComponent(select.value)}/creators/import`, file,
                             sheetType(file));
  const answer = await response.json();
  if (response.ok) {
    out.replaceChildren(
      el("p", {class: "ok"}, `${file.name}: ${answer.id} is now at version ${answer.version}`),
      el("ul", {class: "import-ids"}, idsLine("added", answer.added), idsLine("updated", answer.updated),
         idsLine("unchanged", answer.unchanged)));
    document.getElementById("import-file").value = "";
    await showScenarios();
    return;
  }
  // Each error names its cell: "row 4, column fee_per_post" (an .xlsx adds the column letter).
  const items = (answer.errors || []).map(issue =>
    el("li", {}, el("code", {}, issue.path || file.name), ": " + issue.message));
  out.replaceChildren(el("p", {class: "errors"}, `${file.name}: ${answer.detail || "the server answered " + response.status}`),
                      el("ul", {class: "errors"}, ...items));
}

async function refreshImportScenarios() {
  const select = document.getElementById("import-scenario");
  await fillScenarioSelect(select, select.value);
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("import-creators").addEventListener("submit", e => importCreators(e).catch(report));
  // The scenario list changes on upload, delete, import and when the page opens: follow its table.
  const table = document.querySelector("#scenario-table tbody");
  new MutationObserver(() => refreshImportScenarios().catch(report)).observe(table, {childList: true});
});
