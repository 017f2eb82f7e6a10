/* hall.js: the hall screen (/). The latest finalized ranking, paged to
   fit the screen; before finalization, the period's status. */
"use strict";

const PAGE_MS = 12000;
let components = [];
let pages = [];
let pageIndex = 0;
let pageTimer = null;
let shownSeq = 0;

function header () {
  const head = document.getElementById ("head");
  head.replaceChildren ();
  head.append (Rapor.el ("th", "rank", "Peringkat"), Rapor.el ("th", "name", "Organisasi Perangkat Daerah"));
  for (const c of components)
    head.append (Rapor.el ("th", "score", c.name));
  head.append (Rapor.el ("th", "total", "Nilai Akhir"), Rapor.el ("th", "tpp", "TPP"));
}

function row (e) {
  const tr = Rapor.el ("tr");
  const q = Rapor.consequence (e);
  tr.className = [q.cls, e.best ? "best" : "", e.worst ? "worst" : "", e.incomplete ? "incomplete" : ""]
    .filter (Boolean).join (" ");
  tr.dataset.opd = e.opd;
  const name = Rapor.el ("td", "name");
  name.append (Rapor.el ("span", "opd-name", e.name));
  if (e.incomplete)
    name.append (Rapor.el ("span", "note", " (nilai belum lengkap)"));
  tr.append (Rapor.el ("td", "rank", String (e.rank)), name);
  for (const c of components)
    tr.append (Rapor.el ("td", "score", Rapor.num (e.verified[c.code])));
  tr.append (Rapor.el ("td", "total", Rapor.num (e.total)));
  const tpp = Rapor.el ("td", "tpp");
  if (q.mark)
    tpp.append (Rapor.el ("span", "mark", q.mark + " "));
  tpp.append (Rapor.el ("span", "label", q.text));
  tr.append (tpp);
  return tr;
}

/* Splits the rows into pages that fit the screen, measured, since long
   names wrap onto two lines. */
function paginate () {
  const rows = Array.from (document.querySelectorAll ("#rows tr"));
  rows.forEach ((r) => { r.hidden = false; });
  const board = document.getElementById ("board");
  const room = board.clientHeight - document.getElementById ("head").offsetHeight - 4;
  pages = [];
  let page = [], used = 0;
  for (const r of rows) {
    const h = r.offsetHeight;
    if (page.length && used + h > room) {
      pages.push (page);
      page = [];
      used = 0;
    }
    page.push (r);
    used += h;
  }
  if (page.length)
    pages.push (page);
  pageIndex = Math.min (pageIndex, Math.max (0, pages.length - 1));
  showPage ();
  clearInterval (pageTimer);
  if (pages.length > 1)
    pageTimer = setInterval (() => { pageIndex = (pageIndex + 1) % pages.length; showPage (); }, PAGE_MS);
}

function showPage () {
  pages.forEach ((p, i) => p.forEach ((r) => { r.hidden = i !== pageIndex; }));
  document.getElementById ("page").textContent =
    pages.length > 1 ? "Halaman " + (pageIndex + 1) + " dari " + pages.length : "";
}

function renderRanking (r) {
  const table = document.getElementById ("ranking");
  document.getElementById ("empty").hidden = !!r;
  table.hidden = !r;
  if (!r) {
    document.getElementById ("period").textContent = "Belum ada peringkat final";
    document.getElementById ("summary").replaceChildren ();
    document.getElementById ("legend").replaceChildren ();
    document.getElementById ("digest").textContent = "";
    return;
  }
  document.getElementById ("period").textContent = Rapor.periodName (r.period) + " · Final";
  const summary = document.getElementById ("summary");
  summary.replaceChildren (
    Rapor.el ("div", "complete", "Lengkap " + r.complete + " dari " + r.opds + " OPD"));
  if (r.force_reason)
    summary.append (Rapor.el ("div", "forced", "Difinalkan walau belum lengkap: " + r.force_reason));
  const legend = document.getElementById ("legend");
  legend.replaceChildren (
    Rapor.el ("span", "key reward", "▲ +" + r.reward_pct + "% TPP: " + r.reward_n + " peringkat teratas"),
    Rapor.el ("span", "key punish", "▼ −" + r.punish_pct + "% TPP: " + r.reward_n + " peringkat terbawah"));
  document.getElementById ("digest").textContent = "Digest " + r.digest;
  header ();
  const rows = document.getElementById ("rows");
  rows.replaceChildren (...r.entries.map (row));
  document.body.dataset.seq = String (r.seq);
  if (r.seq !== shownSeq)
    pageIndex = 0;
  shownSeq = r.seq;
  paginate ();
}

/* Before finalization: where the newest period stands. */
function renderStatus (s, ranking) {
  const box = document.getElementById ("status");
  const waiting = s && s.period && s.status !== "finalized"
    && (!ranking || s.period > ranking.period);
  box.hidden = !waiting;
  if (!waiting)
    return;
  box.replaceChildren (
    Rapor.el ("div", "status-period", Rapor.periodName (s.period)),
    Rapor.el ("div", "status-state " + s.status, Rapor.statusName (s.status)),
    Rapor.el ("div", "status-complete", "Lengkap " + s.complete + " dari " + s.opds + " OPD"));
  if (s.open_objections)
    box.append (Rapor.el ("div", "status-objections", s.open_objections + " sanggahan belum dijawab"));
  box.dataset.period = s.period;
  box.dataset.status = s.status;
  box.classList.toggle ("compact", !!ranking);
}

/* One load at a time; news that arrives meanwhile loads again after. */
let busy = false, again = false;
async function load () {
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  do {
    again = false;
    try {
      if (!components.length)
        components = await Rapor.json ("/api/components");
      const [status, ranking] = await Promise.all ([Rapor.json ("/api/status"), Rapor.json ("/api/ranking")]);
      Rapor.showAlert (status && status.alert);
      renderStatus (status, ranking);
      renderRanking (ranking);
    } catch (err) {
      Rapor.showAlert ("Tidak dapat menghubungi rapor-web: " + err.message);
    }
  } while (again);
  busy = false;
}

window.addEventListener ("resize", () => paginate ());
Rapor.listen ({ open: load, ranking: load, status: load, alert: load, reload: load });
load ();
