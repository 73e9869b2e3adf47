from odoo import fields, models


class PijlerSdg(models.Model):
    _name = "pijler.sdg"
    _description = "Sustainable Development Goal"
    _order = "number"

    number = fields.Integer(required=True)
    name = fields.Char(required=True, translate=True)
    color = fields.Char(help="The goal's official colour, as a hexadecimal code.")

    _sql_constraints = [
        ("number_uniq", "unique(number)", "Each goal number can only exist once."),
        (
            "number_range",
            "CHECK(number BETWEEN 1 AND 17)",
            "A goal number lies between 1 and 17.",
        ),
    ]

    def _compute_display_name(self):
        for sdg in self:
            sdg.display_name = f"{sdg.number}. {sdg.name}"
