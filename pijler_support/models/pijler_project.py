from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PijlerProject(models.Model):
    _name = "pijler.project"
    _description = "Project of a 4th-pillar organisation"
    _inherit = ["mail.thread"]
    _order = "start_year desc, name"

    name = fields.Char(string="Title", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_pillar_org", "=", True)],
    )
    country_id = fields.Many2one("res.country", index=True, tracking=True)
    local_partner = fields.Char(
        help="The organisation abroad that carries the project with you."
    )
    theme_ids = fields.Many2many("pijler.theme", string="Themes")
    start_year = fields.Integer()
    end_year = fields.Integer()
    description = fields.Text(string="Short description")
    status = fields.Selection(
        [
            ("planned", "Planned"),
            ("running", "Running"),
            ("finished", "Finished"),
        ],
        default="running",
        required=True,
        tracking=True,
    )
    active = fields.Boolean(default=True)

    @api.constrains("start_year", "end_year")
    def _check_years(self):
        limit = fields.Date.context_today(self).year + 10
        for project in self:
            for year in (project.start_year, project.end_year):
                if year and not 1900 <= year <= limit:
                    raise ValidationError(
                        _(
                            "A project year must lie between 1900 and %(limit)s.",
                            limit=limit,
                        )
                    )
            if (
                project.start_year
                and project.end_year
                and project.end_year < project.start_year
            ):
                raise ValidationError(
                    _(
                        "A project cannot end before it starts (%(name)s).",
                        name=project.name,
                    )
                )
