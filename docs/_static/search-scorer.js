/* The ranking of search results, in both editions (docs/_ext/search_ja.py).
 *
 * Sphinx scores a page by its best-scoring word of the query: every page with
 * the word in a heading gets the same score, and the Japanese query is split
 * into pairs of characters, so every page with 関数 in a heading ties with the
 * page that defines 活性化関数. This adds what the pages say of the whole query:
 *   +40 the page defines it: the first page, in reading order, that writes it
 *       in bold (search-definitions.js; "学習係数（…）" counts as 学習係数,
 *       "activation functions" as "activation function", and "sigmoid" defines
 *       the words that follow it, "sigmoid function");
 *   +20 the page's title contains it, or else +10 one of its headings does;
 *   +10 the page is a chapter (not a gallery, exercise or API page).
 */
var Scorer = {
  score: (result) => {
    const [docname, title, anchor, descr, score, filename, kind] = result;
    const squash = (text) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
    const query = squash(new URLSearchParams(window.location.search).get("q") || "");
    if (!query || typeof Search === "undefined" || !Search._index) return score;
    const index = Search._index;
    const file = index.docnames.indexOf(docname);
    let bonus = 0;
    const definedOn = window.BPTEACH_DEFINED_ON || {};
    const defines = Object.entries(definedOn).some(([term, page]) => {
      if (page !== docname) return false;
      const bare = squash(term).replace(/[(（][^)）]*[)）]/g, "").trim();
      return bare === query || bare === query + "s" || bare === query + "es"
        || (bare.length >= 4 && query.startsWith(bare + " "));
    });
    if (defines) bonus += 40;
    if (squash(index.titles[file] || "").includes(query)) bonus += 20;
    else if (Object.entries(index.alltitles).some(([heading, places]) =>
        squash(heading).includes(query) && places.some(([f]) => f === file))) bonus += 10;
    if (!docname.includes("/")) bonus += 10;
    return score + bonus;
  },
  // Sphinx's defaults (searchtools.js) for the rest.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: {0: 15, 1: 5, 2: -5},
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
