// sphinx-copybutton's tooltips in Japanese: it has no Japanese messages. Its
// `messages` and `locale` are globals of its own script, which runs first.
if (typeof messages !== "undefined" && document.documentElement.lang === "ja") {
  messages.ja = {
    copy: "コピー",
    copy_to_clipboard: "クリップボードにコピー",
    copy_success: "コピーしました",
    copy_failure: "コピーできませんでした",
  };
  locale = "ja";
}
