import base64
import binascii
import contextlib
import io
import logging
import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup
from PIL import Image
from stdnum.be import vat as be_vat
from werkzeug import urls

from odoo import Command, _, _lt, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools.image import IMAGE_MAX_RESOLUTION, get_webp_size
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.misc import clean_context

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

# Odoo does not translate the names of states; the databank shows provinces
# under these names, which are translated like any other string.
PROVINCE_LABELS = {
    "pijler_support.state_be_brussels": _lt("Brussels-Capital Region"),
    "base.state_be_1": _lt("Antwerp"),
    "base.state_be_2": _lt("Limburg"),
    "base.state_be_3": _lt("East Flanders"),
    "base.state_be_4": _lt("Flemish Brabant"),
    "base.state_be_5": _lt("West Flanders"),
    "base.state_be_6": _lt("Walloon Brabant"),
    "base.state_be_7": _lt("Hainaut"),
    "base.state_be_8": _lt("Liège"),
    "base.state_be_9": _lt("Luxembourg"),
    "base.state_be_10": _lt("Namur"),
}

LEGAL_FORMS = [
    ("de_facto", "De facto association"),
    ("vzw", "Non-profit association (vzw)"),
    ("ivzw", "International non-profit association (ivzw)"),
    ("foundation", "Foundation"),
    ("cooperative", "Cooperative"),
    ("other", "Other"),
]

SOCIAL_FIELDS = ("social_facebook", "social_instagram", "social_linkedin")

FOUNDING_YEAR_MIN = 1850

# Yearly confirmation: a fiche not confirmed for CONFIRMATION_MONTHS gets a
# request, then REMINDERS reminders REMINDER_DAYS apart, then is archived.
CONFIRMATION_MONTHS = 12
REMINDERS = 3  # the request counts as the first mail; two reminders follow
REMINDER_DAYS = 14
CONFIRMATION_TOKEN_DAYS = 60
CONFIRMATION_SCOPE = "pijler_support.confirm_fiche"

# Portal self-service: what a representative may change on the website.
PORTAL_ADDRESS_FIELDS = ("street", "zip", "city")
PORTAL_URL_FIELDS = ("website", *SOCIAL_FIELDS)
PORTAL_TAG_FIELDS = ("theme_ids", "activity_country_ids", "sdg_ids", "expertise_ids")
PORTAL_TEXT_FIELDS = ("mission", "history")
# A new name or number could turn a fiche into another organisation's:
# the support point reviews it before it is public again.
PORTAL_REVIEWED_FIELDS = ("name", "company_registry")

