import logging
import re

from stdnum.be import vat as be_vat
from werkzeug import urls

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

# Belgian postal codes are allocated by province in fixed ranges.
# Each row: first code, last code, XML id of the province.
POSTAL_CODE_PROVINCES = [
    (1000, 1299, "pijler_support.state_be_brussels"),
    (1300, 1499, "base.state_be_6"),  # Walloon Brabant
    (1500, 1999, "base.state_be_4"),  # Flemish Brabant (Halle-Vilvoorde)
    (2000, 2999, "base.state_be_1"),  # Antwerp
    (3000, 3499, "base.state_be_4"),  # Flemish Brabant (Leuven)
    (3500, 3999, "base.state_be_2"),  # Limburg
    (4000, 4999, "base.state_be_8"),  # Liège
    (5000, 5999, "base.state_be_10"),  # Namur
    (6000, 6599, "base.state_be_7"),  # Hainaut
    (6600, 6999, "base.state_be_9"),  # Luxembourg
    (7000, 7999, "base.state_be_7"),  # Hainaut
    (8000, 8999, "base.state_be_5"),  # West Flanders
    (9000, 9999, "base.state_be_3"),  # East Flanders
]

PROVINCE_REGIONS = {
    "pijler_support.state_be_brussels": "brussels",
    "base.state_be_1": "flanders",
    "base.state_be_2": "flanders",
    "base.state_be_3": "flanders",
    "base.state_be_4": "flanders",
    "base.state_be_5": "flanders",
    "base.state_be_6": "wallonia",
    "base.state_be_7": "wallonia",
    "base.state_be_8": "wallonia",
    "base.state_be_9": "wallonia",
    "base.state_be_10": "wallonia",
}

LEGAL_FORMS = [
    ("de_facto", "Feitelijke vereniging"),
    ("vzw", "vzw"),
    ("ivzw", "ivzw"),
    ("foundation", "Stichting"),
    ("cooperative", "Coöperatie"),
    ("other", "Other"),
]

SOCIAL_FIELDS = ("social_facebook", "social_instagram", "social_linkedin")

FOUNDING_YEAR_MIN = 1850


def normalize_enterprise_number(value):
    """Return a Belgian enterprise number as ``0123.456.789``.

    Accepts the old nine-digit form, a ``BE`` prefix and any punctuation.
    Raises ``ValueError`` when the number is not a valid enterprise number.
    """
    if not value or not value.strip():
        return False
    try:
        number = be_vat.validate(value)
    except Exception as error:  # stdnum raises its own ValidationError family
        raise ValueError(str(value).strip()) from error
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


def normalize_url(value):
    """Return ``value`` as an absolute https URL, or raise ``ValueError``."""
    if not value or not value.strip():
        return False
    value = value.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE):
        value = "https://" + value
    url = urls.url_parse(value)
    if url.scheme not in ("http", "https") or "." not in (url.host or ""):
        raise ValueError(value)
    if url.scheme == "http":
        url = url.replace(scheme="https")
    return url.to_url()


