// The layout checks of tests/browser/test_layout.py, run in the page: page.evaluate(source, {tolerance}).
// Returns a list of {check, element, detail}; empty when the page is fine. Every number is in CSS pixels.
//
// "overflow":  the page scrolls sideways (document scrollWidth > the viewport's clientWidth, i.e. the
//              width without the vertical scroll bar), or <html>/<body> hide horizontal overflow and some
//              content is cut off at the right edge. Overflow inside a scroll container (.table-responsive,
//              any overflow-x: auto/scroll box) does not count: the page itself must not scroll sideways.
//              Named: the outermost elements past the right edge that no scroll container holds (an
//              absolutely positioned one escapes the boxes below its containing block), each with the
//              element that reaches furthest right inside it.
// "column":    a visible table cell (th/td, scroll containers included: they can scroll) whose content
//              box is narrower than its longest word. A word is a run of text between white spaces (a
//              no-break space joins; a code such as "5X7Q-2CYW" or "1268/QĐ-CAT" is one word even where the
//              browser may break it after the dash or slash); a nowrap or pre run is one word. Its width is
//              measured with a Range over the rendered text (the sum of its line boxes if it was broken),
//              so bold, badges and fonts count as rendered. Text that is not laid out in the cell (hidden,
//              absolutely positioned, visually-hidden, inside a nested table's own cells) is left out.
// "control":   a visible input, select, textarea or button not inside the viewport horizontally (page
//              scrolled to its left edge); inside a scroll container, not inside its scrollable area
//              (or unreachable because the container itself sticks out); inside an overflow: hidden box,
//              cut off by it.
(({ tolerance }) => {
  const problems = [];
  const de = document.documentElement;
  window.scrollTo(0, 0);
  const vw = de.clientWidth;

  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    const cls = typeof el.className === "string" ? el.className.trim().split(/\s+/).filter(Boolean) : [];
    if (cls.length) s += "." + cls.slice(0, 4).join(".");
    for (const attr of ["name", "type"]) {
      if (el.getAttribute && el.getAttribute(attr) && ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(el.tagName))
        s += `[${attr}=${el.getAttribute(attr)}]`;
    }
    const label = (el.getAttribute("aria-label") || el.innerText || el.value || "").replace(/\s+/g, " ").trim();
    if (label) s += ` “${label.slice(0, 40)}${label.length > 40 ? "…" : ""}”`;
    // where it is: the nearest ancestor with an id
    const anchor = el.parentElement && el.parentElement.closest("[id]");
    if (anchor && anchor !== el && anchor.id !== "main") s += ` in #${anchor.id}`;
    return s;
  };
  const shown = (el) =>
    el.checkVisibility({ checkVisibilityCSS: true, checkOpacity: false }) && el.getClientRects().length > 0;
  const px = (n) => Math.round(n * 10) / 10;
  const scrollsX = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const clipsX = (el) => ["hidden", "clip"].includes(getComputedStyle(el).overflowX);
  // Does this element establish the containing block of absolutely / fixed positioned descendants?
  const holdsAbsolute = (cs) => cs.position !== "static" || holdsFixed(cs);
  const holdsFixed = (cs) =>
    cs.transform !== "none" ||
    cs.filter !== "none" ||
    cs.perspective !== "none" ||
    /paint|layout|strict|content/.test(cs.contain);
  // The nearest ancestor below <body> that scrolls or clips this element horizontally. Overflow clips a
  // descendant only through its containing-block chain: an absolutely positioned element (a visually-hidden
  // label …) escapes every box up to its nearest positioned ancestor, a fixed one escapes them all.
  const boxOf = (el) => {
    let escaping = getComputedStyle(el).position;
    for (let a = el.parentElement; a && a !== document.body && a !== de; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (escaping === "absolute" && !holdsAbsolute(cs)) continue;
      if (escaping === "fixed" && !holdsFixed(cs)) continue;
      if (scrollsX(a) || clipsX(a)) return a;
      escaping = cs.position;
    }
    return null;
  };
  const visuallyHidden = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return (
      r.width <= 1 ||
      r.height <= 1 ||
      (cs.clip !== "auto" && cs.position === "absolute") ||
      cs.clipPath === "inset(50%)"
    );
  };

  // --- overflow -------------------------------------------------------------------------------------------
  const rootClips = clipsX(de) || clipsX(document.body);
  const pageWidth = de.scrollWidth;
  const sticking = [];
  if (pageWidth > vw + tolerance || rootClips) {
    // everything past the right edge that no scroll or clip container holds (fixed boxes do not widen the page)
    const past = new Set();
    for (const el of document.body.querySelectorAll("*")) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right <= vw + tolerance || boxOf(el) || getComputedStyle(el).position === "fixed") continue;
      past.add(el);
    }
    // name the outermost of them (a grown container), each with the element reaching furthest right inside it
    for (const el of past) {
      let outer = true;
      for (let a = el.parentElement; a && outer; a = a.parentElement) outer = !past.has(a);
      if (!outer) continue;
      let furthest = el;
      for (const inner of past) {
        const reach = inner.getBoundingClientRect().right;
        if (el.contains(inner) && reach > furthest.getBoundingClientRect().right) furthest = inner;
      }
      const r = el.getBoundingClientRect();
      sticking.push({ el, right: r.right, width: r.width, furthest: furthest === el ? null : furthest });
    }
    sticking.sort((a, b) => b.right - a.right);
  }
  const name = (s) =>
    `${describe(s.el)} (right edge ${px(s.right)}px, ${px(s.width)}px wide` +
    (s.furthest
      ? `; furthest inside: ${describe(s.furthest)} at ${px(s.furthest.getBoundingClientRect().right)}px)`
      : ")");
  if (pageWidth > vw + tolerance) {
    problems.push({
      check: "overflow",
      element: sticking.length ? describe(sticking[0].el) : "html",
      detail:
        `page is ${pageWidth}px wide in a ${vw}px viewport (${pageWidth - vw}px sideways scroll)` +
        (sticking.length
          ? "; sticking out: " +
            sticking.slice(0, 4).map(name).join("; ") +
            (sticking.length > 4 ? ` (+${sticking.length - 4} more)` : "")
          : ""),
    });
  } else if (rootClips && sticking.length) {
    problems.push({
      check: "overflow",
      element: describe(sticking[0].el),
      detail:
        `content cut off at the right edge of a ${vw}px viewport (<html>/<body> hide the overflow): ` +
        sticking.slice(0, 4).map(name).join("; "),
    });
  }

  // --- table columns --------------------------------------------------------------------------------------
  const range = document.createRange();
  const WORD = /[^ \t\n\r\f\u200b]+/g;
  const longestWord = (cell) => {
    let best = { text: "", width: 0, lines: 1 };
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("th, td") !== cell || !node.data.trim()) continue;
      if (!shown(parent)) continue;
      let laidOut = true;
      for (let a = parent; a && a !== cell; a = a.parentElement) {
        const cs = getComputedStyle(a);
        if (["absolute", "fixed"].includes(cs.position) || visuallyHidden(a)) {
          laidOut = false;
          break;
        }
      }
      if (!laidOut) continue;
      const ws = getComputedStyle(parent).whiteSpace;
      const runs = [];
      if (["nowrap", "pre"].includes(ws)) {
        let at = 0;
        for (const line of node.data.split("\n")) {
          if (line.trim()) runs.push([at + line.search(/\S/), at + line.trimEnd().length]);
          at += line.length + 1;
        }
      } else {
        for (const m of node.data.matchAll(WORD)) runs.push([m.index, m.index + m[0].length]);
      }
      for (const [start, end] of runs) {
        range.setStart(node, start);
        range.setEnd(node, end);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const width = rects.reduce((sum, r) => sum + r.width, 0);
        const lines = new Set(rects.map((r) => Math.round(r.top))).size;
        if (width > best.width) best = { text: node.data.slice(start, end), width, lines };
      }
    }
    return best;
  };
  const columns = []; // one report per column of a table: the worst cell, and how many cells fail
  for (const cell of document.querySelectorAll("th, td")) {
    if (!shown(cell)) continue;
    const cs = getComputedStyle(cell);
    const content = cell.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const word = longestWord(cell);
    if (word.width <= content + tolerance) continue;
    const table = cell.closest("table");
    const key = [table, cell.cellIndex, cell.tagName];
    let entry = columns.find((e) => e.key.every((k, i) => k === key[i]));
    if (!entry) columns.push((entry = { key, cell, content, word, count: 0 }));
    entry.count += 1;
    if (word.width - content > entry.word.width - entry.content) Object.assign(entry, { cell, content, word });
  }
  for (const { key, cell, content, word, count } of columns) {
    const [table, index] = key;
    const header = table.tHead && table.tHead.rows[0] && table.tHead.rows[0].cells[index];
    const title = header && header !== cell ? header.innerText.replace(/\s+/g, " ").trim().slice(0, 30) : "";
    const column = title ? ` (column “${title}”)` : "";
    problems.push({
      check: "column",
      element: `${cell.tagName.toLowerCase()} ${index + 1}${column} of ${describe(table).split(" “")[0]}`,
      detail:
        `content box ${px(content)}px wide < longest word “${word.text.slice(0, 40)}” ${px(word.width)}px` +
        (word.lines > 1 ? ` (broken over ${word.lines} lines)` : " (sticks out of the cell)") +
        (count > 1 ? `; ${count} cells of this column fail, this is the worst` : ""),
    });
  }

  const outside = (r) => r.left < -tolerance || r.right > vw + tolerance;

  // --- form controls --------------------------------------------------------------------------------------
  for (const el of document.querySelectorAll("input, select, textarea, button")) {
    if (el.type === "hidden" || !shown(el) || visuallyHidden(el)) continue;
    const r = el.getBoundingClientRect();
    const where = `left ${px(r.left)}px, right ${px(r.right)}px`;
    // up through the boxes that clip it (overflow: hidden), to the one that scrolls it or to the page
    let box = boxOf(el);
    let cut = false;
    while (box && clipsX(box) && !cut) {
      const br = box.getBoundingClientRect();
      if (r.left < br.left - tolerance || r.right > br.right + tolerance) {
        cut = true;
        problems.push({
          check: "control",
          element: describe(el),
          detail:
            `cut off by ${describe(box)} (overflow hidden, ${px(br.left)}..${px(br.right)}px): ` +
            `control at ${where}`,
        });
      }
      box = boxOf(box);
    }
    if (cut) continue;
    if (box) {
      const br = box.getBoundingClientRect();
      const left = r.left - br.left - box.clientLeft + box.scrollLeft;
      const right = left + r.width;
      if (left < -tolerance || right > box.scrollWidth + tolerance) {
        problems.push({
          check: "control",
          element: describe(el),
          detail:
            `outside the scrollable area of ${describe(box)}: ` +
            `${px(left)}..${px(right)}px of ${box.scrollWidth}px`,
        });
      } else if (outside(r) && outside(br)) {
        problems.push({
          check: "control",
          element: describe(el),
          detail:
            `outside the ${vw}px viewport (${where}) in ${describe(box)}, ` +
            `which itself sticks out (${px(br.left)}..${px(br.right)}px)`,
        });
      }
    } else if (outside(r)) {
      problems.push({ check: "control", element: describe(el), detail: `outside the ${vw}px viewport: ${where}` });
    }
  }
  return problems;
})
