import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

MODULE = "pijler_support"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def _source_terms(self):
        """Return the terms ``odoo-bin --i18n-export`` would write for the module.

        The reader collects the ``_()``/``_lt()`` strings of the Python code and
        the translatable fields of the module's records (views, menus, fields,
        selections, data and demo records), just as the export does.
        """
        reader = TranslationModuleReader(self.env.cr, modules=[MODULE])
        return {
            source
            for module, _type, _name, _res_id, source, _value, _comments in reader
            if module == MODULE
        }

    def _translated_msgids(self, lang):
        po = polib.pofile(file_path(f"{MODULE}/i18n/{lang}.po"))
        return {
            entry.msgid
            for entry in po
            if not entry.obsolete and entry.msgstr.strip() and entry.msgid
        }

    def test_dutch_covers_every_term(self):
        terms = self._source_terms()
        self.assertGreater(len(terms), 100, "the export found hardly any terms")
        missing = sorted(terms - self._translated_msgids("nl"))
        if missing:
            listing = "\n".join(f"- {term!r}" for term in missing)
            self.fail(
                f"i18n/nl.po lacks a translation for {len(missing)} term(s) of "
                f"{MODULE}; export the terms again and translate:\n{listing}"
            )
