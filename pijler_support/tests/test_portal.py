import io
from datetime import date, timedelta
from unittest.mock import patch

from lxml import html
from PIL import Image

from odoo import fields, http
from odoo.addons.base.models.ir_mail_server import IrMailServer
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import PijlerCommon, PijlerHttpCommon


class PortalHttpCommon(PijlerHttpCommon, PijlerCommon):
    """Two organisations, each with a representative and a project."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "pijler_support.moderator_user_id", cls.manager_user.id
        )
        cls.org_a = cls.org_published
        cls.org_a.write(
            {
                "website": "https://waterput-kolda.example.org",
                "mission": "<p>Wij slaan <strong>waterputten</strong> in Kolda.</p>",
                "volunteer_count": 9,
            }
        )
        cls.org_b = cls._create_org(
            name="Scholen Kisumu",
            zip="2000",
            city="Antwerpen",
            pillar_state="published",
            company_registry="0202.239.951",
        )
        cls.rep_a = cls._create_portal_user("rep_a", cls.org_a, representative=True)
        cls.rep_b = cls._create_portal_user("rep_b", cls.org_b, representative=True)
        cls.colleague_a = cls._create_portal_user("colleague_a", cls.org_a)
        cls.internal_a = new_test_user(
            cls.env, login="internal_a", groups="base.group_user"
        )
        cls.internal_a.partner_id.parent_id = cls.org_a
        Project = cls.env["pijler.project"]
        cls.project_a = Project.create(
            {
                "name": "Waterput Médina",
                "partner_id": cls.org_a.id,
                "country_id": cls.senegal.id,
                "start_year": 2020,
            }
        )
        cls.project_b = Project.create(
            {"name": "Schoolbanken Kisumu", "partner_id": cls.org_b.id}
        )

    @classmethod
    def _create_portal_user(cls, login, org, representative=False):
        user = new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            name=login.replace("_", " ").title(),
            email=f"{login}@example.org",
        )
        user.partner_id.write(
            {"parent_id": org.id, "is_pillar_representative": representative}
        )
        return user

    def _login(self, user):
        self.authenticate(user.login, user.login + "x" * (8 - len(user.login)))

    def _get(self, url, **kwargs):
        self.env.flush_all()
        return self.url_open(url, **kwargs)

    def _post(self, url, data=None, files=None):
        """Post a form as a browser would, with the session's CSRF token."""
        if not getattr(self, "session", None):
            self.authenticate(None, None)  # a visitor's session
        data = {**(data or {}), "csrf_token": http.Request.csrf_token(self)}
        self.env.flush_all()
        response = self.url_open(url, data=data, files=files)
        self.env.invalidate_all()
        return response

    def _fiche_form(self, org, **changes):
        """Return the fiche form as a browser posts it, with ``changes``."""
        values = org._pillar_portal_form_values()
        values.update(changes)
        return {
            key: value
            for key, value in values.items()
            if value not in (False, None) and value != []
        }

    def _page(self, response):
        return html.fromstring(response.content)

    def _error(self, response, field):
        doc = self._page(response)
        return " ".join(
            doc.xpath(f"//*[@id='o_pijler_my_{field}_error']//text()")
        ).strip()

    def _input_value(self, response, field):
        return self._page(response).xpath(f"//input[@name='{field}']/@value")[0]


