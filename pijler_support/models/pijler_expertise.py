from odoo import fields, models


class PijlerExpertise(models.Model):
    _name = "pijler.expertise"
    _description = "Expertise an organisation offers to its peers"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "This expertise already exists."),
    ]
