from odoo import Command, api, models


class Website(models.Model):
    _inherit = "website"

    @api.model
    def _pillar_set_dutch_first(self):
        """Make Dutch (Belgium) the default language of every website.

        Does nothing when Dutch is not installed: the demo database installs it
        with ``--load-language=nl_BE``; a production database installs it from
        the Settings app.
        """
        dutch = self.env["res.lang"]._lang_get("nl_BE")
        if not dutch or not dutch.active:
            return
        # Every website of the database: there are one or two.
        websites = self.search([])  # pylint: disable=no-search-all
        websites.write(
            {"language_ids": [Command.link(dutch.id)], "default_lang_id": dutch.id}
        )
