/* opd.js: one OPD's card (/opd/CODE): its six components as bars, the
   self-assessment beside the verified score, and its trend over the
   finalized quarters rapor-web holds. */
"use strict";

function bars (card) {
  const W = 1700, rowH = 84, left = 680, scale = (W - left - 140) / 100;
  const H = card.components.length * rowH + 40;
  const s = Rapor.svg ("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img",
                                 "aria-label": "Nilai enam komponen" });
  for (let t = 0; t <= 100; t += 25) {
    const x = left + t * scale;
    s.append (Rapor.svg ("line", { x1: x, x2: x, y1: 0, y2: H - 30, class: "grid" }),
              Rapor.svg ("text", { x: x, y: H - 6, class: "axis", "text-anchor": "middle" }, String (t)));
  }
  card.components.forEach ((c, i) => {
    const y = i * rowH + 8;
    s.append (Rapor.svg ("text", { x: 0, y: y + 44, class: "comp" }, c.name));
    const pairs = [["self", c.self, "Mandiri"], ["verified", c.verified, "Verifikasi"]];
    pairs.forEach (([cls, v, label], k) => {
      const yy = y + k * 36;
      const value = v === null ? 0 : parseFloat (v);
      s.append (Rapor.svg ("rect", { x: left, y: yy, width: Math.max (2, value * scale), height: 30,
                                     class: "bar " + cls }));
      s.append (Rapor.svg ("text", { x: left + value * scale + 12, y: yy + 25, class: "value " + cls },
                           label + " " + Rapor.num (v)));
    });
  });
  return s;
}

function trend (card) {
  const W = 1700, H = 250, pad = 120;
  const s = Rapor.svg ("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img",
                                 "aria-label": "Tren nilai akhir" });
  const n = card.trend.length;
  const step = n > 1 ? (W - 2 * pad) / (n - 1) : 0;
  const y = (v) => H - 60 - parseFloat (v) / 100 * (H - 110);
  let path = "";
  card.trend.forEach ((t, i) => {
    const x = n > 1 ? pad + i * step : W / 2;
    path += (i ? " L" : "M") + x + " " + y (t.total);
    s.append (Rapor.svg ("circle", { cx: x, cy: y (t.total), r: 10, class: "dot" }),
              Rapor.svg ("text", { x: x, y: y (t.total) - 22, class: "value", "text-anchor": "middle" },
                         Rapor.num (t.total) + " (peringkat " + t.rank + ")"),
              Rapor.svg ("text", { x: x, y: H - 16, class: "axis", "text-anchor": "middle" },
                         Rapor.periodName (t.period)));
  });
  if (n > 1)
    s.insertBefore (Rapor.svg ("path", { d: path, class: "line" }), s.firstChild);
  return s;
}

async function load () {
  const code = decodeURIComponent (location.pathname.split ("/").pop ());
  try {
    const card = await Rapor.json ("/api/opd/" + encodeURIComponent (code));
    if (!card) {
      document.getElementById ("name").textContent = "OPD " + code + " tidak ada dalam peringkat final";
      return;
    }
    document.title = card.name + " · Rapor Kinerja OPD";
    document.getElementById ("name").textContent = card.name;
    document.getElementById ("period").textContent = Rapor.periodName (card.period) + " · " + card.opd;
    const q = Rapor.consequence (card);
    document.getElementById ("summary").replaceChildren (
      Rapor.el ("div", "complete", "Peringkat " + card.rank + " dari " + card.opds + " · nilai akhir " + Rapor.num (card.total)),
      Rapor.el ("div", "key " + q.cls, (q.mark ? q.mark + " " : "") + q.text));
    document.getElementById ("bars").replaceChildren (bars (card));
    document.getElementById ("trend").replaceChildren (trend (card));
  } catch (err) {
    Rapor.showAlert ("Tidak dapat menghubungi rapor-web: " + err.message);
  }
}

Rapor.listen ({ open: load, ranking: load, reload: load });
load ();
