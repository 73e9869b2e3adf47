from odoo import http
from odoo.http import request


class PijlerConfirmation(http.Controller):
    """The link of the yearly mail that asks whether a fiche is still correct.

    Opening the link only shows a button: mail filters and link previews open
    every link they see, and must not confirm anything. The button posts the
    form, which confirms. The signed token is the only credential, as a reply
    to the mail would be: no login is needed.
    """

    @http.route(
        "/databank/confirm/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def databank_confirm(self, token, **kwargs):
        # sudo record: the token stands for the organisation's permission.
        org = request.env["res.partner"]._pillar_from_confirmation_token(token)
        if not org:
            # Expired, used, tampered or unknown look alike on purpose.
            return request.render(
                "pijler_support.databank_confirm_invalid", {}, status=404
            )
        values = {"organisation": org, "token": token}
        if request.httprequest.method == "POST":
            org.action_pillar_confirm()
            return request.render("pijler_support.databank_confirm_done", values)
        return request.render("pijler_support.databank_confirm", values)
