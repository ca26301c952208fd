// The edition switcher (docs/_templates/edition-switcher.html) links to the top of
// the same page in the other edition; on a click, carry over where the reader is:
// the section's anchor (the same in both editions) and a search page's query.
document.addEventListener("click", (event) => {
  const link = event.target.closest("nav.edition-switcher a");
  if (link) link.href = link.href.split(/[?#]/)[0] + window.location.search + window.location.hash;
});
