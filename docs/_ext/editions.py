"""The two editions of the site: English (the source) and Japanese (gettext catalogs).

The Japanese edition is the same source with every message translated by the
catalogs in ``docs/locale/ja/LC_MESSAGES`` (the standard Sphinx gettext
workflow; ``make po`` regenerates them after a source change). This extension
holds what that workflow does not do by itself.
"""

from docutils import nodes
from sphinx.transforms import SphinxTransform


class KeepDisplayMathOutOfCatalogs(SphinxTransform):
    """Mark every display formula untranslatable.

    A formula is the same in both editions; extracted, it would be a message
    for the translator to copy by hand, and a copy that drifts. Runs before
    Sphinx's ``Locale`` transform (priority 20); equation numbers and labels
    are untouched.
    """

    default_priority = 15

    def apply(self, **kwargs):
        for node in self.document.findall(nodes.math_block):
            node["translatable"] = False


def setup(app):
    app.add_transform(KeepDisplayMathOutOfCatalogs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
