// The Creator brief: what one creator is sent (GET /creators/{id}/brief), a printable page in plain words.
// Her post dates and what she may not promote, where, on which platforms, until when and why; the words come
// from the server (planning.brief, the house's reading of a clause). Nothing of other creators is drawn, and no
// fee: the picker (which lists every creator) is hidden and emptied while a brief is shown.
"use strict";

const BRIEF = {bound: false};

async function showBrief(params, scenarioId, creatorId) {
  bindBrief();
  const asked = location.hash;  // a later navigation wins over this one if its answers come first
  const article = document.getElementById("brief");
  article.hidden = true;
  article.replaceChildren();
  document.getElementById("brief-status").replaceChildren();
  document.getElementById("brief-title").textContent = "Creator brief";
  if (!scenarioId || !creatorId) return showBriefPicker(scenarioId, creatorId);
  const response = await api("GET", `/creators/${encodeURIComponent(creatorId)}/brief?scenario=${encodeURIComponent(scenarioId)}`);
  const brief = await response.json();
  if (!response.ok) throw new Error(brief.detail || `the server answered ${response.status}`);
  if (location.hash !== asked) return;
  rememberScenario(scenarioId);
  const form = document.getElementById("brief-form");
  form.hidden = true;
  document.getElementById("brief-creator").replaceChildren();  // no other creator's id left in the page
  document.getElementById("brief-title").textContent = `Brief for ${brief.creator}`;
  article.replaceChildren(...briefParts(brief));
  article.hidden = false;
}

function bindBrief() {
  if (BRIEF.bound) return;
  BRIEF.bound = true;
  document.getElementById("brief-scenario").addEventListener("change", () => fillBriefCreators().catch(report));
  document.getElementById("brief-form").addEventListener("submit", event => {
    event.preventDefault();
    const sid = document.getElementById("brief-scenario").value;
    const cid = document.getElementById("brief-creator").value;
    if (sid && cid) location.hash = `#/brief/${encodeURIComponent(sid)}/${encodeURIComponent(cid)}`;
  });
}

async function showBriefPicker(scenarioId, creatorId) {
  const form = document.getElementById("brief-form");
  const scenarios = await fillScenarioSelect(document.getElementById("brief-scenario"), scenarioId);
  if (!scenarios.length) {
    form.hidden = true;
    document.getElementById("brief-status").replaceChildren(
      el("p", {}, "No scenario stored yet: upload one on the ", el("a", {href: "#/scenarios"}, "Scenarios"), " page."));
    return;
  }
  await fillBriefCreators(creatorId);
  form.hidden = false;
}

async function fillBriefCreators(creatorId) {
  const sid = document.getElementById("brief-scenario").value;
  const doc = await (await api("GET", `/scenarios/${encodeURIComponent(sid)}`)).json();
  const select = document.getElementById("brief-creator");
  select.replaceChildren(...(doc.creators || []).map(c => el("option", {value: c.id}, c.id)));
  if (creatorId) select.value = creatorId;
}

// --- the brief -----------------------------------------------------------------------------------

function briefParts(brief) {
  return [
    el("p", {class: "brief-season"}, seasonWords(brief)),
    el("div", {class: "brief-actions buttons"},
       el("button", {type: "button", id: "brief-ics", onclick: () => downloadIcs(brief).catch(report)},
          "Download the calendar (.ics)"),
       el("button", {type: "button", id: "brief-print", onclick: () => window.print()}, "Print"),
       el("a", {href: `#/brief/${encodeURIComponent(brief.scenario)}`, class: "brief-other"}, "Another creator")),
    el("h2", {}, "Your posts"),
    postTable(brief.posts),
    el("h2", {}, "What you may not promote"),
    el("p", {class: "muted"}, "Posts for the brand of the booking itself are always fine."),
    restrictionList(brief.restrictions),
    el("p", {class: "brief-ics-note muted"},
       "The calendar file has every post day and every period above; add it to your calendar app."),
  ];
}

function seasonWords(brief) {
  const season = brief.scenario_name || brief.scenario;
  const plan = brief.roster_job ? "dates from the season's plan as it stands"
                                : "no plan yet: only your existing deals and signed bookings";
  return `Season: ${season} (version ${brief.scenario_version}); ${plan}.`;
}

function postTable(posts) {
  if (!posts.length) return el("p", {id: "brief-posts"}, "No posts booked.");
  return el("div", {class: "table-scroll"}, el("table", {id: "brief-posts"},
    el("thead", {}, el("tr", {}, ...["Date", "Day", "Brand", "Campaign or deal", "Note"].map(h => el("th", {scope: "col"}, h)))),
    el("tbody", {}, ...posts.map(p => el("tr", {"data-day": p.day, class: p.signed ? "fixed" : ""},
      el("td", {}, el("time", {datetime: p.day}, p.day)), el("td", {}, p.weekday), el("td", {}, p.brand),
      el("td", {}, p.campaign || p.commitment), el("td", {}, p.note))))));
}

function restrictionList(restrictions) {
  if (!restrictions.length) return el("p", {id: "brief-rules"}, "Nothing: no clause binds you this season.");
  return el("ol", {id: "brief-rules"}, ...restrictions.map(restriction));
}

function restriction(r) {
  const rows = [
    ["No posts for", r.blocked],
    ...coveredRows(r),
    ["Where", r.regions.join(", ")],
    ["Platforms", r.platforms ? r.platforms.join(", ") : "every platform"],
    ...(r.exceptions.length ? [["Still allowed", r.exceptions.join(", ")]] : []),
    ["Why", r.why],
  ];
  return el("li", {class: `brief-rule level-${r.level}`, "data-start": r.start, "data-end": r.end, "data-with": r.with},
    el("h3", {}, el("time", {datetime: r.start}, r.start), " to ", el("time", {datetime: r.end}, r.end),
       `: ${r.level_words}`),
    el("dl", {class: "facts"}, ...rows.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)])));
}

function coveredRows(r) {
  // The house's words made concrete: which brands and categories the season names.
  const rows = [["Competitors", r.competitors.length ? r.competitors.join(", ") : "none named this season"]];
  if (r.categories.length) rows.push(["Same or related categories", r.categories.join(", ")]);
  if (r.adjacent.length) rows.push(["Adjacent categories", r.adjacent.join(", ")]);
  return rows;
}

async function downloadIcs(brief) {
  // Fetched with api(): the server may need its key, which a plain link cannot send.
  const response = await api("GET", brief.calendar);
  if (!response.ok) {
    const answer = await response.json();
    throw new Error(answer.detail || `the server answered ${response.status}`);
  }
  const link = el("a", {href: URL.createObjectURL(await response.blob()), download: `${brief.creator}.ics`});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

PAGES.brief = showBrief;