@tagged("post_install", "-at_install")
class TestPortalFiche(PortalHttpCommon):
    def test_home_shows_the_organisation_to_representatives_only(self):
        self._login(self.rep_a)
        home = self._page(self._get("/my"))
        self.assertTrue(home.xpath("//a[@href='/my/organisation']"))
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["pillar_organisation_count", "pillar_project_count"]},
        )
        self.assertEqual(
            counters, {"pillar_organisation_count": 1, "pillar_project_count": 1}
        )

        self._login(self.colleague_a)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["pillar_organisation_count", "pillar_project_count"]},
        )
        self.assertEqual(
            counters,
            {"pillar_organisation_count": 0, "pillar_project_count": 0},
            "A zero counter hides the entry on /my",
        )

    def test_representative_sees_the_fiche(self):
        self._login(self.rep_a)
        response = self._get("/my/organisation")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._input_value(response, "name"), "Waterput Kolda")
        self.assertEqual(
            self._input_value(response, "company_registry"), "0403.170.701"
        )
        doc = self._page(response)
        mission = doc.xpath("//textarea[@name='mission']/text()")[0]
        self.assertIn("waterputten", mission)
        self.assertNotIn("<strong>", mission, "The form shows text, not HTML")
        checked = doc.xpath("//input[@name='theme_ids'][@checked]/@value")
        self.assertEqual(checked, [str(self.theme_water.id)])
        self.assertIn("Rep A", doc.xpath("string(//section[@id='representatives'])"))
        self.assertTrue(doc.xpath(f"//a[@href='{self.org_a.website_url}']"))

    def test_change_is_public_at_once_and_in_the_chatter(self):
        self._login(self.rep_a)
        form = self._fiche_form(
            self.org_a,
            city="Heverlee",
            volunteer_count="15",
            social_instagram="instagram.com/waterputkolda",
            theme_ids=[str(self.theme_water.id), str(self.theme_education.id)],
            history="Begonnen in 2009.\n\nSindsdien elk jaar een put.",
        )
        response = self._post("/my/organisation", form)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/my/organisation?saved=1"))
        self.assertTrue(self._page(response).xpath("//*[hasclass('o_pijler_saved')]"))

        org = self.org_a
        self.assertEqual(org.city, "Heverlee")
        self.assertEqual(org.volunteer_count, 15)
        self.assertEqual(org.social_instagram, "https://instagram.com/waterputkolda")
        self.assertEqual(org.theme_ids, self.theme_water | self.theme_education)
        self.assertIn("<p>Sindsdien elk jaar een put.</p>", org.history)
        self.assertIn("<strong>", org.mission, "An untouched mission keeps its markup")
        self.assertEqual(org.pillar_state, "published")
        self.assertFalse(org.activity_ids)

        message = org.message_ids.filtered(
            lambda m: "Fiche updated on the website" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.rep_a.partner_id)
        for expected in ("City: Leuven → Heverlee", "Volunteers: 9 → 15", "Themes"):
            self.assertIn(expected, message.body)
        self.assertNotIn("Mission", message.body)

        public = self._get(org.website_url)
        self.assertEqual(public.status_code, 200)
        self.assertIn("Sindsdien elk jaar een put.", public.text)

    def test_new_name_goes_back_to_review(self):
        self._login(self.rep_a)
        old_url = self.org_a.website_url
        form = self._fiche_form(self.org_a, name="Waterputten Kolda en Sédhiou")
        response = self._post("/my/organisation", form)
        self.assertEqual(response.status_code, 200)

        org = self.org_a
        self.assertEqual(org.name, "Waterputten Kolda en Sédhiou")
        self.assertEqual(org.pillar_state, "submitted")
        self.assertFalse(org.is_published)
        activity = org.activity_ids
        self.assertEqual(activity.user_id, self.manager_user)
        self.assertIn("Waterputten Kolda en Sédhiou", activity.summary)
        self.assertIn("Waterput Kolda", activity.note)
        self.assertTrue(
            self._page(response).xpath("//*[hasclass('o_pijler_in_review')]"),
            "The representative is told the fiche is in review",
        )

        self.authenticate(None, None)
        self.assertEqual(self._get(old_url).status_code, 404)

    def test_new_enterprise_number_goes_back_to_review(self):
        self._login(self.rep_a)
        form = self._fiche_form(self.org_a, company_registry="0417 497 106")
        self._post("/my/organisation", form)
        self.assertEqual(self.org_a.company_registry, "0417.497.106")
        self.assertEqual(self.org_a.pillar_state, "submitted")
        self.assertTrue(self.org_a.activity_ids)

    def test_bad_input_is_explained_and_kept(self):
        self._login(self.rep_a)
        form = self._fiche_form(
            self.org_a,
            city="Heverlee",
            company_registry="0403.170.702",
            website="niet een adres",
            founding_year="1700",
        )
        response = self._post("/my/organisation", form)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "not a valid Belgian enterprise number",
            self._error(response, "company_registry"),
        )
        self.assertIn("not a web address", self._error(response, "website"))
        self.assertIn("between 1850", self._error(response, "founding_year"))
        self.assertEqual(
            self._input_value(response, "company_registry"), "0403.170.702"
        )
        self.assertEqual(self._input_value(response, "website"), "niet een adres")
        self.assertEqual(self._input_value(response, "city"), "Heverlee")
        self.assertTrue(self._page(response).xpath("//*[hasclass('o_pijler_errors')]"))

        org = self.org_a
        self.assertEqual(org.city, "Leuven", "Nothing is saved while a field is wrong")
        self.assertEqual(org.company_registry, "0403.170.701")
        self.assertEqual(org.website, "https://waterput-kolda.example.org")

    def test_number_of_another_organisation_is_refused(self):
        self._login(self.rep_a)
        form = self._fiche_form(self.org_a, company_registry="0202239951")
        response = self._post("/my/organisation", form)
        self.assertIn("Another organisation", self._error(response, "company_registry"))
        self.assertEqual(self.org_a.pillar_state, "published")

    def test_logo(self):
        self._login(self.rep_a)
        form = self._fiche_form(self.org_a)
        too_large = b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024)
        response = self._post(
            "/my/organisation", form, files={"logo": ("logo.png", too_large)}
        )
        self.assertIn("larger than 2 MB", self._error(response, "logo"))

        not_an_image = b"%PDF-1.4 this is a document"
        response = self._post(
            "/my/organisation", form, files={"logo": ("logo.png", not_an_image)}
        )
        self.assertIn("PNG, JPEG or WebP", self._error(response, "logo"))
        self.assertFalse(self.org_a.image_1920)

        png = io.BytesIO()
        Image.new("RGB", (40, 40), "#00785e").save(png, format="PNG")
        response = self._post(
            "/my/organisation", form, files={"logo": ("logo.png", png.getvalue())}
        )
        self.assertTrue(response.url.endswith("?saved=1"))
        self.assertTrue(self.org_a.image_1920)
        self.assertEqual(self.org_a.pillar_state, "published")

    def test_form_cannot_set_other_fields(self):
        self._login(self.rep_a)
        form = self._fiche_form(
            self.org_a,
            city="Heverlee",
            pillar_state="published",
            id=str(self.org_b.id),
            parent_id=str(self.org_b.id),
            email="hacker@example.org",
        )
        self._post("/my/organisation", form)
        self.assertEqual(self.org_a.city, "Heverlee")
        self.assertNotEqual(self.org_a.email, "hacker@example.org")
        self.assertFalse(self.org_a.parent_id)
        self.assertEqual(self.org_b.city, "Antwerpen", "Only the own fiche changes")

    def test_representative_confirms_on_the_portal(self):
        self.org_a.write(
            {"pillar_confirmed_date": date(2020, 1, 1), "pillar_reminder_count": 2}
        )
        self._login(self.rep_a)
        page = self._page(self._get("/my/organisation"))
        self.assertTrue(page.xpath("//form[@action='/my/organisation/confirm']"))
        self._post("/my/organisation/confirm")
        self.assertEqual(
            self.org_a.pillar_confirmed_date, fields.Date.context_today(self.org_a)
        )
        self.assertEqual(self.org_a.pillar_reminder_count, 0)


