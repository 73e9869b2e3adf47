from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import ValidationError
from odoo.http import request

from ..models.res_partner import PORTAL_TAG_FIELDS


class PijlerPortal(CustomerPortal):
    """The representatives' own space: their fiche and their projects.

    Every route starts from the organisation the logged-in user represents,
    never from an organisation id in the URL or the form; project ids in the
    URL are only looked up among that organisation's projects. Projects are
    read and written in the user's own rights, so the record rules of
    security/pijler_security.xml apply as well.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        wanted = {"pillar_organisation_count", "pillar_project_count"} & set(counters)
        if not wanted:
            return values
        org = request.env["res.partner"]._pillar_portal_get_organisation()
        if "pillar_organisation_count" in wanted:
            values["pillar_organisation_count"] = len(org)
        if "pillar_project_count" in wanted:
            Project = request.env["pijler.project"]
            values["pillar_project_count"] = (
                Project.search_count([("partner_id", "=", org.id)]) if org else 0
            )
        return values

    # ------------------------------------------------------------------
    # The fiche: /my/organisation
    # ------------------------------------------------------------------

    @http.route(
        "/my/organisation",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_my_organisation(self, **kwargs):
        org = request.env["res.partner"]._pillar_portal_get_organisation()
        if not org:
            values = self._prepare_portal_layout_values()
            values["page_name"] = "pillar_organisation"
            return request.render(
                "pijler_support.portal_my_organisation_none", values, status=403
            )
        form, errors = None, {}
        if request.httprequest.method == "POST":
            form = self._pillar_read_form(PORTAL_TAG_FIELDS)
            # sudo: portal users may not write organisations. The model checks
            # again that the user represents this one, and writes only the
            # fields of the form.
            errors = org.sudo()._pillar_portal_update(form, self._pillar_read_logo())
            if not errors:
                return request.redirect("/my/organisation?saved=1")
        values = self._pillar_organisation_values(org, form=form, errors=errors)
        return request.render("pijler_support.portal_my_organisation", values)

    @http.route(
        "/my/organisation/confirm",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_organisation_confirm(self, **kwargs):
        org = self._pillar_get_organisation()
        if not org._pillar_portal_can_confirm():
            raise Forbidden()
        # sudo: confirming writes the organisation; the model checks the user.
        org.sudo()._pillar_portal_confirm()
        return request.redirect("/my/organisation?confirmed=1")

    @http.route(
        "/my/organisation/representatives",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_organisation_representatives(self, name="", email="", **kwargs):
        org = self._pillar_get_organisation()
        # sudo: creating a contact and its portal user takes rights portal
        # users lack; the model checks that the user represents ``org``.
        errors = org.sudo()._pillar_portal_add_representative(name, email)
        if not errors:
            return request.redirect("/my/organisation?invited=1#representatives")
        values = self._pillar_organisation_values(
            org,
            representative_errors=errors,
            representative_form={"name": name, "email": email},
        )
        return request.render("pijler_support.portal_my_organisation", values)

    # ------------------------------------------------------------------
    # Projects: /my/organisation/projects
    # ------------------------------------------------------------------

    @http.route("/my/organisation/projects", type="http", auth="user", website=True)
    def portal_my_pillar_projects(self, **kwargs):
        org = self._pillar_get_organisation()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "pillar_projects",
                "organisation": org,
                "pillar_projects": request.env["pijler.project"].search(
                    [("partner_id", "=", org.id)]
                ),
                "saved": kwargs.get("saved"),
                "archived": kwargs.get("archived"),
            }
        )
        return request.render("pijler_support.portal_my_pillar_projects", values)

    @http.route(
        [
            "/my/organisation/projects/new",
            "/my/organisation/projects/<int:project_id>",
        ],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_my_pillar_project(self, project_id=None, **kwargs):
        org = self._pillar_get_organisation()
        Project = request.env["pijler.project"].with_context(
            mail_create_nosubscribe=True
        )
        # /new has no project_id; an id of 0 is no project: 404, not "new".
        new = project_id is None
        project = Project if new else self._pillar_get_project(org, project_id)
        form, errors = None, {}
        if request.httprequest.method == "POST":
            form = self._pillar_read_form(("theme_ids",))
            vals, errors = Project._pillar_portal_parse(form)
            if not errors:
                try:
                    with request.env.cr.savepoint():
                        if project:
                            project.write(vals)
                        else:
                            # The organisation comes from the session, never
                            # from the form.
                            project = Project.create({**vals, "partner_id": org.id})
                except ValidationError as error:
                    errors = {"form": str(error)}
                else:
                    return request.redirect("/my/organisation/projects?saved=1")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "pillar_project",
                "organisation": org,
                "pillar_project": project,
                "form": form or project._pillar_portal_form_values(),
                "errors": errors,
                "limits": Project._pillar_portal_text_limits(),
                "countries": request.env["res.country"].search([]),
                "themes": request.env["pijler.theme"].search([]),
                "statuses": Project._fields["status"]._description_selection(
                    request.env
                ),
            }
        )
        return request.render("pijler_support.portal_my_pillar_project", values)

    @http.route(
        "/my/organisation/projects/<int:project_id>/archive",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_pillar_project_archive(self, project_id, **kwargs):
        org = self._pillar_get_organisation()
        self._pillar_get_project(org, project_id).action_archive()
        return request.redirect("/my/organisation/projects?archived=1")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _pillar_get_organisation(self):
        """Return the organisation the user represents; 403 for anyone else."""
        org = request.env["res.partner"]._pillar_portal_get_organisation()
        if not org:
            raise Forbidden()
        return org

    def _pillar_get_project(self, org, project_id):
        """Return a project of ``org``, searched in the user's own rights.

        Anything else answers 404, whether it exists or not, so that the ids
        of other organisations' projects give nothing away.
        """
        project = request.env["pijler.project"]
        if 0 < project_id < 2**31:  # beyond, PostgreSQL refuses the id
            project = project.search(
                [("id", "=", project_id), ("partner_id", "=", org.id)]
            )
        if not project:
            raise NotFound()
        return project

    def _pillar_read_form(self, list_fields=()):
        """Return the posted form: strings, and lists for ``list_fields``."""
        form = request.httprequest.form
        return {
            key: form.getlist(key) if key in list_fields else form.get(key)
            for key in form
            if key != "csrf_token"
        }

    def _pillar_read_logo(self):
        upload = request.httprequest.files.get("logo")
        if not upload or not upload.filename:
            return None
        return upload.read() or None

    def _pillar_organisation_values(self, org, form=None, errors=None, **extra):
        env = request.env
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "pillar_organisation",
                "organisation": org,
                "form": form or org._pillar_portal_form_values(),
                "errors": errors or {},
                "limits": org._pillar_portal_text_limits(),
                "legal_forms": org._fields["legal_form"]._description_selection(env),
                "themes": env["pijler.theme"].search([]),
                "sdgs": env["pijler.sdg"].search([]),
                "expertises": env["pijler.expertise"].search([]),
                "countries": env["res.country"].search([]),
                "representatives": org.pillar_representative_ids,
                "representative_errors": {},
                "representative_form": {},
                "can_confirm": org._pillar_portal_can_confirm(),
                "saved": request.params.get("saved"),
                "confirmed": request.params.get("confirmed"),
                "invited": request.params.get("invited"),
                **extra,
            }
        )
        return values
