/* The Japanese edition's search page: the summary line above the results.
 * Sphinx's Japanese catalog leaves "Search finished, found N pages…" empty,
 * so the results appeared with no count. Loaded after translations.js. */
if (typeof Documentation !== "undefined") {
  Object.assign(Documentation.TRANSLATIONS, {
    "Search finished, found one page matching the search query.": [
      "検索が完了しました。${resultCount} ページ見つかりました。",
    ],
  });
}
