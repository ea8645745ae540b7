// The verifier page: reads a badge (or a teacher's presentation of badges) the person drops,
// picks or pastes, verifies it with the WebAssembly build of the `openbadges` crate, and shows
// the result in plain words.
// Every value from the badge is written with textContent (never as HTML).
import init, { verify, needs, registerDocument } from "./pkg/openbadges_web.js";

const $ = (id) => document.getElementById(id);

/** The last badge checked, so that adding a document can check it again. */
let current = null;

/** The outcome in plain words, and how it reads: good, bad or a warning. */
function headline(report) {
  const display = report.display || {};
  const date = (text) => (text ? formatDate(text) : "an unknown date");
  switch (report.outcome) {
    case "VERIFIED": return ["Authentic and current", "good"];
    case "FORGED": return ["Altered after it was signed", "bad"];
    case "EXPIRED": return [`Expired on ${date(display.expires)}`, "warn"];
    case "NOT_YET_VALID": return [`Not valid until ${date(display.issued)}`, "warn"];
    case "REVOKED": return ["Revoked by the issuer", "bad"];
    case "SUSPENDED": return ["Suspended by the issuer", "warn"];
    case "KEY_UNAVAILABLE": return ["We could not get the issuer's key", "warn"];
    case "UNBOUND_KEY": return ["Signed with a key the issuer does not list", "bad"];
    case "STATUS_UNAVAILABLE": return ["We could not check whether it was revoked", "warn"];
    case "RECIPIENT_MISMATCH": return ["Issued to someone else", "bad"];
    case "INVALID": return ["Does not meet the Open Badges rules", "bad"];
    case "NOT_AN_OPEN_BADGE": return ["This is not an Open Badge", "bad"];
    case "UNREADABLE": return ["We could not read this file", "bad"];
    default: return [report.summary || String(report.outcome), "warn"];
  }
}

/** A presentation's outcome in plain words, and how it reads. */
function presentationHeadline(report) {
  const count = (report.credentials || []).length;
  const badges = count === 1 ? "the badge" : `all ${count} badges`;
  switch (report.outcome) {
    case "VERIFIED": return [`Authentic presentation: ${badges} check out`, "good"];
    case "FORGED": return ["The holder's signature does not check out", "bad"];
    case "KEY_UNAVAILABLE": return ["We could not get the holder's key", "warn"];
    case "WRONG_CHALLENGE": return ["Not an answer to the challenge you sent", "bad"];
    case "WRONG_DOMAIN": return ["Made for another domain than yours", "bad"];
    case "UNBOUND_HOLDER": return ["Signed by someone other than the holder it names", "bad"];
    case "INVALID": return ["Does not meet the rules for presentations", "bad"];
    case "CREDENTIAL_NOT_VERIFIED": return ["A badge in it does not check out", "bad"];
    case "SUBJECT_NOT_HOLDER": return ["A badge in it was issued to someone else", "bad"];
    case "NOT_A_PRESENTATION": return ["This is not a presentation of badges", "bad"];
    case "UNREADABLE": return ["We could not read this file", "bad"];
    default: return [report.summary || String(report.outcome), "warn"];
  }
}

/** One line per presented badge: its outcome, what it is, who issued it, whose it is. */
function showPresentation(report) {
  setText("holder", report.holder ? `Presented by ${report.holder}` : "The presentation names no holder.");
  const list = $("presented");
  list.replaceChildren();
  for (const presented of report.credentials || []) {
    const credential = presented.report || {};
    const display = credential.display || {};
    const [words, tone] = headline(credential);
    const item = document.createElement("li");
    const status = document.createElement("strong");
    status.className = tone;
    status.textContent = words;
    const name = document.createElement("span");
    name.className = "presented-name";
    name.textContent = display.achievement_name || "A badge without a name";
    const about = document.createElement("span");
    about.className = "presented-about";
    const issuer = [display.issuer_name, display.issuer_id].filter(Boolean).join(" — ");
    const whose = presented.bound_to_holder === true ? "issued to the holder"
      : presented.bound_to_holder === false ? "issued to someone else" : "recipient not named by id";
    about.textContent = `${issuer ? `by ${issuer}, ` : ""}${display.issued ? `${formatDate(display.issued)}, ` : ""}${whose}`;
    item.append(status, name, about);
    list.append(item);
  }
}

