/* upacara.js: ceremony mode. The presenter presses Space or → and one
   more OPD is revealed, from the last rank up to the first. The server
   keeps the position and sends only what is revealed: this page never
   holds an unrevealed name. */
"use strict";

let shown = { revealed: -1, period: null };

function render (u) {
  if (!u || !u.period) {
    document.getElementById ("period").textContent = "Belum ada peringkat final";
    return;
  }
  document.getElementById ("period").textContent = Rapor.periodName (u.period);
  document.getElementById ("progress").textContent =
    "Dibuka " + u.revealed + " dari " + u.opds + " OPD";
  const left = u.opds - u.revealed;
  document.getElementById ("hidden-count").textContent =
    left ? left + " OPD belum diumumkan" : "Semua OPD telah diumumkan";
  document.body.dataset.revealed = String (u.revealed);
  const rows = document.getElementById ("rows");
  rows.replaceChildren ();
  let newest = null;
  for (const e of u.entries) {
    const q = Rapor.consequence (e);
    const tr = Rapor.el ("tr", [q.cls, e.best ? "best" : "", e.worst ? "worst" : ""].filter (Boolean).join (" "));
    tr.dataset.opd = e.opd;
    tr.dataset.step = String (e.step);
    const tpp = Rapor.el ("td", "tpp");
    if (q.mark)
      tpp.append (Rapor.el ("span", "mark", q.mark + " "));
    tpp.append (Rapor.el ("span", "label", q.text));
    tr.append (Rapor.el ("td", "rank", String (e.rank)), Rapor.el ("td", "name", e.name),
               Rapor.el ("td", "total", Rapor.num (e.total)), tpp);
    rows.append (tr);
    if (e.step === u.revealed) {
      newest = { e, q };
      tr.classList.add ("newest");
    }
  }
  const spot = document.getElementById ("spotlight");
  spot.hidden = !newest;
  if (newest) {
    spot.className = "spotlight " + newest.q.cls;
    spot.replaceChildren (
      Rapor.el ("div", "spot-rank", "Peringkat " + newest.e.rank),
      Rapor.el ("div", "spot-name", newest.e.name),
      Rapor.el ("div", "spot-total", "Nilai akhir " + Rapor.num (newest.e.total)),
      Rapor.el ("div", "spot-tpp", (newest.q.mark ? newest.q.mark + " " : "") + newest.q.text));
    document.querySelector ("tr.newest").scrollIntoView ({ block: "nearest" });
  }
  shown = u;
}

async function load () {
  try {
    render (await Rapor.json ("/api/upacara"));
  } catch (err) {
    Rapor.showAlert ("Tidak dapat menghubungi rapor-web: " + err.message);
  }
}

/* Presses go out one after another, so each moves exactly one step. */
let queue = Promise.resolve ();
function step (where) {
  queue = queue.then (async () => {
    try {
      const r = await fetch ("/api/upacara/" + where,
                             { method: "POST", headers: { "X-Rapor-Upacara": "1" }, cache: "no-store" });
      if (r.ok)
        render (await r.json ());
    } catch (err) {
      Rapor.showAlert ("Langkah tidak terkirim: " + err.message);
    }
  });
}

document.addEventListener ("keydown", (event) => {
  if (event.repeat || event.altKey || event.ctrlKey || event.metaKey)
    return;
  if ([" ", "ArrowRight", "ArrowDown", "PageDown", "Enter"].includes (event.key)) {
    event.preventDefault ();
    step ("next");
  }
  else
  if (["ArrowLeft", "ArrowUp", "PageUp", "Backspace"].includes (event.key)) {
    event.preventDefault ();
    step ("prev");
  }
});

Rapor.listen ({ open: load, ranking: load, upacara: load, reload: load });
load ();
