// The Campaign page: its bookings, budget use, staffing, must-haves and clause in words.
// Figures come from the timeline document (the plain rules on the server); the must-haves from the scenario.
"use strict";

async function showCampaign(params, scenarioId, campaignId, jobId) {
  const body = document.getElementById("campaign-body");
  const statusLine = document.getElementById("campaign-status");
  const asked = location.hash;  // a later navigation wins over this one if its answers come first
  statusLine.replaceChildren();
  body.replaceChildren();
  scenarioId = currentScenario(scenarioId);
  if (!scenarioId) {
    document.getElementById("campaign-title").textContent = "Campaigns";
    body.replaceChildren(el("p", {}, "Choose a scenario on the ", el("a", {href: "#/scenarios"}, "Scenarios"),
                            " page first."));
    return;
  }
  const sid = encodeURIComponent(scenarioId);
  if (!campaignId) return listCampaigns(scenarioId);
  const query = jobId ? `?job=${encodeURIComponent(jobId)}` : "";
  const [timelineResponse, scenarioResponse] = await Promise.all([
    api("GET", `/scenarios/${sid}/timeline${query}`), api("GET", `/scenarios/${sid}`)]);
  const timeline = await timelineResponse.json();
  if (!timelineResponse.ok) throw new Error(timeline.detail || `the server answered ${timelineResponse.status}`);
  const scenario = await scenarioResponse.json();
  if (location.hash !== asked) return;
  const k = timeline.campaigns.find(c => c.id === campaignId);
  const spec = (scenario.campaigns || []).find(c => c.id === campaignId);
  if (!k || !spec) throw new Error(`scenario ${scenarioId} has no campaign ${campaignId}`);
  document.getElementById("campaign-title").textContent = `Campaign ${k.id}`;
  const bookings = timeline.creators.flatMap(c => c.bookings.filter(b => b.campaign === k.id).map(b => ({creator: c.id, ...b})));
  const onTimeline = `#/timeline/${sid}${jobId ? "/" + encodeURIComponent(jobId) : ""}?campaign=${encodeURIComponent(k.id)}`;
  body.replaceChildren(
    el("p", {}, `${k.brand}, ${k.category}; ${k.path}. `,
       timeline.roster ? `Roster of job ${timeline.roster.job} (${timeline.roster.status}). `
                       : "No roster yet: the signed bookings are shown. ",
       el("a", {href: onTimeline}, "See it on the timeline")),
    facts(k, spec),
    el("h2", {}, "Clause"), el("p", {id: "campaign-clause"}, k.clause),
    el("h2", {}, "Budget"), budget(k),
    el("h2", {}, "Staffing"), staffing(k),
    el("h2", {}, "Must-haves"), mustHaves(k, spec, bookings),
    el("h2", {}, "Bookings"), el("div", {class: "table-scroll"}, bookingTable(k, bookings)));
}

async function listCampaigns(scenarioId) {
  const response = await api("GET", `/scenarios/${encodeURIComponent(scenarioId)}/timeline`);
  const timeline = await response.json();
  if (!response.ok) throw new Error(timeline.detail || `the server answered ${response.status}`);
  document.getElementById("campaign-title").textContent = `Campaigns of ${timeline.scenario || scenarioId}`;
  document.getElementById("campaign-body").replaceChildren(el("ul", {id: "campaign-list"}, ...timeline.campaigns.map(k =>
    el("li", {}, el("a", {href: campaignHref(scenarioId, k.id)}, k.id),
       ` (${k.brand}): ${k.creators.length} booked, fees ${money(k.fees)}` +
       (k.budget === null ? "" : ` of ${money(k.budget)}`)))));
}

function campaignHref(scenarioId, campaignId, jobId) {
  return `#/campaign/${encodeURIComponent(scenarioId)}/${encodeURIComponent(campaignId)}` +
         (jobId ? `/${encodeURIComponent(jobId)}` : "");
}