function formatDate(text) {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return date.toLocaleDateString("en", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

function setText(id, text) {
  $(id).textContent = text || "—";
}

let imageObjectUrl = null;

function showImage(display, bytes) {
  const img = $("badge-image");
  const note = $("image-note");
  img.hidden = true;
  note.hidden = true;
  if (imageObjectUrl) {
    URL.revokeObjectURL(imageObjectUrl);
    imageObjectUrl = null;
  }
  const image = display && display.image;
  if (!image) return;
  let source = image.kind === "baked" ? image.data_uri : image.url;
  if (image.kind === "digest" && typeof image.mime === "string" && image.mime.startsWith("image/")) {
    // Too large to inline in the report: the dropped file is the image, shown from memory.
    imageObjectUrl = URL.createObjectURL(new Blob([bytes], { type: image.mime }));
    source = imageObjectUrl;
  }
  if (typeof source === "string" && (source.startsWith("data:image/") || source === imageObjectUrl)) {
    img.src = source;
    img.alt = `Badge image: ${display.achievement_name || "badge"}`;
    img.hidden = false;
  } else if (typeof source === "string") {
    // Loading it would tell a server who is looking: show where it is instead.
    note.textContent = `The badge image is at ${source} (not loaded: nothing leaves this page).`;
    note.hidden = false;
  }
}

function showCriteria(criteria) {
  const text = $("criteria");
  const link = $("criteria-url");
  const shown = Boolean(criteria && (criteria.narrative || criteria.url));
  $("criteria-section").hidden = !shown;
  text.textContent = (criteria && criteria.narrative) || "";
  text.hidden = !(criteria && criteria.narrative);
  // A link, not a fetch: following it is the reader's choice.
  link.hidden = !(criteria && criteria.url && /^https?:\/\//.test(criteria.url));
  if (!link.hidden) {
    link.href = criteria.url;
    link.textContent = criteria.url;
  }
}

function showChecks(report) {
  const list = $("checks");
  list.replaceChildren();
  for (const check of report.checks || []) {
    const item = document.createElement("li");
    const status = document.createElement("span");
    status.className = `status ${check.status}`;
    status.textContent = check.status;
    const code = document.createElement("strong");
    code.textContent = `${check.code}: `;
    item.append(status, code, document.createTextNode(check.message || ""));
    list.append(item);
  }
  const problems = (report.conformance && report.conformance.problems) || [];
  const details = $("conformance");
  details.hidden = problems.length === 0;
  details.open = false;
  $("conformance-summary").textContent =
    `Conformance warnings (${problems.length}): ${report.conformance && report.conformance.conformant ? "meets" : "does not fully meet"} the Open Badges data model`;
  const problemList = $("conformance-problems");
  problemList.replaceChildren();
  for (const problem of problems) {
    const item = document.createElement("li");
    item.textContent = `${problem.severity}: ${problem.code} at ${problem.pointer || "/"}: ${problem.message}`;
    problemList.append(item);
  }
}

/** Lists the documents the badge needs, each with a file picker to add it. */
function showNeeds(bytes) {
  const missing = needs(bytes);
  const urls = [
    ...(missing.controllers || []).map((url) => [url, "the issuer's DID or key document"]),
    ...(missing.status_lists || []).map((url) => [url, "the status list"]),
    ...(missing.contexts || []).map((url) => [url, "a JSON-LD context"]),
  ];
  const list = $("needs");
  list.replaceChildren();
  $("needs-section").hidden = urls.length === 0;
  urls.forEach(([url, what], index) => {
    const item = document.createElement("li");
    item.className = "needed";
    const name = document.createElement("code");
    name.textContent = url;
    const label = document.createElement("label");
    label.htmlFor = `need-${index}`;
    label.textContent = `Add ${what}: `;
    label.append(name);
    const input = document.createElement("input");
    input.type = "file";
    input.id = `need-${index}`;
    input.accept = ".json,.jsonld,application/json,application/did+json,application/ld+json";
    input.dataset.url = url;
    const message = document.createElement("p");
    message.setAttribute("role", "status");
    input.addEventListener("change", async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      try {
        registerDocument(url, await file.text());
        message.textContent = `Added ${file.name}.`;
        message.className = "added";
        check(current);
      } catch (error) {
        message.textContent = `Not added: ${error.message || error}`;
        message.className = "error";
      }
    });
    item.append(label, input, message);
    list.append(item);
  });
}

function check(bytes) {
  current = bytes;
  let report;
  try {
    report = verify(bytes, { challenge: $("challenge").value, domain: $("domain").value });
  } catch (error) {
    report = { outcome: "UNREADABLE", summary: String(error.message || error), checks: [] };
  }
  const presentation = Array.isArray(report.credentials);
  const [words, tone] = presentation ? presentationHeadline(report) : headline(report);
  const outcome = $("outcome");
  outcome.textContent = words;
  outcome.className = tone;
  setText("outcome-detail", report.summary);
  $("presentation-section").hidden = !presentation;
  $("badge-section").hidden = presentation;
  if (presentation) {
    showPresentation(report);
  } else {
    const display = report.display || {};
    setText("achievement-name", display.achievement_name);
    setText("achievement-description", display.achievement_description);
    setText("issuer", [display.issuer_name, display.issuer_id].filter(Boolean).join(" — "));
    setText("issued", display.issued && formatDate(display.issued));
    setText("expires", display.expires ? formatDate(display.expires) : "Does not expire");
    showImage(display, bytes);
    showCriteria(display.criteria);
  }
  showChecks(report);
  showNeeds(bytes);
  $("result").hidden = false;
  outcome.focus();
}

async function checkFile(file) {
  if (file) check(new Uint8Array(await file.arrayBuffer()));
}

async function main() {
  await init();
  $("loading").textContent = "Ready.";
  const zone = $("drop-zone");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    checkFile(event.dataTransfer && event.dataTransfer.files[0]);
  });
  $("file-input").addEventListener("change", (event) => checkFile(event.target.files[0]));
  $("verify-paste").addEventListener("click", () => {
    const text = $("paste").value.trim();
    if (text) check(new TextEncoder().encode(text));
  });
}

main().catch((error) => {
  $("loading").textContent = `The verifier could not start: ${error.message || error}`;
  $("loading").className = "error";
});