@tagged("post_install", "-at_install")
class TestPortalProjects(PortalHttpCommon):
    def _project_form(self, **values):
        return {"status": "running", **values}

    def test_list_shows_own_projects(self):
        self._login(self.rep_a)
        response = self._get("/my/organisation/projects")
        self.assertEqual(response.status_code, 200)
        titles = self._page(response).xpath(
            "//tr[hasclass('o_pijler_project_row')]//td[1]//a/text()"
        )
        self.assertEqual(titles, ["Waterput Médina"])

    def test_add_edit_remove(self):
        self._login(self.rep_a)
        response = self._post(
            "/my/organisation/projects/new",
            self._project_form(
                name="Put in Vélingara",
                country_id=str(self.senegal.id),
                local_partner="Association Vélingara",
                theme_ids=[str(self.theme_water.id)],
                start_year="2024",
                description="Een put voor de school.",
                partner_id=str(self.org_b.id),
            ),
        )
        self.assertTrue(response.url.endswith("/my/organisation/projects?saved=1"))
        project = self.env["pijler.project"].search([("name", "=", "Put in Vélingara")])
        self.assertEqual(project.partner_id, self.org_a, "Always the own organisation")
        self.assertEqual(project.theme_ids, self.theme_water)
        self.assertEqual(project.start_year, 2024)
        self.assertIn("Put in Vélingara", response.text)

        self._post(
            f"/my/organisation/projects/{project.id}",
            self._project_form(
                name="Put in Vélingara", start_year="2024", status="finished"
            ),
        )
        self.assertEqual(project.status, "finished")
        self.assertFalse(project.country_id, "An emptied field is emptied")

        response = self._post(f"/my/organisation/projects/{project.id}/archive")
        self.assertTrue(response.url.endswith("?archived=1"))
        self.assertFalse(project.active)
        self.assertNotIn("Put in Vélingara", response.text)
        public = self._get(self.org_a.website_url)
        self.assertNotIn("Put in Vélingara", public.text)

    def test_bad_project_is_explained_and_kept(self):
        self._login(self.rep_a)
        response = self._post(
            f"/my/organisation/projects/{self.project_a.id}",
            self._project_form(name="", start_year="2022", end_year="2019"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("title", self._error(response, "name"))
        self.assertIn("cannot end before", self._error(response, "end_year"))
        self.assertEqual(self._input_value(response, "end_year"), "2019")
        self.assertEqual(self.project_a.name, "Waterput Médina")
        self.assertEqual(self.project_a.start_year, 2020)


@tagged("post_install", "-at_install")
class TestPortalAccess(PortalHttpCommon):
    def test_anonymous_visitor_is_sent_to_login(self):
        response = self._get("/my/organisation")
        self.assertIn("/web/login", response.url)

    def test_project_of_another_organisation_is_not_found(self):
        self._login(self.rep_a)
        url = f"/my/organisation/projects/{self.project_b.id}"
        self.assertEqual(self._get(url).status_code, 404)
        response = self._post(url, {"name": "Gekaapt", "status": "running"})
        self.assertEqual(response.status_code, 404)
        response = self._post(f"{url}/archive")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.project_b.name, "Schoolbanken Kisumu")
        self.assertTrue(self.project_b.active)
        self.assertEqual(
            self._get("/my/organisation/projects/99999999999").status_code, 404
        )
        # Not a shortcut to "new project" either.
        self.assertEqual(self._get("/my/organisation/projects/0").status_code, 404)

    def test_record_rules_guard_other_projects_too(self):
        Project = self.env["pijler.project"].with_user(self.rep_a)
        with self.assertRaises(AccessError):
            self.project_b.with_user(self.rep_a).write({"name": "Gekaapt"})
        with self.assertRaises(AccessError):
            self.project_b.with_user(self.rep_a).unlink()
        with self.assertRaises(AccessError):
            Project.create({"name": "Ondergeschoven", "partner_id": self.org_b.id})
        Project.browse(self.project_a.id).write({"name": "Waterput Médina-Dakar"})
        self.assertEqual(self.project_a.name, "Waterput Médina-Dakar")

    def test_portal_user_who_is_no_representative(self):
        self._login(self.colleague_a)
        response = self._get("/my/organisation")
        self.assertEqual(response.status_code, 403)
        self.assertIn("cannot edit a fiche", response.text)
        form = self._fiche_form(self.org_a, city="Gekaapt")
        self.assertEqual(self._post("/my/organisation", form).status_code, 403)
        self.assertEqual(self.org_a.city, "Leuven")
        self.assertEqual(self._get("/my/organisation/projects").status_code, 403)
        url = f"/my/organisation/projects/{self.project_a.id}"
        self.assertEqual(self._get(url).status_code, 403)
        self.assertEqual(
            self._post(url, {"name": "Gekaapt", "status": "running"}).status_code, 403
        )
        self.assertEqual(self.project_a.name, "Waterput Médina")
        with self.assertRaises(AccessError):
            self.project_a.with_user(self.colleague_a).write({"name": "Gekaapt"})
        with self.assertRaises(AccessError):
            self.org_a.with_user(self.colleague_a).sudo()._pillar_portal_update(form)

    def test_representative_of_one_organisation_cannot_change_another(self):
        form = self._fiche_form(self.org_b, city="Gekaapt")
        with self.assertRaises(AccessError):
            self.org_b.with_user(self.rep_a).sudo()._pillar_portal_update(form)
        with self.assertRaises(AccessError):
            self.org_b.with_user(self.rep_a).sudo()._pillar_portal_add_representative(
                "Indringer", "indringer@example.org"
            )
        self._login(self.rep_a)
        response = self._post(
            f"/my/organisation/projects/{self.project_b.id}",
            {"name": "Gekaapt", "status": "running"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.org_b.city, "Antwerpen")
        self.assertEqual(self.project_b.name, "Schoolbanken Kisumu")

    def test_internal_user_without_representative_flag(self):
        self._login(self.internal_a)
        self.assertEqual(self._get("/my/organisation").status_code, 403)
        self.assertEqual(self._get("/my/organisation/projects").status_code, 403)
        url = f"/my/organisation/projects/{self.project_a.id}"
        self.assertEqual(self._get(url).status_code, 403)


@tagged("post_install", "-at_install")
class TestPortalRepresentatives(PortalHttpCommon):
    def test_representative_invites_a_colleague(self):
        sent = []

        def send_email(server, message, *args, **kwargs):
            sent.append(message)
            return message["Message-Id"]

        self._login(self.rep_a)
        # No SMTP server in tests: record what would leave instead.
        with (
            patch.object(IrMailServer, "connect", autospec=True, return_value=None),
            patch.object(
                IrMailServer, "send_email", autospec=True, side_effect=send_email
            ),
        ):
            response = self._post(
                "/my/organisation/representatives",
                {"name": "Awa Sow", "email": "awa.sow@example.org"},
            )
        self.assertIn("/my/organisation?invited=1", response.url)
        user = self.env["res.users"].search([("login", "=", "awa.sow@example.org")])
        self.assertTrue(user._is_portal())
        self.assertEqual(user.partner_id.parent_id, self.org_a)
        self.assertTrue(user.partner_id.is_pillar_representative)
        invitations = [m for m in sent if "awa.sow@example.org" in m["To"]]
        self.assertEqual(len(invitations), 1, "Odoo's portal invitation is sent")
        self.assertIn("Awa Sow", response.text, "Listed among the representatives")

    def test_invitation_needs_a_name_and_a_valid_address(self):
        self._login(self.rep_a)
        response = self._post(
            "/my/organisation/representatives", {"name": "", "email": "awa@"}
        )
        doc = self._page(response)
        self.assertTrue(doc.xpath("//*[@id='o_pijler_rep_name_error']"))
        self.assertTrue(doc.xpath("//*[@id='o_pijler_rep_email_error']"))
        self.assertEqual(
            doc.xpath("//input[@id='o_pijler_rep_email']/@value"), ["awa@"]
        )
        self.assertFalse(self.org_a.child_ids.filtered(lambda c: c.email == "awa@"))

    def test_address_with_an_account_elsewhere_is_refused(self):
        elsewhere = new_test_user(
            self.env, login="fatou@example.org", groups="base.group_portal"
        )
        elsewhere.partner_id.parent_id = self.org_b
        self._login(self.rep_a)
        response = self._post(
            "/my/organisation/representatives",
            {"name": "Fatou", "email": "Fatou@example.org"},
        )
        doc = self._page(response)
        self.assertIn(
            "already has an account",
            doc.xpath("string(//*[@id='o_pijler_rep_email_error'])"),
        )
        self.assertEqual(elsewhere.partner_id.parent_id, self.org_b)
        self.assertFalse(
            self.org_a.child_ids.filtered(lambda c: c.email == "fatou@example.org"),
            "Nothing is left behind",
        )

    def test_removed_representative_loses_access(self):
        self._login(self.rep_a)
        self.assertEqual(self._get("/my/organisation").status_code, 200)
        self.rep_a.partner_id.with_user(
            self.staff_user
        ).action_pillar_remove_representative()
        self.assertFalse(self.rep_a.active)
        response = self._get("/my/organisation")
        self.assertIn("/web/login", response.url, "The session no longer works")
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.rep_a)
            ._pillar_portal_get_organisation()
        )

    def test_unflagged_contact_loses_access_even_with_an_account(self):
        self.rep_a.partner_id.is_pillar_representative = False
        self._login(self.rep_a)
        self.assertEqual(self._get("/my/organisation").status_code, 403)
        url = f"/my/organisation/projects/{self.project_a.id}"
        self.assertEqual(self._get(url).status_code, 403)


