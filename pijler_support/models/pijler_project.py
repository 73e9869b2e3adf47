from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

# The longest texts a representative may type on the website.
PORTAL_TEXT_LIMIT = 120
PORTAL_DESCRIPTION_LIMIT = 1000


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

    def write(self, vals):
        if (
            "partner_id" in vals
            and self.env.user.share
            and any(project.partner_id.id != vals["partner_id"] for project in self)
        ):
            # The representatives' record rule is checked before the write:
            # without this, a project could be moved onto another fiche.
            raise AccessError(_("A project cannot move to another organisation."))
        return super().write(vals)

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

    # ------------------------------------------------------------------
    # Portal self-service: representatives manage their projects on the
    # website (controllers/portal.py), in their own access rights
    # ------------------------------------------------------------------

    def _pillar_portal_form_values(self):
        """Return the project as the portal form shows it; defaults if empty."""
        return {
            "name": self.name or "",
            "country_id": str(self.country_id.id or ""),
            "local_partner": self.local_partner or "",
            "theme_ids": [str(theme_id) for theme_id in self.theme_ids.ids],
            "start_year": str(self.start_year or ""),
            "end_year": str(self.end_year or ""),
            "description": self.description or "",
            "status": self.status or "running",
        }

    @api.model
    def _pillar_portal_text_limits(self):
        """Return the longest text each input of the portal form takes."""
        return {
            "name": PORTAL_TEXT_LIMIT,
            "local_partner": PORTAL_TEXT_LIMIT,
            "description": PORTAL_DESCRIPTION_LIMIT,
        }

    @api.model
    def _pillar_portal_parse(self, form):
        """Check the portal project form and turn it into field values.

        :param dict form: the typed values as strings, a list of ids for
            ``theme_ids``
        :return: ``(vals, errors)``: the values to write, and messages by field
        """
        vals, errors = {}, {}
        for fname in ("name", "local_partner"):
            vals[fname] = " ".join((form.get(fname) or "").split())
            if len(vals[fname]) > PORTAL_TEXT_LIMIT:
                errors[fname] = _(
                    "Use at most %(limit)s characters.", limit=PORTAL_TEXT_LIMIT
                )
        if not vals["name"]:
            errors["name"] = _("Give the project a title.")
        vals["description"] = (form.get("description") or "").strip()
        if len(vals["description"]) > PORTAL_DESCRIPTION_LIMIT:
            errors["description"] = _(
                "Use at most %(limit)s characters.", limit=PORTAL_DESCRIPTION_LIMIT
            )
        country_id = str(form.get("country_id") or "")
        vals["country_id"] = False
        if country_id.isdecimal() and int(country_id) < 2**31:
            country = self.env["res.country"].browse(int(country_id)).exists()
            vals["country_id"] = country.id
        if country_id and not vals["country_id"]:
            errors["country_id"] = _("Choose a country from the list.")
        vals["status"] = form.get("status") or "running"
        if vals["status"] not in dict(self._fields["status"].selection):
            errors["status"] = _("Choose a status from the list.")
        themes = self.env["res.partner"]._pillar_registration_records(
            form, "theme_ids", "pijler.theme"
        )
        vals["theme_ids"] = [Command.set(themes.ids)]
        self._pillar_portal_parse_years(form, vals, errors)
        for fname in ("local_partner", "description"):
            vals[fname] = vals[fname] or False
        return vals, errors

    @api.model
    def _pillar_portal_parse_years(self, form, vals, errors):
        last = fields.Date.context_today(self).year + 10
        for fname in ("start_year", "end_year"):
            raw = (form.get(fname) or "").strip()
            vals[fname] = int(raw) if raw.isdecimal() else 0
            if raw and not 1900 <= vals[fname] <= last:
                errors[fname] = _("Give a year between 1900 and %(last)s.", last=last)
        if (
            not errors.get("end_year")
            and vals["start_year"]
            and vals["end_year"]
            and vals["end_year"] < vals["start_year"]
        ):
            errors["end_year"] = _("A project cannot end before it starts.")
