/* common.js: helpers every rapor-web page uses. Every text from the
   server goes into the page through textContent, never as markup. */
"use strict";

const Rapor = {
  /* "87.50" -> "87,50" (the Indonesian decimal comma); null -> "–". */
  num (text) {
    return text === null || text === undefined ? "–" : String (text).replace (".", ",");
  },

  /* "2024-Q3" -> "Triwulan III 2024". */
  periodName (code) {
    const m = /^(\d{4})-Q([1-4])$/.exec (code || "");
    return m ? "Triwulan " + ["I", "II", "III", "IV"][m[2] - 1] + " " + m[1] : (code || "");
  },

  statusName (status) {
    return { open: "Dibuka: pengisian nilai berlangsung",
             closed: "Ditutup: masa sanggah",
             finalized: "Final" }[status] || status;
  },

  /* The consequence as the server computed it (tpp_pct), in words and a
     mark, so that it never depends on colour alone. */
  consequence (entry) {
    if (entry.tpp_pct > 0)
      return { cls: "reward", mark: "▲", text: "+" + entry.tpp_pct + "% TPP" };
    if (entry.tpp_pct < 0)
      return { cls: "punish", mark: "▼", text: "−" + (-entry.tpp_pct) + "% TPP" };
    return { cls: "", mark: "", text: "tetap" };
  },

  el (tag, cls, text) {
    const e = document.createElement (tag);
    if (cls)
      e.className = cls;
    if (text !== undefined && text !== null)
      e.textContent = text;
    return e;
  },

  svg (tag, attrs, text) {
    const e = document.createElementNS ("http://www.w3.org/2000/svg", tag);
    for (const k in attrs)
      e.setAttribute (k, attrs[k]);
    if (text !== undefined)
      e.textContent = text;
    return e;
  },

  async json (url, options) {
    const r = await fetch (url, Object.assign ({ cache: "no-store" }, options || {}));
    if (r.status === 404)
      return null;
    if (!r.ok)
      throw new Error (url + ": " + r.status);
    return r.json ();
  },

  /* Server-Sent Events: handlers by event name; "open" runs on every
     (re)connection, so nothing announced while disconnected is missed. */
  listen (handlers) {
    const source = new EventSource ("/events");
    for (const name in handlers)
      if (name !== "open")
        source.addEventListener (name, (event) => handlers[name] (JSON.parse (event.data)));
    if (handlers.open)
      source.addEventListener ("open", () => handlers.open ());
    return source;
  },

  showAlert (text) {
    const box = document.getElementById ("alert");
    box.textContent = text || "";
    box.hidden = !text;
  },
};
