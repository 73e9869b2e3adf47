from odoo import http
from odoo.http import request

from ..models.res_partner import LOGO_MAX_BYTES, REGISTRATION_TEXT_LIMITS

# Inputs that take several choices; every other input has one value.
MULTIPLE_CHOICE_INPUTS = ("theme_ids", "activity_country_ids", "sdg_ids")
# Hidden from people by CSS; a robot filling every input fills it too.
HONEYPOT_INPUT = "homepage"


class PijlerRegistration(http.Controller):
    @http.route(
        "/databank/register",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
    )
    def registration(self, **kwargs):
        if request.httprequest.method != "POST":
            return self._registration_render(self._registration_defaults(), {})

        # Attempts are invisible to visitors (no access rights but the
        # administrator's): only the server counts them, through sudo().
        Attempt = request.env["pijler.registration.attempt"].sudo()
        ip = request.httprequest.remote_addr
        form = self._registration_read_form()
        if Attempt._is_rate_limited(ip):
            # The form comes back with what was typed, to be sent later.
            return self._registration_render(form, {}, rate_limited=True)

        if form.get(HONEYPOT_INPUT):
            # Tell a robot it succeeded, so that it does not try harder.
            Attempt._record(ip)
            return request.redirect("/databank/register/thanks")

        logo = request.httprequest.files.get("logo")
        # One byte more than allowed is enough to tell that a file is too big.
        logo_data = logo.read(LOGO_MAX_BYTES + 1) if logo else None
        # Visitors may not create partners: sudo, with the values whitelisted
        # field by field in _pillar_register_from_website.
        _organisation, errors = (
            request.env["res.partner"]
            .sudo()
            ._pillar_register_from_website(form, logo_data)
        )
        if errors:
            return self._registration_render(form, errors)
        Attempt._record(ip)
        return request.redirect("/databank/register/thanks")

    @http.route(
        "/databank/register/thanks",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=True,
    )
    def registration_thanks(self, **kwargs):
        return request.render("pijler_support.registration_thanks", {})

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _registration_read_form(self):
        """Return the posted inputs: a list for multiple choices, else a string."""
        posted = request.httprequest.form
        return {
            key: posted.getlist(key) if key in MULTIPLE_CHOICE_INPUTS else posted[key]
            for key in posted
        }

    def _registration_defaults(self):
        """Return the values the empty form starts with."""
        user = request.env.user
        if user._is_public():
            return {}
        # A signed-in visitor registers as themselves, most likely.
        return {"contact_name": user.name, "contact_email": user.email or ""}

    def _registration_render(self, form, errors, rate_limited=False):
        env = request.env
        legal_form = env["res.partner"]._fields["legal_form"]
        values = {
            "form": form,
            "errors": errors,
            "limits": REGISTRATION_TEXT_LIMITS,
            "legal_forms": legal_form._description_selection(env),
            "themes": env["pijler.theme"].search([]),
            "sdgs": env["pijler.sdg"].search([]),
            "countries": env["res.country"].search([]),
            "honeypot": HONEYPOT_INPUT,
            "rate_limited": rate_limited,
        }
        return request.render(
            "pijler_support.registration_form",
            values,
            status=429 if rate_limited else 200,
        )