# Website registration form: the longest text a visitor may type in each
# field (also the inputs' maxlength), and what a logo may be.
REGISTRATION_TEXT_LIMITS = {
    "name": 120,
    "company_registry": 20,
    "street": 120,
    "zip": 10,
    "city": 60,
    "website": 200,
    "mission": 3000,
    "project_name": 120,
    "project_description": 1000,
    "contact_name": 120,
    "contact_email": 120,
    "contact_phone": 30,
}
REGISTRATION_MULTILINE_FIELDS = ("mission", "project_description")
REGISTRATION_MAX_CHOICES = 50
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MIMETYPES = ("image/png", "image/jpeg", "image/webp")


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
            ("submitted", "Submitted"),
            ("published", "Published"),
            ("rejected", "Rejected"),
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
    pillar_submitter_id = fields.Many2one(
        "res.partner",
        string="Registered by",
        copy=False,
        help="The contact person who registered the organisation on the website.",
    )
    pillar_possible_duplicate_ids = fields.Many2many(
        "res.partner",
        "res_partner_pillar_duplicate_rel",
        "partner_id",
        "duplicate_id",
        string="Possible duplicates",
        copy=False,
        help="Organisations with the same enterprise number, e-mail address, or "
        "name and municipality, found when this one was registered.",
    )
    pillar_reject_reason = fields.Text(string="Reason for rejection", copy=False)
    pillar_confirmed_date = fields.Date(
        string="Last confirmed",
        copy=False,
        tracking=True,
        index=True,
        help="When the organisation last confirmed that its fiche is correct.",
    )
    pillar_reminder_count = fields.Integer(
        string="Reminders sent",
        copy=False,
        help="Confirmation reminders sent since the last confirmation.",
    )
    pillar_reminder_date = fields.Date(string="Last reminder", copy=False)
    is_pillar_representative = fields.Boolean(
        string="Representative",
        help="This contact may keep the organisation's fiche up to date "
        "on the website.",
    )
    pillar_representative_ids = fields.One2many(
        "res.partner",
        "parent_id",
        string="Representatives",
        domain=[("is_pillar_representative", "=", True)],
        help="Contact persons who keep the fiche up to date on the website.",
    )
    pillar_archived_unconfirmed = fields.Boolean(
        string="Archived for lack of confirmation",
        copy=False,
        help="Set when the fiche was archived because nobody confirmed it. "
        "Such a fiche is published again as soon as it is confirmed.",
    )
    pillar_out_of_date = fields.Boolean(
        string="Out of date",
        compute="_compute_pillar_out_of_date",
        search="_search_pillar_out_of_date",
        help="Not confirmed by the organisation for more than a year.",
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

    @api.model
    def _pillar_province_label(self, state):
        """Return the translated name of a Belgian province, or its name."""
        IrModelData = self.env["ir.model.data"]
        for xmlid, label in PROVINCE_LABELS.items():
            # Cached lookup, unlike env.ref(), which checks that the record
            # exists: no query per organisation on a directory page.
            _model, state_id = IrModelData._xmlid_to_res_model_res_id(
                xmlid, raise_if_not_found=False
            )
            if state_id == state.id:
                return str(label)
        return state.name

    def _pillar_province_name(self):
        self.ensure_one()
        if not self.pillar_province_id:
            return ""
        return self._pillar_province_label(self.pillar_province_id)

    def _compute_pillar_project_count(self):
        counts = dict(
            self.env["pijler.project"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.pillar_project_count = counts.get(partner, 0)

    def _compute_website_url(self):  # pylint: disable=missing-return
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
            # An invalid number stays as typed: the constraint names it.
            with contextlib.suppress(ValueError):
                vals["company_registry"] = normalize_enterprise_number(
                    vals["company_registry"]
                )
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
        if is_pillar_org and vals.get("name"):
            vals["name"] = " ".join(vals["name"].split())
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
        result = super().write(self._pillar_normalize_vals(vals, is_pillar_org))
        if "is_pillar_representative" in vals:
            # The representatives' record rule on projects reads this flag, and
            # record rules are cached per user: drop them.
            self.env.registry.clear_cache()
        if vals.get("is_pillar_org"):
            # A contact that becomes an organisation may carry a number typed
            # in another form: store it canonically, so that the uniqueness
            # check compares like with like.
            for partner in self.filtered("company_registry"):
                with contextlib.suppress(ValueError):
                    number = normalize_enterprise_number(partner.company_registry)
                    if number != partner.company_registry:
                        partner.company_registry = number
        return result

    def init(self):  # pylint: disable=missing-return
        super().init()
        # The importer and the duplicate check look organisations up by number.
        tools.create_index(
            self._cr,
            "res_partner_pillar_company_registry_index",
            self._table,
            ["company_registry"],
            where="is_pillar_org IS TRUE AND company_registry IS NOT NULL",
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_pillar_org_by_staff(self):
        if self.filtered("is_pillar_org") and not self.env.user.has_group(
            "pijler_support.group_pijler_manager"
        ):
            raise AccessError(
                _(
                    "Only databank managers delete organisations. "
                    "Archive the fiche instead."
                )
            )

    def action_pillar_publish(self):
        # Staff publishing a fiche vouch for it: the yearly cycle starts anew,
        # or a fiche archived for lack of confirmation would be archived again.
        self.write(
            {
                "pillar_state": "published",
                "pillar_confirmed_date": fields.Date.context_today(self),
                "pillar_reminder_count": 0,
                "pillar_reminder_date": False,
                "pillar_archived_unconfirmed": False,
            }
        )

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

    # ------------------------------------------------------------------
    # Registration and moderation
    # ------------------------------------------------------------------

    @api.model
    def _pillar_find_duplicates(self, name=None, city=None, number=None, email=None):
        """Return the organisations a new registration may duplicate.

        An organisation matches on the same enterprise number, the same e-mail
        address, or the same name in the same municipality (case and spacing
        ignored). Archived and rejected ones count too.
        """
        domains = []
        if number:
            try:
                number = normalize_enterprise_number(number)
            except ValueError:
                number = None
        if number:
            domains.append([("company_registry", "=", number)])
        email = tools.email_normalize(email or "")
        if email:
            domains.append([("email_normalized", "=", email)])
        name = " ".join((name or "").split())
        city = " ".join((city or "").split())
        if name and city:
            domains.append([("name", "=ilike", name), ("city", "=ilike", city)])
        if not domains:
            return self.browse()
        return self.with_context(active_test=False).search(
            expression.AND([[("is_pillar_org", "=", True)], expression.OR(domains)])
        )

    @api.model
    def _pillar_get_moderator(self):
        """Return the staff member who reviews registrations."""
        user_id = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("pijler_support.moderator_user_id")
        )
        user = self.env["res.users"].sudo().browse(int(user_id or 0)).exists()
        if not user:
            group = self.env.ref("pijler_support.group_pijler_manager")
            user = group.users.filtered(lambda u: not u._is_superuser())[:1]
        return user

    def _pillar_schedule_staff_activity(self, summary, note=None):
        moderator = self._pillar_get_moderator()
        for org in self:
            org.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=note,
                user_id=moderator.id or self.env.uid,
            )

    def _pillar_submit(self, submitter):
        """Put website registrations in the review queue.

        Flags possible duplicates, tells staff and thanks the submitter.
        """
        template = self.env.ref(
            "pijler_support.mail_template_pillar_submission_received"
        )
        for org in self:
            duplicates = (
                self._pillar_find_duplicates(
                    org.name, org.city, org.company_registry, org.email
                )
                - org
            )
            org.write(
                {
                    "pillar_state": "submitted",
                    "pillar_submitter_id": submitter.id,
                    "pillar_possible_duplicate_ids": [Command.set(duplicates.ids)],
                }
            )
            note = False
            if duplicates:
                note = _(
                    "Possible duplicate of %(orgs)s.",
                    orgs=", ".join(duplicates.mapped("display_name")),
                )
            org._pillar_schedule_staff_activity(
                _("Review the registration of %(org)s", org=org.name), note
            )
            org._pillar_post_template(template)

    def _pillar_post_template(self, template):
        """Send ``template`` to its recipients and keep it in the chatter."""
        # Defaults meant for a wizard (default_partner_ids, ...) would leak
        # into the mail composer and change the recipients: replace the
        # context instead of adding to it.
        # Posted as an internal note: sent to the template's recipients only,
        # not to every follower, and not shown to portal users, as these mails
        # carry personal links (the yearly confirmation link).
        # pylint: disable-next=context-overridden
        self.with_context(clean_context(self.env.context)).message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _pillar_check_moderation(self):
        if not self.env.user.has_group("pijler_support.group_pijler_user"):
            raise AccessError(
                _("Only staff of the support point review registrations.")
            )

    def action_pillar_approve(self):
        """Publish registrations, invite their contact person to the portal."""
        self._pillar_check_moderation()
        template = self.env.ref("pijler_support.mail_template_pillar_approved")
        for org in self:
            if org.pillar_state != "submitted":
                raise UserError(
                    _("%(org)s is not waiting for review.", org=org.display_name)
                )
            org.write(
                {
                    "pillar_state": "published",
                    "pillar_confirmed_date": fields.Date.context_today(org),
                    "pillar_reminder_count": 0,
                }
            )
            submitter = org.pillar_submitter_id
            if submitter:
                submitter.is_pillar_representative = True
                try:
                    with self.env.cr.savepoint():
                        org._pillar_grant_portal_access(submitter)
                except UserError as error:
                    # Typically an address that already has a login, e.g. of
                    # someone active in two organisations: approve anyway.
                    org.message_post(
                        body=_(
                            "%(name)s got no login for this fiche: %(reason)s",
                            name=submitter.name,
                            reason=str(error),
                        ),
                        subtype_xmlid="mail.mt_note",
                    )
            org._pillar_post_template(template)
            org.activity_ids.filtered(
                lambda a: a.activity_type_id
                == self.env.ref("mail.mail_activity_data_todo")
            ).action_feedback(feedback=_("Approved"))

    def action_pillar_reject(self, reason):
        """Refuse registrations and tell the submitter why."""
        self._pillar_check_moderation()
        if not (reason or "").strip():
            raise UserError(_("Give the reason of the rejection: it is sent."))
        template = self.env.ref("pijler_support.mail_template_pillar_rejected")
        for org in self:
            if org.pillar_state != "submitted":
                raise UserError(
                    _("%(org)s is not waiting for review.", org=org.display_name)
                )
            org.write({"pillar_state": "rejected", "pillar_reject_reason": reason})
            org._pillar_post_template(template)
            org.activity_ids.action_feedback(feedback=_("Rejected"))

    def action_pillar_open_reject_wizard(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pijler_support.pijler_reject_wizard_action"
        )
        action["context"] = {"default_partner_ids": self.ids}
        return action

    # ------------------------------------------------------------------
    # Website registration: the public form at /databank/register
    # (controllers/registration.py)
    # ------------------------------------------------------------------

    pillar_newsletter_optin = fields.Boolean(
        string="Newsletter",
        copy=False,
        help="This contact person asked for the newsletter of the support point "
        "when registering an organisation.",
    )

    @api.model
    def _pillar_register_from_website(self, form, logo=None):
        """Create an organisation from the website's registration form.

        The controller calls this as superuser: every value stored is taken
        field by field from ``_pillar_registration_parse``; nothing else that
        was posted (a state, a publication flag, ...) reaches ``create``.

        The organisation is created with its contact person (in the language
        of the current website, ``self.env.lang``) and first project, then put
        in the review queue by ``_pillar_submit``, which flags possible
        duplicates and thanks the contact person by mail.

        :param dict form: see ``_pillar_registration_parse``
        :param bytes logo: the uploaded logo, or None
        :return: ``(organisation, errors)``; the organisation is empty when
            ``errors`` maps form fields to messages
        """
        values, errors = self._pillar_registration_parse(form, logo)
        if errors:
            return self.browse(), errors
        org_vals = values["organisation"]
        contact_vals = values["contact"]
        # Two organisations may not share an enterprise number (see
        # _check_pillar_enterprise_number). A registration that gives the
        # number of a known organisation is most often that organisation
        # registering again, or a mistyped number: refusing it would leave the
        # visitor stuck, storing it would crash. So the registration goes to
        # the review queue without the number, linked to the organisation that
        # has it, and the typed number is kept in the chatter for staff to
        # merge or correct.
        number = org_vals.pop("company_registry", False)
        number_owners = self._pillar_find_duplicates(number=number)
        if number and not number_owners:
            org_vals["company_registry"] = number
        organisation = self.create(
            {
                **org_vals,
                "is_company": True,
                "is_pillar_org": True,
                "country_id": self.env.ref("base.be").id,
                # Not shown on the website; used to find duplicates and as the
                # organisation's address until it names another one.
                "email": contact_vals["email"],
                "lang": self.env.lang,
            }
        )
        contact = self.create(
            {
                **contact_vals,
                "parent_id": organisation.id,
                "type": "contact",
                "lang": self.env.lang,
            }
        )
        if values["project"]:
            self.env["pijler.project"].create(
                {**values["project"], "partner_id": organisation.id}
            )
        organisation._pillar_submit(contact)
        if number_owners:
            organisation.pillar_possible_duplicate_ids = [
                Command.link(owner.id) for owner in number_owners
            ]
            organisation.message_post(
                body=_(
                    "The registration gave the enterprise number %(number)s, "
                    "which belongs to %(orgs)s. It was not stored on this "
                    "organisation: merge the two, or correct the number.",
                    number=number,
                    orgs=", ".join(number_owners.mapped("display_name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return organisation, {}

    @api.model
    def _pillar_registration_parse(self, form, logo=None):
        """Check a website registration form and turn it into field values.

        :param dict form: the posted values, by input name; a value is a
            string, or a list of strings for the inputs that take several
            choices (the first item of a list counts for the other inputs)
        :param bytes logo: the uploaded logo, or None
        :return: ``(values, errors)``: ``values`` has the keys
            ``organisation``, ``contact`` and ``project`` (None when no project
            was given), each a dict of field values; ``errors`` maps an input
            name to the message to show next to it
        """
        text, errors = self._pillar_registration_read_text(form)
        organisation = self._pillar_registration_check_organisation(form, text, errors)
        if logo:
            try:
                organisation["image_1920"] = self._pillar_registration_check_logo(logo)
            except ValueError as error:
                errors["logo"] = str(error)
        contact = self._pillar_registration_check_contact(form, text, errors)
        project = self._pillar_registration_check_project(form, text, errors)
        if not form.get("publish_consent"):
            errors["publish_consent"] = _(
                "Agree to the publication: the databank is public."
            )
        values = {"organisation": organisation, "contact": contact, "project": project}
        return values, errors

    @api.model
    def _pillar_registration_read_text(self, form):
        """Return the text inputs of a registration, trimmed, and their errors.

        A single-line value has its spacing collapsed; a text area keeps its
        line breaks. Too long a value gives an error, never a silent cut.
        """
        text, errors = {}, {}
        for key, limit in REGISTRATION_TEXT_LIMITS.items():
            value = self._pillar_registration_first(form, key)
            if key in REGISTRATION_MULTILINE_FIELDS:
                value = "\n".join(line.rstrip() for line in value.splitlines())
                value = value.strip()
            else:
                value = " ".join(value.split())
            if len(value) > limit:
                errors[key] = _("Use at most %(limit)s characters.", limit=limit)
            text[key] = value
        for key in ("name", "zip", "city", "contact_name", "contact_email"):
            if not text[key]:
                errors[key] = _("This field is required.")
        return text, errors

    @api.model
    def _pillar_registration_first(self, form, key):
        value = form.get(key) or ""
        if isinstance(value, list | tuple):
            value = value[0] if value else ""
        return value if isinstance(value, str) else ""

    @api.model
    def _pillar_registration_records(self, form, key, model):
        """Return the records of ``model`` chosen in a multiple-choice input.

        Ids that do not exist (any more) are ignored: only a tampered form
        sends them, and the visitor could not correct them anyway.
        """
        raw = form.get(key) or []
        if isinstance(raw, str):
            raw = [raw]
        ids = set()
        for value in raw[:REGISTRATION_MAX_CHOICES]:
            try:
                record_id = int(value)
            except (TypeError, ValueError):
                continue
            if 0 < record_id < 2**31:  # beyond, PostgreSQL refuses the id
                ids.add(record_id)
        if not ids:
            return self.env[model]
        return self.env[model].search([("id", "in", list(ids))])

    # Checks shared by the website's forms: registration and portal.

    @api.model
    def _pillar_form_check_number(self, typed, legal_form):
        """Check a typed enterprise number against the legal form.

        :return: ``(value, message)``: the canonical number (or what was typed
            when it is invalid, or False when empty) and an error or None
        """
        if not typed:
            return False, None
        try:
            number = normalize_enterprise_number(typed)
        except ValueError:
            return typed, _(
                "This is not a valid Belgian enterprise number. It has ten "
                "digits and starts with 0 or 1, e.g. 0123.456.749."
            )
        if legal_form == "de_facto":
            return number, _(
                "A de facto association has no enterprise number: choose "
                "another legal form or leave the number empty."
            )
        return number, None

    @api.model
    def _pillar_form_check_zip(self, typed):
        """Return an error when ``typed`` is no Belgian postal code, else None."""
        if typed and not province_xmlid_from_zip(typed):
            return _("Enter a Belgian postal code of four digits.")
        return None

    @api.model
    def _pillar_form_check_url(self, typed):
        """Return ``(canonical URL or what was typed, error or None)``."""
        if not typed:
            return False, None
        try:
            return normalize_url(typed), None
        except ValueError:
            return typed, _(
                "This is not a web address. Type it as in the address bar of "
                "your browser, e.g. www.example.org."
            )

    @api.model
    def _pillar_registration_check_organisation(self, form, text, errors):
        legal_form = self._pillar_registration_first(form, "legal_form")
        if legal_form not in dict(LEGAL_FORMS):
            errors["legal_form"] = _("Choose the legal form of your organisation.")
        number = website = False
        if "company_registry" not in errors:
            number, error = self._pillar_form_check_number(
                text["company_registry"], legal_form
            )
            if error:
                number = False
                errors["company_registry"] = error
        if error := self._pillar_form_check_zip(text["zip"]):
            errors["zip"] = error
        if "website" not in errors:
            website, error = self._pillar_form_check_url(text["website"])
            if error:
                website = False
                errors["website"] = error
        countries = self._pillar_registration_records(
            form, "activity_country_ids", "res.country"
        )
        if not countries:
            errors["activity_country_ids"] = _(
                "Choose at least one country where you run projects."
            )
        mission = False
        if text["mission"]:
            # Typed as plain text: escaped, with its paragraphs kept.
            mission = tools.plaintext2html(text["mission"])
        themes = self._pillar_registration_records(form, "theme_ids", "pijler.theme")
        sdgs = self._pillar_registration_records(form, "sdg_ids", "pijler.sdg")
        return {
            "name": text["name"],
            "legal_form": legal_form or False,
            "company_registry": number,
            "street": text["street"] or False,
            "zip": text["zip"],
            "city": text["city"],
            "website": website,
            "mission": mission,
            "theme_ids": [Command.set(themes.ids)],
            "activity_country_ids": [Command.set(countries.ids)],
            "sdg_ids": [Command.set(sdgs.ids)],
        }

    @api.model
    def _pillar_registration_check_contact(self, form, text, errors):
        email = text["contact_email"]
        if (
            email
            and "contact_email" not in errors
            and not (
                tools.single_email_re.match(email) and tools.email_normalize(email)
            )
        ):
            errors["contact_email"] = _(
                "This is not an e-mail address, e.g. name@example.org."
            )
        phone = text["contact_phone"]
        if (
            phone
            and "contact_phone" not in errors
            and not (
                re.fullmatch(r"\+?[0-9 ()./-]+", phone)
                and len(re.sub(r"\D", "", phone)) >= 8
            )
        ):
            errors["contact_phone"] = _(
                "This is not a phone number, e.g. +32 470 12 34 56."
            )
        return {
            "name": text["contact_name"],
            "email": email,
            "phone": phone or False,
            "pillar_newsletter_optin": bool(form.get("newsletter_optin")),
        }

    @api.model
    def _pillar_registration_check_project(self, form, text, errors):
        country = self._pillar_registration_records(
            form, "project_country_id", "res.country"
        )[:1]
        if not (text["project_name"] or text["project_description"] or country):
            return None
        if not text["project_name"]:
            errors["project_name"] = _(
                "Give the project a title, or leave the whole project empty."
            )
        return {
            "name": text["project_name"],
            "country_id": country.id,
            "description": text["project_description"] or False,
        }

    @api.model
    def _pillar_registration_check_logo(self, data):
        """Return an uploaded logo ready for ``image_1920``.

        The file's content decides, not its name: it must be a PNG or JPEG
        image that Pillow reads in full, or a WebP image with a readable
        header, of at most LOGO_MAX_BYTES.

        :raise ValueError: with the message for the visitor
        """
        if len(data) > LOGO_MAX_BYTES:
            raise ValueError(_("The logo is larger than 2 MB. Upload a smaller file."))
        mimetype = guess_mimetype(data)
        if mimetype not in LOGO_MIMETYPES:
            raise ValueError(_("The logo must be a PNG, JPEG or WebP image."))
        unreadable = _("The logo could not be read as an image. Upload another file.")
        if mimetype == "image/webp":
            # Odoo keeps Pillow's WebP decoder switched off (odoo.tools.image)
            # and stores WebP images as they come: check what it can, the
            # size in the header, as Odoo itself does.
            try:
                size = get_webp_size(data)
            except (UserError, IndexError):
                size = None
        else:
            try:
                with Image.open(io.BytesIO(data)) as image:
                    size = image.size
                    image.verify()  # reads the whole file: a forged one fails
            except Exception:  # Pillow raises many kinds of errors on a bad file
                size = None
        if not size:
            raise ValueError(unreadable)
        if size[0] * size[1] > IMAGE_MAX_RESOLUTION:
            raise ValueError(_("The logo has too many pixels. Upload a smaller image."))
        return base64.b64encode(data)

    # ------------------------------------------------------------------
    # Representatives: the people who keep a fiche up to date
    # ------------------------------------------------------------------

    def _pillar_get_representatives(self):
        """Return the users who may edit these organisations on the portal."""
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("partner_id.parent_id", "in", self.ids),
                    ("partner_id.is_pillar_representative", "=", True),
                ]
            )
        )

    def _pillar_get_review_recipients(self):
        """Return who hears the outcome of a review: the person who registered
        the organisation, else its representatives, else the organisation.
        """
        self.ensure_one()
        return self.pillar_submitter_id or self._pillar_get_confirmation_recipients()

    def _pillar_get_confirmation_recipients(self):
        """Return who is asked to confirm the fiche: its representatives, or
        the organisation's own address when it has none (e.g. after an import).
        """
        self.ensure_one()
        recipients = self.pillar_representative_ids.filtered("email")
        if not recipients and self.email:
            recipients = self
        return recipients

    def _pillar_grant_portal_access(self, contact):
        """Give ``contact`` a portal account, through Odoo's portal wizard.

        The wizard sends Odoo's own invitation mail with the sign-up link.
        """
        self.ensure_one()
        if contact.user_ids:
            return contact.user_ids[:1]
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .create({"partner_ids": [Command.set(contact.ids)]})
        )
        wizard.user_ids.action_grant_access()
        return contact.with_context(active_test=False).user_ids[:1]

    def _pillar_add_representative(self, name, email):
        """Add a colleague as representative; return the contact."""
        self.ensure_one()
        email = tools.email_normalize(email or "")
        if not email or not (name or "").strip():
            raise UserError(_("A representative needs a name and an e-mail address."))
        contact = self.child_ids.filtered(lambda c: c.email_normalized == email)[:1]
        if not contact:
            contact = self.create(
                {
                    "name": name.strip(),
                    "email": email,
                    "parent_id": self.id,
                    "type": "contact",
                }
            )
        contact.is_pillar_representative = True
        self._pillar_grant_portal_access(contact)
        self.message_post(
            body=_("%(name)s is now a representative.", name=contact.name),
            subtype_xmlid="mail.mt_note",
        )
        return contact

    def action_pillar_remove_representative(self):
        """Staff take a contact's right to edit its organisation away."""
        self._pillar_check_moderation()
        for contact in self.filtered("is_pillar_representative"):
            contact.is_pillar_representative = False
            if any(user._is_portal() for user in contact.user_ids):
                # Odoo's portal wizard takes the portal group away and archives
                # the user, and voids any pending sign-up link.
                wizard = (
                    self.env["portal.wizard"]
                    .sudo()
                    .create({"partner_ids": [Command.set(contact.ids)]})
                )
                wizard.user_ids.action_revoke_access()
            contact.parent_id.message_post(
                body=_("%(name)s is no longer a representative.", name=contact.name),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Yearly confirmation
    # ------------------------------------------------------------------

    @api.depends("pillar_confirmed_date", "create_date")
    def _compute_pillar_out_of_date(self):
        limit = fields.Date.context_today(self) - relativedelta(
            months=CONFIRMATION_MONTHS
        )
        for org in self:
            reference = org.pillar_confirmed_date or (
                org.create_date and org.create_date.date()
            )
            org.pillar_out_of_date = bool(
                org.is_pillar_org and reference and reference < limit
            )

    def _search_pillar_out_of_date(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on %s.", "pillar_out_of_date"))
        limit = fields.Date.context_today(self) - relativedelta(
            months=CONFIRMATION_MONTHS
        )
        out_of_date = [
            ("is_pillar_org", "=", True),
            "|",
            ("pillar_confirmed_date", "<", limit),
            "&",
            ("pillar_confirmed_date", "=", False),
            ("create_date", "<", fields.Datetime.to_datetime(limit)),
        ]
        if (operator == "=") == value:
            return out_of_date
        return ["!", *expression.normalize_domain(out_of_date)]

    def _pillar_get_confirmation_token(self):
        """Return a signed token that confirms this fiche, and only that.

        The token names the organisation and its reminder count: confirming
        resets the count, after which the token no longer verifies.
        """
        self.ensure_one()
        return tools.hash_sign(
            self.sudo().env,
            CONFIRMATION_SCOPE,
            [self.id, self.pillar_reminder_count],
            expiration=timedelta(days=CONFIRMATION_TOKEN_DAYS),
        )

    def _pillar_get_confirmation_url(self):
        self.ensure_one()
        token = self._pillar_get_confirmation_token()
        return f"{self.get_base_url()}/databank/confirm/{token}"

    @api.model
    def _pillar_from_confirmation_token(self, token):
        """Return the organisation a valid token confirms, or an empty set."""
        try:
            values = tools.verify_hash_signed(
                self.sudo().env, CONFIRMATION_SCOPE, token or ""
            )
        except (ValueError, TypeError, UnicodeDecodeError, binascii.Error):
            values = None
        if not isinstance(values, list) or len(values) != 2:
            return self.browse()
        org_id, reminder_count = values
        org = self.sudo().browse(org_id).exists()
        if (
            not org
            or not org.is_pillar_org
            or org.pillar_reminder_count != reminder_count
            or org.pillar_state not in ("published", "archived")
            or (org.pillar_state == "archived" and not org.pillar_archived_unconfirmed)
        ):
            return self.browse()
        return org

    def action_pillar_confirm(self):
        """The organisation says its fiche is still correct."""
        for org in self:
            vals = {
                "pillar_confirmed_date": fields.Date.context_today(org),
                "pillar_reminder_count": 0,
                "pillar_reminder_date": False,
            }
            if org.pillar_archived_unconfirmed:
                vals.update(pillar_state="published", pillar_archived_unconfirmed=False)
            org.write(vals)
            org.message_post(
                body=_("The organisation confirmed that its fiche is correct."),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _cron_pillar_request_confirmation(self):
        """Ask published organisations once a year to confirm their fiche.

        A request, then two reminders, each REMINDER_DAYS apart; without an
        answer REMINDER_DAYS after the second reminder the fiche is archived
        and staff are told.
        """
        today = fields.Date.context_today(self)
        due_before = today - timedelta(days=REMINDER_DAYS)
        orgs = self.search(
            [
                ("pillar_state", "=", "published"),
                ("pillar_out_of_date", "=", True),
                "|",
                ("pillar_reminder_date", "=", False),
                ("pillar_reminder_date", "<=", due_before),
            ]
        )
        template = self.env.ref(
            "pijler_support.mail_template_pillar_confirmation_request"
        )
        to_archive = orgs.filtered(lambda o: o.pillar_reminder_count >= REMINDERS)
        to_remind = orgs - to_archive
        for org in to_remind:
            org.write(
                {
                    "pillar_reminder_count": org.pillar_reminder_count + 1,
                    "pillar_reminder_date": today,
                }
            )
            org._pillar_post_template(template)
        if to_archive:
            to_archive.write(
                {"pillar_state": "archived", "pillar_archived_unconfirmed": True}
            )
            to_archive._pillar_schedule_staff_activity(
                _("Fiche archived: not confirmed"),
                _(
                    "Nobody confirmed this fiche after a request and two reminders. "
                    "It is no longer public; it comes back when the organisation "
                    "confirms it."
                ),
            )
        _logger.info(
            "Yearly confirmation: %s requests or reminders sent, %s fiches archived",
            len(to_remind),
            len(to_archive),
        )

    # ------------------------------------------------------------------
    # Public databank: the directory on the website (controllers/main.py)
    # ------------------------------------------------------------------

    @api.model
    def _get_pillar_directory_facets(self):
        """Return the filters of the public databank, in display order.

        Maps the query-string key of each filter to the field it filters on:
        a many2many or many2one (the value is a record id), a selection (the
        value is a key) or a boolean (the value is ``1``). Override to add a
        filter; the template shows every facet it finds here.
        """
        return {
            "country": "activity_country_ids",
            "theme": "theme_ids",
            "sdg": "sdg_ids",
            "region": "pillar_region",
            "province": "pillar_province_id",
            "expertise": "expertise_ids",
            "diaspora": "is_diaspora_led",
        }

    @api.model
    def _get_pillar_directory_text_fields(self):
        """Return the field paths a free-text search of the databank looks in.

        Their text makes up ``pillar_search_text``, the only field the search
        reads; HTML counts by its text, not its markup. After an override, the
        stored search text of existing organisations must be computed again.
        """
        return [
            "name",
            "city",
            "mission",
            "pillar_project_ids.name",
            "pillar_project_ids.description",
        ]

    @api.model
    def _pillar_directory_parse_filters(self, params):
        """Return the valid filters among ``params``, a query-string dict.

        A value that is not a known record id or choice is dropped rather than
        refused: shared links outlive the themes and countries they point to.
        Relational values become records, selections stay keys, booleans True.
        """
        filters = {}
        for key, fname in self._get_pillar_directory_facets().items():
            raw = (params.get(key) or "").strip()
            if not raw:
                continue
            field = self._fields[fname]
            if field.type == "boolean":
                if raw in ("1", "true", "True"):
                    filters[key] = True
            elif field.type == "selection":
                if raw in field.get_values(self.env):
                    filters[key] = raw
            else:
                try:
                    record_id = int(raw)
                except ValueError:
                    continue
                if 0 < record_id < 2**31:  # beyond, PostgreSQL refuses the id
                    record = self.env[field.comodel_name].browse(record_id).exists()
                    if record:
                        filters[key] = record
        return filters

    @api.model
    def _pillar_directory_domain(self, search="", filters=None, without=None):
        """Return the domain of the published organisations matching a search.

        :param str search: free text; every word must appear in one of the
            text fields (name, municipality, mission, projects), whatever its
            case and accents
        :param dict filters: as returned by ``_pillar_directory_parse_filters``
        :param str without: key of a filter to leave out, to count what
            choosing another value of that filter would give
        """
        return [
            *self._pillar_directory_search_domain(search),
            *self._pillar_directory_filter_domain(filters, without),
        ]

    @api.model
    def _pillar_directory_search_domain(self, search=""):
        """Return the published organisations matching a free-text search."""
        domain = [("is_pillar_org", "=", True), ("pillar_state", "=", "published")]
        for word in self._pillar_directory_search_words(search):
            # Escaped: to a visitor, % and _ are characters, not wildcards.
            domain.append(("pillar_search_text", "ilike", tools.escape_psql(word)))
        return domain

    @api.model
    def _pillar_directory_clean_search(self, search):
        """Return a visitor's search as the databank shows it back.

        One line of at most 200 characters, without control characters: a NUL
        byte, for one, is text PostgreSQL refuses.
        """
        text = re.sub(
            r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
            r"\ud800-\udfff]",
            " ",
            search or "",
        )
        return " ".join(text.split())[:200]

    @api.model
    def _pillar_directory_search_words(self, search):
        """Return the words of a search, folded as ``pillar_search_text`` is.

        Quotes go, so that "water" finds what water finds, and so do tags and
        angle brackets: the search looks in text, and <p> is no word of it. A
        handful of words is plenty; more only make a slower query.
        """
        text = self._pillar_directory_fold(self._pillar_directory_clean_search(search))
        text = re.sub(r"<[^<>]*>|[\"“”„«»<>]", " ", text)
        words = [word.strip("'") for word in text.split()]
        return [word[:64] for word in words if word][:8]

    @api.model
    def _pillar_directory_fold(self, text):
        """Return ``text`` as the databank search compares it: on one line, in
        lower case and without accents (Liège is liege, Haïti is haiti)."""
        text = tools.remove_accents(text or "")
        # Visitors type a straight apostrophe for a typographic one.
        text = text.replace("\u2018", "'").replace("\u2019", "'")
        return " ".join(text.casefold().split())

    @api.model
    def _pillar_directory_filter_domain(self, filters=None, without=None):
        """Return the domain of the filters, leaving out ``without``."""
        facets = self._get_pillar_directory_facets()
        domain = []
        for key, value in (filters or {}).items():
            if key == without:
                continue
            if isinstance(value, models.BaseModel):
                domain.append((facets[key], "in", value.ids))
            else:
                domain.append((facets[key], "=", value))
        return domain

    @api.model
    def _pillar_directory_facet_counts(self, search_domain, filters=None):
        """Count the organisations behind each value of each filter.

        The count of a value is what a visitor gets by choosing it while the
        search and the other filters stay as they are. One grouped query per
        filter, whatever the number of organisations.

        :param list search_domain: see ``_pillar_directory_search_domain``
        :param dict filters: see ``_pillar_directory_parse_filters``
        :return: ``{key: [(value, label, count)]}`` with values in the order of
            their model (e.g. SDGs by number) and the active value always
            included, even when nothing matches it any more
        """
        filters = filters or {}
        result = {}
        for key, fname in self._get_pillar_directory_facets().items():
            field = self._fields[fname]
            domain = [
                *search_domain,
                *self._pillar_directory_filter_domain(filters, without=key),
            ]
            groups = self._read_group(domain, [fname], ["__count"])
            counts = {value: count for value, count in groups if value}
            active = filters.get(key)
            if active and active not in counts:
                counts[active] = 0
            if field.type == "boolean":
                values = [True]
            elif field.type == "selection":
                values = field.get_values(self.env)
            else:
                values = self.env[field.comodel_name].union(*counts).sorted()
            result[key] = [
                (value, self._pillar_directory_label(key, value), counts[value])
                for value in values
                if value in counts
            ]
        return result

    @api.model
    def _pillar_directory_label(self, key, value):
        """Return how the databank names the value of a filter."""
        field = self._fields[self._get_pillar_directory_facets()[key]]
        if field.type == "boolean":
            return field.get_description(self.env)["string"]
        if field.type == "selection":
            return dict(field._description_selection(self.env))[value]
        if value._name == "res.country.state":
            return self._pillar_province_label(value)
        return value.display_name

    @api.model
    def _pillar_directory_page(self, search="", filters=None, page=1, step=20):
        """Return one page of the databank and what the filters would give.

        :return: dict with ``total`` (matching organisations), ``page_count``,
            ``organisations`` (the page) and ``facets`` (see
            ``_pillar_directory_facet_counts``); a page beyond the last one
            comes back without organisations nor facets
        """
        search_domain = self._pillar_directory_search_domain(search)
        domain = [*search_domain, *self._pillar_directory_filter_domain(filters)]
        total = self.search_count(domain)
        result = {
            "total": total,
            "page_count": max(1, -(-total // step)),
            "organisations": self.browse(),
            "facets": {},
        }
        if 1 <= page <= result["page_count"]:
            result["organisations"] = self.search(
                domain, offset=(page - 1) * step, limit=step, order="name, id"
            )
            result["facets"] = self._pillar_directory_facet_counts(
                search_domain, filters
            )
        return result

    @api.model
    def _pillar_directory_from_slug(self, slug):
        """Return the published organisation a databank URL points to.

        Only the id in the slug counts, so that links made before a rename
        still find the organisation. Anything else (a draft, an archived
        organisation, a plain contact, an unknown id) gives an empty recordset
        rather than an access error, so that the page answers "not found"
        without revealing what exists.
        """
        record_id = self.env["ir.http"]._unslug(slug)[1]
        if not record_id or not 0 < record_id < 2**31:
            return self.browse()
        return self.search(
            [("id", "=", record_id), *self._pillar_directory_domain()], limit=1
        )

    def _pillar_directory_neighbours(self, countries=3, limit=4):
        """Return other published organisations active in the same countries.

        :return: list of ``(country, organisations)`` for at most ``countries``
            of the organisation's countries that have any
        """
        self.ensure_one()
        result = []
        base_domain = [*self._pillar_directory_domain(), ("id", "!=", self.id)]
        for country in self.activity_country_ids:
            neighbours = self.search(
                [*base_domain, ("activity_country_ids", "in", country.ids)],
                limit=limit,
                order="name, id",
            )
            if neighbours:
                result.append((country, neighbours))
            if len(result) == countries:
                break
        return result

    def _pillar_meta_description(self):
        """Return a one-line description for search engines and link previews."""
        self.ensure_one()
        text = " ".join(tools.html2plaintext(self.mission or "").split())
        if not text:
            text = _("%(org)s is a Belgian 4th-pillar organisation.", org=self.name)
            if self.activity_country_ids:
                text = _(
                    "%(org)s is a Belgian 4th-pillar organisation active in "
                    "%(countries)s.",
                    org=self.name,
                    countries=", ".join(self.activity_country_ids.mapped("name")),
                )
        if len(text) > 160:
            text = text[:159].rsplit(" ", 1)[0] + "…"
        return text

    pillar_search_text = fields.Char(
        string="Databank search text",
        compute="_compute_pillar_search_text",
        store=True,
        index="trigram",
        prefetch=False,  # long, and only ever searched
    )

    # Archived projects are no part of the fiche, nor of its search text.
    @api.depends(
        lambda self: (
            "is_pillar_org",
            "pillar_project_ids.active",
            *self._get_pillar_directory_text_fields(),
        )
    )
    def _compute_pillar_search_text(self):
        paths = self._get_pillar_directory_text_fields()
        for partner in self.with_context(active_test=True):
            if not partner.is_pillar_org:
                partner.pillar_search_text = False
                continue
            texts = []
            for path in paths:
                for value in partner.mapped(path):
                    if isinstance(value, Markup):
                        texts.append(
                            tools.html2plaintext(value, include_references=False)
                        )
                    elif value:
                        texts.append(str(value))
            partner.pillar_search_text = self._pillar_directory_fold(" ".join(texts))

    # ------------------------------------------------------------------
    # Portal self-service: representatives keep their fiche up to date
    # on the website (controllers/portal.py)
    # ------------------------------------------------------------------

    @api.model
    def _pillar_portal_get_organisation(self):
        """Return the organisation the current user represents, or nothing.

        Representatives are portal users whose contact, a child of the
        organisation, is flagged as representative. Staff keep fiches up to
        date in the back office, not here.
        """
        user = self.env.user
        partner = user.partner_id
        org = partner.commercial_partner_id
        if (
            user._is_portal()
            and partner.is_pillar_representative
            and org != partner
            and org.is_pillar_org
        ):
            return self.browse(org.id)
        return self.browse()

    def _pillar_portal_check_access(self):
        """Refuse unless the current user represents these organisations.

        Checked again in the model because the website writes in sudo mode:
        a controller that forgot its own check still could not be abused.
        """
        org = self._pillar_portal_get_organisation()
        if not org or set(self.ids) - set(org.ids):
            raise AccessError(_("Only its representatives can change this fiche."))

    def _pillar_portal_form_values(self):
        """Return the fiche as the portal form shows it: text and id lists."""
        self.ensure_one()
        values = {
            fname: self[fname] or ""
            for fname in (
                "name",
                "legal_form",
                "company_registry",
                *PORTAL_ADDRESS_FIELDS,
                *PORTAL_URL_FIELDS,
            )
        }
        for fname in PORTAL_TAG_FIELDS:
            values[fname] = [str(record_id) for record_id in self[fname].ids]
        for fname in PORTAL_TEXT_FIELDS:
            values[fname] = self._pillar_html_to_text(self[fname])
        values.update(
            founding_year=str(self.founding_year or ""),
            volunteer_count=str(self.volunteer_count or ""),
            is_diaspora_led=self.is_diaspora_led,
        )
        return values

    @api.model
    def _pillar_html_to_text(self, html):
        if tools.is_html_empty(html):
            return ""
        return tools.html2plaintext(html, include_references=False).strip()

    def _pillar_portal_parse(self, form, logo=None):
        """Check the portal form and turn it into field values.

        :param dict form: the typed values as strings, and lists of ids for
            the tag fields (themes, countries, SDGs, expertise)
        :param bytes logo: the content of an uploaded logo, if any
        :return: ``(vals, errors)``, errors mapping a field to a message; the
            mission and history stay plain text in ``vals``
        """
        self.ensure_one()
        vals, errors = {}, {}
        self._pillar_portal_parse_identity(form, vals, errors)
        self._pillar_portal_parse_links(form, vals, errors)
        self._pillar_portal_parse_figures(form, vals, errors)
        for fname in PORTAL_TAG_FIELDS:
            comodel = self._fields[fname].comodel_name
            vals[fname] = self._pillar_registration_records(form, fname, comodel)
        if not vals["activity_country_ids"]:
            # What makes a 4th-pillar organisation: the registration asks it too.
            errors["activity_country_ids"] = _(
                "Choose at least one country where you run projects."
            )
        for fname in PORTAL_TEXT_FIELDS:
            vals[fname] = (form.get(fname) or "").strip()
        vals["is_diaspora_led"] = bool(form.get("is_diaspora_led"))
        for fname, limit in self._pillar_portal_text_limits().items():
            if len(str(vals.get(fname) or "")) > limit:
                errors[fname] = _("Use at most %(limit)s characters.", limit=limit)
        if logo:
            try:
                vals["image_1920"] = self._pillar_registration_check_logo(logo)
            except ValueError as error:
                errors["logo"] = str(error)
        return vals, errors

    @api.model
    def _pillar_portal_text_limits(self):
        """Return the longest text each input of the portal form takes."""
        limits = {
            fname: REGISTRATION_TEXT_LIMITS[fname]
            for fname in ("name", "company_registry", "website", "mission")
        }
        for fname in PORTAL_ADDRESS_FIELDS:
            limits[fname] = REGISTRATION_TEXT_LIMITS[fname]
        limits["history"] = REGISTRATION_TEXT_LIMITS["mission"]
        limits.update(dict.fromkeys(SOCIAL_FIELDS, REGISTRATION_TEXT_LIMITS["website"]))
        return limits

    def _pillar_portal_parse_identity(self, form, vals, errors):
        vals["name"] = " ".join((form.get("name") or "").split())
        if not vals["name"]:
            errors["name"] = _("Give the name of the organisation.")
        vals["legal_form"] = form.get("legal_form") or False
        if vals["legal_form"] and vals["legal_form"] not in dict(LEGAL_FORMS):
            errors["legal_form"] = _("Choose a legal form from the list.")
        vals["company_registry"], error = self._pillar_form_check_number(
            (form.get("company_registry") or "").strip(), vals["legal_form"]
        )
        if error:
            errors["company_registry"] = error
        elif vals["company_registry"]:
            # sudo: the other organisation may be one the user cannot read.
            taken = self.sudo().search_count(
                [
                    ("is_pillar_org", "=", True),
                    ("company_registry", "=", vals["company_registry"]),
                    ("id", "!=", self.id),
                ],
                limit=1,
            )
            if taken:
                errors["company_registry"] = _(
                    "Another organisation in the databank has this enterprise "
                    "number. Contact us if it is yours."
                )
        for fname in PORTAL_ADDRESS_FIELDS:
            vals[fname] = " ".join((form.get(fname) or "").split()) or False
        belgian = self.country_id in (self.env.ref("base.be"), self.country_id.browse())
        if belgian and (error := self._pillar_form_check_zip(vals["zip"])):
            errors["zip"] = error

    def _pillar_portal_parse_links(self, form, vals, errors):
        for fname in PORTAL_URL_FIELDS:
            typed = (form.get(fname) or "").strip()
            vals[fname], error = self._pillar_form_check_url(typed)
            if error:
                errors[fname] = error

    def _pillar_portal_parse_figures(self, form, vals, errors):
        this_year = fields.Date.context_today(self).year
        limits = {
            "founding_year": (
                FOUNDING_YEAR_MIN,
                this_year,
                _(
                    "Give a year between %(first)s and %(last)s.",
                    first=FOUNDING_YEAR_MIN,
                    last=this_year,
                ),
            ),
            "volunteer_count": (
                0,
                100000,
                _("Give the number of volunteers as a number, e.g. 12."),
            ),
        }
        for fname, (low, high, message) in limits.items():
            raw = (form.get(fname) or "").strip()
            vals[fname] = raw
            if not raw:
                vals[fname] = 0
            elif raw.isdecimal() and low <= int(raw) <= high:
                vals[fname] = int(raw)
            else:
                errors[fname] = message

    def _pillar_portal_changes(self, vals):
        """Return the part of ``vals`` that differs from the fiche."""
        changes = {}
        for fname, value in vals.items():
            current = self[fname]
            if fname in PORTAL_TEXT_FIELDS:
                # Compared as text: an untouched mission keeps its formatting.
                text = self._pillar_html_to_text(current)
                same = text.split() == value.split()
            elif fname == "image_1920":
                same = False
            elif isinstance(current, models.BaseModel):
                same = set(current.ids) == set(value.ids)
            else:
                same = (current or False) == (value or False)
            if not same:
                changes[fname] = value
        return changes

    def _pillar_portal_needs_review(self, changes):
        """Tell whether ``changes`` take the fiche back to the review queue."""
        return any(fname in changes for fname in PORTAL_REVIEWED_FIELDS) and (
            self.pillar_state == "published"
            or (self.pillar_state == "archived" and self.pillar_archived_unconfirmed)
        )

    def _pillar_portal_update(self, form, logo=None):
        """Apply a representative's portal form to the fiche.

        Only the fields of the form are written, so that the website may call
        this in sudo mode. Other changes are public at once; a new name or
        enterprise number takes a public fiche back to review, out of the
        public databank until staff approve it again.

        :param dict form: see ``_pillar_portal_parse``
        :param bytes logo: the content of an uploaded logo, if any
        :return: messages per field; empty when the fiche was saved
        """
        self.ensure_one()
        self._pillar_portal_check_access()
        vals, errors = self._pillar_portal_parse(form, logo)
        if errors:
            return errors
        changes = self._pillar_portal_changes(vals)
        if not changes:
            return {}
        old = {fname: self._pillar_portal_display(fname) for fname in changes}
        review = self._pillar_portal_needs_review(changes)
        write_vals = dict(changes)
        for fname, value in changes.items():
            if isinstance(value, models.BaseModel):
                write_vals[fname] = [Command.set(value.ids)]
            elif fname in PORTAL_TEXT_FIELDS:
                write_vals[fname] = tools.plaintext2html(value) if value else False
        if review:
            write_vals["pillar_state"] = "submitted"
            write_vals["pillar_archived_unconfirmed"] = False
        try:
            with self.env.cr.savepoint():
                self.write(write_vals)
        except UserError as error:  # constraints, an image Pillow cannot process
            return {"form": str(error)}
        self._pillar_portal_log_changes(old, changes)
        if review:
            self._pillar_schedule_staff_activity(
                _("Review the changed fiche of %(org)s", org=self.name),
                self._pillar_portal_describe_changes(
                    old, [f for f in PORTAL_REVIEWED_FIELDS if f in changes]
                ),
            )
        return {}

    def _pillar_portal_display(self, fname):
        """Return the value of a field as the chatter shows it."""
        field = self._fields[fname]
        value = self[fname]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type == "boolean":
            return _("yes") if value else _("no")
        if field.type in ("char", "integer"):
            return str(value or "")
        return None  # tags, texts and logo: too long to quote

    def _pillar_portal_describe_changes(self, old, fnames):
        lines = []
        for fname in fnames:
            label = (
                _("Logo")
                if fname == "image_1920"
                else self._fields[fname].get_description(self.env)["string"]
            )
            if old[fname] is None:
                lines.append(Markup("<li>%s</li>") % label)
                continue
            new = self._pillar_portal_display(fname)
            lines.append(
                Markup("<li>%s: %s → %s</li>") % (label, old[fname] or "-", new or "-")
            )
        return Markup("<ul>%s</ul>") % Markup().join(lines)

    def _pillar_portal_log_changes(self, old, changes):
        body = Markup("<p>%s</p>%s") % (
            _("Fiche updated on the website:"),
            self._pillar_portal_describe_changes(old, list(changes)),
        )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _pillar_portal_can_confirm(self):
        """Tell whether the representatives may confirm the fiche right now."""
        self.ensure_one()
        return self.pillar_state == "published" or (
            self.pillar_state == "archived" and self.pillar_archived_unconfirmed
        )

    def _pillar_portal_confirm(self):
        """A representative says the fiche is still correct."""
        self._pillar_portal_check_access()
        if not all(org._pillar_portal_can_confirm() for org in self):
            raise UserError(_("This fiche cannot be confirmed now."))
        self.action_pillar_confirm()

    def _pillar_portal_add_representative(self, name, email):
        """Let a representative invite a colleague; return messages per field.

        The keys are ``rep_name`` and ``rep_email``, the fields of the form.
        """
        self.ensure_one()
        self._pillar_portal_check_access()
        errors = {}
        if not " ".join((name or "").split()):
            errors["rep_name"] = _("Give the name of your colleague.")
        if not tools.email_normalize(email or ""):
            errors["rep_email"] = _("Give a valid e-mail address, e.g. an@example.org.")
        if errors:
            return errors
        try:
            with self.env.cr.savepoint():
                self._pillar_add_representative(" ".join(name.split()), email)
        except UserError:
            # Odoo's portal wizard refuses an address that already has a user.
            return {
                "rep_email": _(
                    "This e-mail address already has an account on our website. "
                    "Contact us to link it to your organisation."
                )
            }
        return {}
