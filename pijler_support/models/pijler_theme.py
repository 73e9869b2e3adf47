from odoo import api, fields, models


class PijlerTheme(models.Model):
    _name = "pijler.theme"
    _description = "Theme of a 4th-pillar organisation"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    alias_names = fields.Char(
        string="Aliases",
        help="Other spellings of this theme, separated by semicolons. The importer "
        "maps a value found in a file to this theme when it matches an alias.",
    )

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A theme with this name already exists."),
    ]

    @api.model
    def _get_lookup(self):
        """Return a dict mapping lower-cased names and aliases to theme ids."""
        lookup = {}
        # A few dozen themes at most: all of them, archived ones included.
        themes = self.with_context(active_test=False).search([])  # pylint: disable=no-search-all
        for theme in themes:
            names = [theme.name, *(theme.alias_names or "").split(";")]
            for name in names:
                key = " ".join(name.split()).lower()
                if key:
                    lookup.setdefault(key, theme.id)
        return lookup
