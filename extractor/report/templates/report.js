// Review report: renders the index and the selected article from the embedded JSON.
// Article text and record values only ever reach the page as text nodes (never as markup).
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const readJson = (id) => JSON.parse($(id).textContent);
  const SUMMARY = readJson("summary-data");
  const ROWS = readJson("index-data");
  const HAS_GOLD = SUMMARY.gold;
  const PAGE = 100;
  const KIND_LABEL = { person: "person", title: "title", country: "country", place: "place", date: "date", cue: "cue", quote: "statement text" };

  function el(tag, props, ...kids) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return node;
  }
  const fmtNum = (x) => (x === null || x === undefined ? "—" : Number(x).toFixed(2));
  const fmtVal = (v) => (v === null || v === undefined ? "null" : Array.isArray(v) ? v.join(", ") || "[]" : typeof v === "object" ? JSON.stringify(v) : String(v));

  // ---------------------------------------------------------------- index
  const COLUMNS = [
    { key: "id", label: "article", worst: "asc" },
    { key: "m", label: "mtg", title: "meetings", worst: "desc" },
    { key: "s", label: "stm", title: "statements", worst: "desc" },
    { key: "w", label: "warn", title: "warnings", worst: "desc" },
    { key: "e", label: "err", title: "errors", worst: "desc" },
  ];
  if (HAS_GOLD) {
    COLUMNS.push({ key: "f1", label: "F1", title: "F1 of meetings and statements against gold", worst: "asc" });
    COLUMNS.push({ key: "miss", label: "miss", title: "missed gold records", worst: "desc" });
  }
  const state = { sort: HAS_GOLD ? "f1" : "e", dir: HAS_GOLD ? "asc" : "desc", filter: "", page: 0, current: null };

  function rowValue(row, key) {
    if (key === "f1") return row.f1 === undefined ? Infinity : row.f1;
    return row[key];
  }
  function sortedRows() {
    const needle = state.filter.trim().toLowerCase();
    const rows = needle ? ROWS.filter((r) => r.id.toLowerCase().includes(needle) || (r.title || "").toLowerCase().includes(needle)) : ROWS.slice();
    const sign = state.dir === "asc" ? 1 : -1;
    const ties = HAS_GOLD ? ["f1", "e", "w"] : ["e", "w", "r"];
    rows.sort((a, b) => {
      for (const key of [state.sort, ...ties]) {
        const x = rowValue(a, key), y = rowValue(b, key);
        if (x === y) continue;
        const s = key === state.sort ? sign : key === "f1" ? 1 : -1;
        return (x < y ? -1 : 1) * s;
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
    return rows;
  }
  function renderIndexHead() {
    $("index-head").replaceChildren(...COLUMNS.map((c) => el("th", {
      title: c.title || null, dataset: { key: c.key },
      class: c.key === state.sort ? "sorted" + (state.dir === "desc" ? " desc" : "") : null,
      onclick: () => {
        if (state.sort === c.key) state.dir = state.dir === "asc" ? "desc" : "asc";
        else { state.sort = c.key; state.dir = c.worst; }
        state.page = 0; renderIndex();
      },
    }, c.label)));
  }
  function renderIndex() {
    renderIndexHead();
    const rows = sortedRows();
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    const shown = rows.slice(state.page * PAGE, (state.page + 1) * PAGE);
    $("index-body").replaceChildren(...shown.map((r) => el("tr", {
      dataset: { n: r.n }, class: r.n === state.current ? "current" : null, onclick: () => select(r.n),
    },
      el("td", { title: r.id }, r.id, el("span", { class: "tt" }, r.pred ? r.title || "" : "not predicted")),
      el("td", {}, r.m), el("td", {}, r.s),
      el("td", { class: r.w ? "bad" : null }, r.w), el("td", { class: r.e ? "bad" : null }, r.e),
      HAS_GOLD ? el("td", { class: r.f1 !== undefined && r.f1 < 1 ? "bad" : null }, r.f1 === undefined ? "—" : r.f1.toFixed(2)) : null,
      HAS_GOLD ? el("td", { class: r.miss ? "bad" : null }, r.miss === undefined ? "—" : r.miss) : null,
    )));
    $("page-info").textContent = `${rows.length ? state.page * PAGE + 1 : 0}–${state.page * PAGE + shown.length} of ${rows.length}`;
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page >= pages - 1;
    return rows;
  }
  $("filter").addEventListener("input", (ev) => { state.filter = ev.target.value; state.page = 0; renderIndex(); });
  $("prev").addEventListener("click", () => { state.page -= 1; renderIndex(); });
  $("next").addEventListener("click", () => { state.page += 1; renderIndex(); });

  // ---------------------------------------------------------------- records
  let A = null; // the article shown
  let segsByRef = new Map();

  function parseRef(ref) {
    const m = /^(g?)([ms])(\d+)(?:\.p(\d+))?$/.exec(ref);
    if (!m) return null;
    const gold = m[1] === "g", type = m[2] === "m" ? "meeting" : "statement";
    const list = gold ? A.missed[type + "s"] : A[type + "s"];
    const record = list[Number(m[3])];
    const person = m[4] === undefined ? null : (record.participants || record.speakers)[Number(m[4])];
    return { gold, type, record, person, root: m[1] + m[2] + m[3] };
  }
  function personText(p) {
    return [p.name || "(unnamed)", p.title ? `(${p.title})` : null, p.country].filter(Boolean).join(" ");
  }
  function recordSummary(type, r) {
    if (type === "meeting") {
      const where = r.location ? r.location.name || r.location.country : null;
      return [r.id, r.status, r.format, r.date || r.date_text || "no date", where, (r.countries || []).join("/")].filter(Boolean).join(" · ");
    }
    const who = r.speakers.map((p) => p.name || p.country || p.title || "?").join(", ");
    return [r.id, r.act, who, r.target ? "→ " + r.target : null, r.direct ? "direct" : "indirect"].filter(Boolean).join(" · ");
  }
  function markLabel(mark) {
    const ref = parseRef(mark[3]);
    if (!ref) return mark[3];
    const head = `${ref.gold ? "MISSED gold " : mark[6] === "spurious" ? "SPURIOUS " : ""}${ref.type} ${recordSummary(ref.type, ref.record)}`;
    const part = ref.person ? `${ref.type === "meeting" ? "participant" : "speaker"}: ${personText(ref.person)}` : `field: ${mark[4]}`;
    return `${head} — ${part} [${KIND_LABEL[mark[2]] || mark[2]}${mark[5] ? ", " + mark[5] : ""}]`;
  }
  function provBadge(prov) {
    if (!prov) return null;
    const [source, conf, conflict] = prov;
    return el("span", { class: "prov p-" + source, title: conflict !== null && conflict !== undefined ? "other side said: " + fmtVal(conflict) : null },
      source[0].toUpperCase() + " " + fmtNum(conf));
  }
  function diffLine(r, field) {
    const diff = r.gold && r.gold.diff;
    if (!diff || !(field in diff)) return null;
    return el("div", { class: "diff" }, "gold: " + fmtVal(diff[field]));
  }
  function goldBadge(r, missed) {
    if (missed) return el("span", { class: "badge bad" }, "missed gold");
    if (!r.gold) return null;
    if (r.gold.status === "spurious") return el("span", { class: "badge bad" }, "spurious");
    const n = Object.keys(r.gold.diff || {}).length;
    return el("span", { class: "badge " + (n ? "" : "ok"), title: "matched gold " + r.gold.id }, `= gold ${r.gold.id}${n ? `, ${n} field(s) differ` : ""}`);
  }
  function jumpLink(ref, ...content) {
    return el("span", { class: "jump", dataset: { jump: ref } }, ...content);
  }
  function row(label, ...content) { return [el("dt", {}, label), el("dd", {}, ...content)]; }

  function meetingCard(m, ref, missed) {
    const people = m.participants.map((p, k) => el("div", { class: "person" },
      segsByRef.has(`${ref}.p${k}`) ? jumpLink(`${ref}.p${k}`, p.name || "(unnamed)") : p.name || "(unnamed)",
      p.title ? ` — ${p.title}` : "", p.country ? ` · ${p.country}` : "", provBadge(p.prov.name)));
    return el("div", { class: "card" + (missed ? " missed-card" : m.gold && m.gold.status === "spurious" ? " spurious-card" : ""), dataset: { ref } },
      el("div", { class: "head" }, `Meeting ${m.id}`, el("span", { class: "badge" }, m.status), el("span", { class: "badge" }, m.format.replace("_", " ")),
        m.confidence !== null && m.confidence !== undefined ? el("span", { class: "muted" }, "conf " + fmtNum(m.confidence)) : null, goldBadge(m, missed)),
      el("dl", {},
        row("who", people.length ? people : el("span", { class: "muted" }, "nobody named"), diffLine(m, "participants")),
        row("when", m.date || "—", m.date_text ? ` “${m.date_text}”` : "", provBadge(m.prov.date_text || m.prov.date), diffLine(m, "date")),
        row("where", m.location ? [m.location.name || "(unnamed place)", m.location.country ? ` · ${m.location.country}` : ""] : "—", provBadge(m.prov.location), diffLine(m, "location")),
        row("countries", m.countries.join(", ") || "—", provBadge(m.prov.countries), diffLine(m, "countries")),
        row("format", m.format.replace("_", " "), provBadge(m.prov.format), diffLine(m, "format")),
        row("status", m.status, provBadge(m.prov.status), diffLine(m, "status")),
        row("topics", m.topics.join(", ") || "—", provBadge(m.prov.topics), diffLine(m, "topics")),
      ));
  }
  function statementCard(s, ref, missed) {
    const who = s.speakers.map((p, k) => el("span", { class: "person" },
      k ? "; " : "", segsByRef.has(`${ref}.p${k}`) ? jumpLink(`${ref}.p${k}`, personText(p)) : personText(p), provBadge(p.prov.name)));
    return el("div", { class: "card" + (missed ? " missed-card" : s.gold && s.gold.status === "spurious" ? " spurious-card" : ""), dataset: { ref } },
      el("div", { class: "head" }, `Statement ${s.id}`, el("span", { class: "badge" }, s.act), el("span", { class: "badge" }, s.direct ? "direct" : "indirect"),
        s.target ? el("span", { class: "badge" }, "→ " + s.target) : null, s.meeting_id ? el("span", { class: "muted" }, "at " + s.meeting_id) : null, goldBadge(s, missed)),
      el("dl", {},
        row("speaker", who, provBadge(s.prov.speakers), diffLine(s, "speakers")),
        row("text", el("span", { class: "quote" }, `“${s.text}”`), provBadge(s.prov.text), diffLine(s, "text")),
        row("act", s.act, provBadge(s.prov.act), diffLine(s, "act")),
        row("target", s.target || "—", provBadge(s.prov.target), diffLine(s, "target")),
        row("direct", s.direct ? "yes" : "no", provBadge(s.prov.direct), diffLine(s, "direct")),
      ));
  }
  function table(headers, rows) {
    return el("table", { class: "plain" }, el("tr", {}, headers.map((h) => el("th", {}, h))), rows.map((r) => el("tr", {}, r.map((c) => el("td", {}, c)))));
  }
  function renderCards(a) {
    const out = [];
    out.push(el("h4", { class: "section" }, `Meetings (${a.meetings.length})`));
    out.push(a.meetings.length ? a.meetings.map((m, i) => meetingCard(m, "m" + i, false)) : el("p", { class: "muted" }, "none"));
    out.push(el("h4", { class: "section" }, `Statements (${a.statements.length})`));
    out.push(a.statements.length ? a.statements.map((s, i) => statementCard(s, "s" + i, false)) : el("p", { class: "muted" }, "none"));
    if (a.missed) {
      const n = a.missed.meetings.length + a.missed.statements.length;
      out.push(el("h4", { class: "section" }, `Missed gold records (${n})`));
      out.push(a.missed.meetings.map((m, i) => meetingCard(m, "gm" + i, true)), a.missed.statements.map((s, i) => statementCard(s, "gs" + i, true)));
      if (!n) out.push(el("p", { class: "muted" }, "none"));
    }
    if (a.rejected.length) {
      out.push(el("h4", { class: "section" }, `Rejected values (${a.rejected.length})`));
      out.push(table(["path", "value", "reason", "source"], a.rejected.map((r) => [r.path, fmtVal(r.value), r.reason, r.source])));
    }
    if (a.warnings.length) {
      out.push(el("h4", { class: "section" }, `Warnings (${a.warnings.length})`));
      out.push(table(["code", "message", "path"], a.warnings.map((w) => [w.code, w.message, w.path || ""])));
    }
    if (a.errors.length) {
      out.push(el("h4", { class: "section" }, `Errors (${a.errors.length})`));
      out.push(table(["stage", "kind", "message"], a.errors.map((e) => [e.stage, e.kind, e.message])));
    }
    if (a.run) {
      out.push(el("h4", { class: "section" }, "Run"));
      out.push(table(["", ""], Object.entries(a.run).filter(([, v]) => v !== null && v !== "" && v !== 0 && v !== false).map(([k, v]) => [k, fmtVal(v)])));
    }
    $("cards").replaceChildren(...out.flat(Infinity).filter(Boolean));
  }

  // ---------------------------------------------------------------- text
  function renderText(a) {
    const box = $("text");
    segsByRef = new Map();
    if (a.text === null) {
      box.replaceChildren(el("p", { class: "notext" }, "No article text: make the report with --articles DIR to see the text and its highlighted spans."));
      return;
    }
    const marks = a.marks;
    const cuts = new Set([0, a.text.length]);
    for (const m of marks) { cuts.add(m[0]); cuts.add(m[1]); }
    const points = [...cuts].sort((x, y) => x - y);
    const frag = document.createDocumentFragment();
    let active = [], next = 0;
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i], end = points[i + 1];
      while (next < marks.length && marks[next][0] <= start) active.push(next++);
      active = active.filter((j) => marks[j][1] > start);
      const chunk = a.text.slice(start, end);
      if (!active.length) { frag.append(chunk); continue; }
      const cover = active.slice().sort((x, y) => (marks[x][1] - marks[x][0]) - (marks[y][1] - marks[y][0]));
      const top = marks[cover[0]];
      const classes = ["hl", "k-" + top[2], "src-" + (top[5] || "none")];
      if (top[2] !== "quote" && cover.some((j) => marks[j][2] === "quote")) classes.push("in-quote");
      if (cover.some((j) => marks[j][6] === "missed")) classes.push("missed");
      if (top[6] === "spurious") classes.push("spurious");
      const seg = el("span", { class: classes.join(" "), dataset: { marks: cover.join(",") } }, chunk);
      for (const j of cover) {
        const ref = marks[j][3];
        for (const key of new Set([ref, ref.split(".")[0]])) {
          if (!segsByRef.has(key)) segsByRef.set(key, []);
          segsByRef.get(key).push(seg);
        }
      }
      frag.append(seg);
    }
    box.replaceChildren(frag);
  }

  const tip = $("tip");
  function coverOf(node) { return node.dataset.marks.split(",").map(Number); }
  $("text").addEventListener("mouseover", (ev) => {
    const seg = ev.target.closest(".hl");
    if (!seg) { tip.hidden = true; return; }
    tip.replaceChildren(...coverOf(seg).map((j) => el("div", {}, markLabel(A.marks[j]))));
    tip.hidden = false;
  });
  $("text").addEventListener("mousemove", (ev) => {
    if (tip.hidden) return;
    const x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    const y = ev.clientY + 18 + tip.offsetHeight > window.innerHeight ? ev.clientY - tip.offsetHeight - 10 : ev.clientY + 18;
    tip.style.left = x + "px"; tip.style.top = y + "px";
  });
  $("text").addEventListener("mouseleave", () => { tip.hidden = true; });
  $("text").addEventListener("click", (ev) => {
    const seg = ev.target.closest(".hl");
    if (seg) inspect([...new Set(coverOf(seg).map((j) => A.marks[j][3]))], false);
  });
  $("cards").addEventListener("click", (ev) => {
    const jump = ev.target.closest("[data-jump]");
    const card = ev.target.closest(".card");
    if (jump) inspect([jump.dataset.jump], true);
    else if (card) inspect([card.dataset.ref], true);
  });

  function clearLinks() {
    for (const node of document.querySelectorAll(".hl.linked")) node.classList.remove("linked");
    for (const node of document.querySelectorAll(".card.focus")) node.classList.remove("focus");
  }
  function plainRecord(value) {
    return JSON.parse(JSON.stringify(value, (key, v) => (key === "ev" ? undefined : v)));
  }
  // Show the records behind `refs` in the inspector, link their spans and cards, and scroll to them.
  function inspect(refs, scrollText) {
    clearLinks();
    const parts = [el("button", { type: "button", class: "close", onclick: () => { $("inspector").hidden = true; clearLinks(); } }, "close")];
    for (const ref of refs) {
      const info = parseRef(ref);
      if (!info) continue;
      const what = info.person ? (info.type === "meeting" ? "Participant of " : "Speaker of ") : "";
      const status = info.gold ? "missed gold record" : info.record.gold ? (info.record.gold.status === "spurious" ? "spurious (no gold match)" : "matches gold " + info.record.gold.id) : null;
      const block = el("div", { class: "inspected", dataset: { ref } },
        el("h3", {}, `${what}${info.gold ? "missed gold " : ""}${info.type} ${info.record.id}`),
        info.person ? el("p", { class: "who" }, personText(info.person), provBadge(info.person.prov.name)) : null,
        el("p", {}, recordSummary(info.type, info.record)),
        info.type === "statement" ? el("p", { class: "quote" }, `“${info.record.text}”`) : null,
        status ? el("p", { class: info.gold || info.record.gold.status === "spurious" ? "diff" : "muted" }, status) : null,
        segsByRef.has(ref) ? null : el("p", { class: "muted" }, A.text === null ? "no text loaded" : "no span in the text"),
        el("details", {}, el("summary", {}, "record JSON"), el("pre", {}, JSON.stringify(plainRecord(info.person || info.record), null, 1))));
      parts.push(block);
      for (const seg of segsByRef.get(info.root) || []) seg.classList.add("linked");
      const card = document.querySelector(`.card[data-ref="${info.root}"]`);
      if (card) card.classList.add("focus");
    }
    const box = $("inspector");
    box.replaceChildren(...parts);
    box.hidden = parts.length < 2;
    const first = refs.length ? document.querySelector(`.card[data-ref="${refs[0].split(".")[0]}"]`) : null;
    if (first && !scrollText) first.scrollIntoView({ block: "nearest" });
    if (scrollText && refs.length) {
      const segs = segsByRef.get(refs[0]) || [];
      if (segs.length) {
        segs[0].scrollIntoView({ block: "center" });
        for (const seg of segs) { seg.classList.remove("flash"); void seg.offsetWidth; seg.classList.add("flash"); }
      }
    }
  }

  // ---------------------------------------------------------------- article
  function renderHead(a, r) {
    const run = a.run ? [a.run.backend, a.run.model].filter(Boolean).join(" / ") : null;
    $("article-head").replaceChildren(
      el("h2", {}, a.title || a.id),
      el("div", { class: "meta" },
        el("span", {}, a.id), a.outlet ? el("span", {}, a.outlet) : null, a.published ? el("span", {}, a.published) : null,
        a.url ? el("span", {}, a.url) : null, run ? el("span", {}, "run: " + run) : null,
        a.predicted ? null : el("span", { class: "badge bad" }, "not predicted"),
        HAS_GOLD && r.f1 !== undefined ? el("span", { class: "badge " + (r.f1 < 1 ? "bad" : "ok") }, `F1 ${r.f1.toFixed(2)} · meetings ${fmtNum(r.mf1)} · statements ${fmtNum(r.sf1)}`) : null,
        a.dropped ? el("span", { class: "badge bad" }, `${a.dropped} span(s) outside the text, not shown`) : null,
      ));
  }
  function select(n) {
    const row = ROWS.find((r) => r.n === n);
    if (!row) return;
    A = readJson("a" + n);
    state.current = n;
    tip.hidden = true;
    $("inspector").hidden = true;
    renderHead(A, row);
    renderText(A);
    renderCards(A);
    $("text-pane").scrollTop = 0;
    $("records-pane").scrollTop = 0;
    for (const tr of document.querySelectorAll("#index-body tr")) tr.classList.toggle("current", Number(tr.dataset.n) === n);
    const hash = "#" + encodeURIComponent(A.id);
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }
  window.reportSelect = (articleId) => {
    const row = ROWS.find((r) => r.id === articleId);
    if (row) select(row.n);
    return Boolean(row);
  };

  const rows = renderIndex();
  const wanted = decodeURIComponent(location.hash.slice(1));
  const start = ROWS.find((r) => r.id === wanted) || rows[0];
  if (start) select(start.n);
})();