function facts(k, spec) {
  const rows = [
    ["Window", `${k.window.start} to ${k.window.end}`],
    ["Launch", k.launch ? `${k.launch.start} to ${k.launch.end}` : "none"],
    ["Regions", spec.regions.join(", ")],
    ["Platforms", spec.platforms.join(", ")],
    ["Posts per creator", String(spec.posts_per_creator || 1) +
      (spec.min_days_between_posts > 1 ? `, at least ${spec.min_days_between_posts} days apart` : "")],
  ];
  return el("dl", {class: "facts"}, ...rows.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
}

function budget(k) {
  if (k.budget === null) return el("p", {id: "campaign-budget"}, `No budget; booked fees ${money(k.fees)}.`);
  const share = k.budget ? (100 * k.fees / k.budget).toFixed(1) : "0.0";
  return el("p", {id: "campaign-budget"},
    el("meter", {min: "0", max: String(k.budget), value: String(k.fees), "aria-label": "budget used"}),
    ` fees ${money(k.fees)} of ${money(k.budget)} (${share}%), ${money(k.budget - k.fees)} left; value ${money(k.value)}.`);
}

function staffing(k) {
  const wanted = k.staffing_max ? `${k.staffing_min} to ${k.staffing_max}` : `at least ${k.staffing_min}`;
  const enough = k.creators.length >= k.staffing_min;
  const state = !k.creators.length ? "not staffed" : enough ? "staffed" : "under-staffed";
  return el("p", {id: "campaign-staffing", class: enough ? "ok" : "errors"},
            `${state}: ${k.creators.length} creator${k.creators.length === 1 ? "" : "s"} booked, wants ${wanted}` +
            (k.required ? "; the campaign is required" : "") + ".");
}

function mustHaves(k, spec, bookings) {
  const booked = new Set(bookings.map(b => b.creator));
  const items = [];
  const mark = (ok, text) => items.push(el("li", {class: ok ? "ok" : "errors"}, `${ok ? "kept" : "not kept"}: ${text}`));
  if (k.required) mark(k.creators.length >= k.staffing_min, "the campaign must be staffed");
  for (const c of spec.required_creators || []) mark(booked.has(c), `${c} must be booked`);
  for (const s of spec.locked || []) {
    const b = bookings.find(x => x.creator === s.creator);
    mark(Boolean(b && b.signed), `signed booking of ${s.creator} on ${s.posts.join(", ")}`);
  }
  for (const c of spec.excluded_creators || []) mark(!booked.has(c), `${c} is never booked (deal-breaker)`);
  if (spec.min_launch_posts) {
    const launch = k.launch;
    const inLaunch = launch ? bookings.reduce((n, b) => n + b.posts.filter(d => d >= launch.start && d <= launch.end).length, 0) : 0;
    mark(inLaunch >= spec.min_launch_posts, `at least ${spec.min_launch_posts} posts in the launch (${inLaunch} booked)`);
  }
  for (const [c, bonus] of Object.entries(spec.preferred_creators || {})) {
    items.push(el("li", {}, `nice to have: ${c} (bonus ${money(Number(bonus))}), ${booked.has(c) ? "booked" : "not booked"}`));
  }
  if (!items.length) return el("p", {id: "campaign-musts"}, "None: no required creators, signed bookings or deal-breakers.");
  return el("ul", {id: "campaign-musts"}, ...items);
}

function bookingTable(k, bookings) {
  if (!bookings.length) return el("p", {}, "No bookings.");
  const head = ["Creator", "Posts", "Base fee", "Premium", "Fee", "Value", "Clause as booked"];
  const total = key => bookings.reduce((n, b) => n + b[key], 0);
  return el("table", {id: "campaign-bookings"},
    el("thead", {}, el("tr", {}, ...head.map((h, i) => el("th", {scope: "col", class: i >= 2 && i <= 5 ? "num" : ""}, h)))),
    el("tbody", {}, ...bookings.map(b => el("tr", {"data-creator": b.creator},
      el("td", {}, b.creator + (b.signed ? " (signed)" : "")), el("td", {}, b.posts.join(", ")),
      el("td", {class: "num"}, money(b.base_fee)), el("td", {class: "num"}, money(b.premium)),
      el("td", {class: "num"}, money(b.fee)), el("td", {class: "num"}, money(b.value)), el("td", {}, b.clause)))),
    el("tfoot", {}, el("tr", {}, el("th", {scope: "row"}, "Total"), el("td", {}, ""),
      el("td", {class: "num"}, money(total("base_fee"))), el("td", {class: "num"}, money(total("premium"))),
      el("td", {class: "num"}, money(total("fee"))), el("td", {class: "num"}, money(total("value"))), el("td", {}, ""))));
}

PAGES.campaign = showCampaign;