@tagged("post_install", "-at_install")
class TestConfirmationLink(PortalHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # As the yearly request leaves it: asked once, confirmed long ago.
        cls.org_a.write(
            {
                "pillar_confirmed_date": date(2020, 1, 10),
                "pillar_reminder_count": 1,
                "pillar_reminder_date": date(2021, 1, 11),
            }
        )

    def _url(self, token=None):
        return (
            f"/databank/confirm/{token or self.org_a._pillar_get_confirmation_token()}"
        )

    def _confirm(self, url):
        """Press the button of the page, as a visitor without account."""
        return self._post(url)

    def test_valid_link_asks_then_confirms(self):
        url = self._url()
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        doc = self._page(response)
        self.assertTrue(doc.xpath(f"//form[@action='{url}'][@method='post']//button"))
        self.assertIn("Waterput Kolda", response.text)
        self.assertEqual(
            self.org_a.pillar_confirmed_date,
            date(2020, 1, 10),
            "Opening the link confirms nothing: mail filters open links too",
        )

        response = self._confirm(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self._page(response).xpath("//a[@href='/my/organisation']"))
        self.assertIn("is confirmed", response.text)
        today = fields.Date.context_today(self.org_a)
        self.assertEqual(self.org_a.pillar_confirmed_date, today)
        self.assertEqual(self.org_a.pillar_reminder_count, 0)
        self.assertFalse(self.org_a.pillar_reminder_date)

    def test_archived_fiche_is_public_again(self):
        self.org_a.write(
            {
                "pillar_state": "archived",
                "pillar_archived_unconfirmed": True,
                "pillar_reminder_count": 3,
            }
        )
        url = self._url()
        self.assertEqual(self._get(self.org_a.website_url).status_code, 404)
        self.assertIn("taken off the public databank", self._get(url).text)
        self._confirm(url)
        self.assertEqual(self.org_a.pillar_state, "published")
        self.assertTrue(self.org_a.is_published)
        self.assertFalse(self.org_a.pillar_archived_unconfirmed)
        self.assertEqual(self._get(self.org_a.website_url).status_code, 200)

    def _assert_invalid(self, url):
        for response in (self._get(url), self._confirm(url)):
            self.assertEqual(response.status_code, 404)
            self.assertIn("This link is no longer valid", response.text)
            self.assertTrue(self._page(response).xpath("//a[@href='/contactus']"))
        self.assertEqual(self.org_a.pillar_confirmed_date, date(2020, 1, 10))

    def test_expired_link(self):
        with freeze_time(fields.Datetime.now() - timedelta(days=61)):
            token = self.org_a._pillar_get_confirmation_token()
        self._assert_invalid(self._url(token))

    def test_tampered_link(self):
        token = self.org_a._pillar_get_confirmation_token()
        middle = len(token) // 2
        tampered = (
            token[:middle]
            + ("A" if token[middle] != "A" else "B")
            + token[middle + 1 :]
        )
        self._assert_invalid(self._url(tampered))
        self._assert_invalid(self._url("not-a-token"))

    def test_link_works_once(self):
        url = self._url()
        self.assertEqual(self._confirm(url).status_code, 200)
        confirmed = self.org_a.pillar_confirmed_date
        response = self._confirm(url)
        self.assertEqual(response.status_code, 404)
        self.assertIn("This link is no longer valid", response.text)
        self.assertEqual(self.org_a.pillar_confirmed_date, confirmed)

    def test_post_without_csrf_token_confirms_nothing(self):
        self.env.flush_all()
        response = self.url_open(self._url(), data={"csrf_token": "forged"})
        self.assertEqual(response.status_code, 400)
        self.env.invalidate_all()
        self.assertEqual(self.org_a.pillar_confirmed_date, date(2020, 1, 10))


@tagged("post_install", "-at_install")
class TestPortalTour(PortalHttpCommon):
    def test_representative_updates_fiche_and_projects(self):
        self.start_tour("/my", "pijler_portal_tour", login=self.rep_a.login)
        self.assertEqual(self.org_a.city, "Heverlee")
        self.assertTrue(
            self.env["pijler.project"].search(
                [("name", "=", "Put in Vélingara"), ("partner_id", "=", self.org_a.id)]
            )
        )


@tagged("post_install", "-at_install")
class TestRepresentativeRule(PijlerCommon):
    def test_unflagged_representative_loses_the_rule_at_once(self):
        org = self.org_published
        user = new_test_user(self.env, login="rep_rule", groups="base.group_portal")
        user.partner_id.write({"parent_id": org.id, "is_pillar_representative": True})
        project = self.env["pijler.project"].create(
            {"name": "Waterput Médina", "partner_id": org.id}
        )
        project.with_user(user).write({"name": "Waterput Médina-Dakar"})
        user.partner_id.is_pillar_representative = False
        with self.assertRaises(AccessError, msg="No stale cached record rule"):
            project.with_user(user).write({"name": "Gekaapt"})