def province_xmlid_from_zip(zip_code):
    """Return the XML id of the Belgian province of a postal code, or None."""
    zip_code = (zip_code or "").strip()
    if not re.fullmatch(r"\d{4}", zip_code):
        return None
    code = int(zip_code)
    for first, last, xmlid in POSTAL_CODE_PROVINCES:
        if first <= code <= last:
            return xmlid
    return None


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_pillar_org = fields.Boolean(
        string="4th-pillar organisation",
        index=True,
        help="Listed in the 4de Pijler databank.",
    )
    pillar_state = fields.Selection(
        [
            ("draft", "Draft"),
            ("published", "Published"),
            ("archived", "Archived"),
        ],
        string="Databank status",
        default="draft",
        index=True,
        tracking=True,
        copy=False,
        help="Only published organisations are shown in the public databank.",
    )
    theme_ids = fields.Many2many(
        "pijler.theme",
        "res_partner_pijler_theme_rel",
        "partner_id",
        "theme_id",
        string="Themes",
    )
    activity_country_ids = fields.Many2many(
        "res.country",
        "res_partner_activity_country_rel",
        "partner_id",
        "country_id",
        string="Countries of activity",
        help="The countries where the organisation runs projects; not its address.",
    )
    sdg_ids = fields.Many2many(
        "pijler.sdg",
        "res_partner_pijler_sdg_rel",
        "partner_id",
        "sdg_id",
        string="SDGs",
    )
    expertise_ids = fields.Many2many(
        "pijler.expertise",
        "res_partner_pijler_expertise_rel",
        "partner_id",
        "expertise_id",
        string="Expertise offered",
        help="What the organisation can teach other organisations.",
    )
    legal_form = fields.Selection(LEGAL_FORMS, index=True)
    founding_year = fields.Integer()
    volunteer_count = fields.Integer(string="Volunteers")
    is_diaspora_led = fields.Boolean(
        string="Diaspora-led",
        help="Founded or run by people from the diaspora of a partner country.",
    )
    mission = fields.Html(sanitize=True, sanitize_style=True)
    history = fields.Html(sanitize=True, sanitize_style=True)
    social_facebook = fields.Char(string="Facebook")
    social_instagram = fields.Char(string="Instagram")
    social_linkedin = fields.Char(string="LinkedIn")
    pillar_province_id = fields.Many2one(
        "res.country.state",
        string="Province",
        compute="_compute_pillar_province_id",
        store=True,
        index=True,
        help="Derived from the postal code of a Belgian address.",
    )
    pillar_region = fields.Selection(
        [
            ("flanders", "Flanders"),
            ("brussels", "Brussels"),
            ("wallonia", "Wallonia"),
        ],
        string="Region",
        compute="_compute_pillar_region",
        store=True,
        index=True,
    )
    pillar_project_ids = fields.One2many(
        "pijler.project", "partner_id", string="Projects"
    )
    pillar_project_count = fields.Integer(
        string="Project count", compute="_compute_pillar_project_count"
    )
    import_unmapped = fields.Text(
        string="Unrecognised import values",
        groups="base.group_user",
        help="Values from an imported file that could not be matched to a theme, "
        "country or goal. Kept here so that nothing is lost; clear it once handled.",
    )

    @api.depends("zip", "country_id")
    def _compute_pillar_province_id(self):
        belgium = self.env.ref("base.be")
        states = {}
        for partner in self:
            xmlid = None
            if partner.country_id == belgium or (
                not partner.country_id and partner.is_pillar_org
            ):
                xmlid = province_xmlid_from_zip(partner.zip)
            if xmlid and xmlid not in states:
                states[xmlid] = self.env.ref(xmlid, raise_if_not_found=False)
            partner.pillar_province_id = states.get(xmlid) if xmlid else False

    @api.depends("pillar_province_id")
    def _compute_pillar_region(self):
        regions = {}
        for xmlid, region in PROVINCE_REGIONS.items():
            state = self.env.ref(xmlid, raise_if_not_found=False)
            if state:
                regions[state.id] = region
        for partner in self:
            partner.pillar_region = regions.get(partner.pillar_province_id.id, False)

    def _compute_pillar_project_count(self):
        counts = dict(
            self.env["pijler.project"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.pillar_project_count = counts.get(partner, 0)

    def _compute_website_url(self):
        super()._compute_website_url()
        ir_http = self.env["ir.http"]
        for partner in self.filtered("is_pillar_org"):
            partner.website_url = f"/databank/{ir_http._slug(partner)}"

    @api.constrains("company_registry", "is_pillar_org")
    def _check_pillar_enterprise_number(self):
        orgs = self.filtered(lambda p: p.is_pillar_org and p.company_registry)
        for partner in orgs:
            try:
                normalize_enterprise_number(partner.company_registry)
            except ValueError:
                raise ValidationError(
                    _(
                        "%(number)s is not a valid Belgian enterprise number "
                        "(%(org)s). It has ten digits, starts with 0 or 1 and "
                        "ends with a check number, e.g. 0123.456.749.",
                        number=partner.company_registry,
                        org=partner.name,
                    )
                ) from None
        if not orgs:
            return
        duplicates = self._read_group(
            [
                ("is_pillar_org", "=", True),
                ("company_registry", "in", orgs.mapped("company_registry")),
            ],
            ["company_registry"],
            ["id:recordset"],
            having=[("__count", ">", 1)],
        )
        for number, partners in duplicates:
            raise ValidationError(
                _(
                    "The enterprise number %(number)s is already used by " "%(orgs)s.",
                    number=number,
                    orgs=", ".join(partners.mapped("display_name")),
                )
            )

    @api.constrains("founding_year", "volunteer_count")
    def _check_pillar_figures(self):
        this_year = fields.Date.context_today(self).year
        for partner in self:
            if partner.founding_year and not (
                FOUNDING_YEAR_MIN <= partner.founding_year <= this_year
            ):
                raise ValidationError(
                    _(
                        "The founding year of %(org)s must lie between "
                        "%(first)s and %(last)s.",
                        org=partner.name,
                        first=FOUNDING_YEAR_MIN,
                        last=this_year,
                    )
                )
            if partner.volunteer_count < 0:
                raise ValidationError(_("The number of volunteers cannot be negative."))

    @api.onchange("company_registry")
    def _onchange_pillar_company_registry(self):
        if self.is_pillar_org and self.company_registry:
            try:
                self.company_registry = normalize_enterprise_number(
                    self.company_registry
                )
            except ValueError:
                return {
                    "warning": {
                        "title": _("Enterprise number"),
                        "message": _(
                            "%(number)s is not a valid Belgian enterprise number.",
                            number=self.company_registry,
                        ),
                    }
                }

    @api.model
    def _pillar_normalize_vals(self, vals, is_pillar_org):
        """Bring typed values into their canonical form before they are stored.

        Invalid values are left as they are: the constraints then refuse them
        with a message that names the field.
        """
        vals = dict(vals)
        if is_pillar_org and vals.get("company_registry"):
            try:
                vals["company_registry"] = normalize_enterprise_number(
                    vals["company_registry"]
                )
            except ValueError:
                pass
        for field in SOCIAL_FIELDS + (("website",) if is_pillar_org else ()):
            if vals.get(field):
                try:
                    vals[field] = normalize_url(vals[field])
                except ValueError:
                    raise ValidationError(
                        _(
                            "%(value)s is not a valid web address for %(field)s.",
                            value=vals[field],
                            field=self._fields[field].get_description(self.env)[
                                "string"
                            ],
                        )
                    ) from None
        if "pillar_state" in vals:
            vals["is_published"] = vals["pillar_state"] == "published"
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [
            self._pillar_normalize_vals(vals, vals.get("is_pillar_org"))
            for vals in vals_list
        ]
        return super().create(vals_list)

    def write(self, vals):
        is_pillar_org = vals.get("is_pillar_org") or (
            self and all(self.mapped("is_pillar_org"))
        )
        return super().write(self._pillar_normalize_vals(vals, is_pillar_org))

    def init(self):
        super().init()
        # The importer and the duplicate check look organisations up by number.
        tools.create_index(
            self._cr,
            "res_partner_pillar_company_registry_index",
            self._table,
            ["company_registry"],
            where="is_pillar_org IS TRUE AND company_registry IS NOT NULL",
        )

    def action_pillar_publish(self):
        self.write({"pillar_state": "published"})

    def action_pillar_archive(self):
        self.write({"pillar_state": "archived"})

    def action_pillar_draft(self):
        self.write({"pillar_state": "draft"})

    def action_view_pillar_projects(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pijler_support.pijler_project_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
