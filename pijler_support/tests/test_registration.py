import base64
import io
import os
from datetime import timedelta

from lxml import html
from PIL import Image

from odoo import fields
from odoo.tests import freeze_time, tagged

from .common import PijlerCommon, PijlerHttpCommon

# A green 40x40 WebP image. Odoo keeps Pillow's WebP support switched off, so
# the tests cannot make one.
WEBP_IMAGE = base64.b64decode(
    "UklGRiIAAABXRUJQVlA4TBYAAAAvJ8AJAAdQvKhX/wNAQvh/Xo3of2oA"
)


def make_image(image_format="PNG", size=(40, 40), noise=False):
    """Return the bytes of an image; noise makes it incompressible, so big."""
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (0, 120, 94))
    output = io.BytesIO()
    image.save(output, format=image_format)
    return output.getvalue()


class RegistrationHttpCommon(PijlerHttpCommon, PijlerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.burkina = cls.env.ref("base.bf")
        cls.sdg_4 = cls.env.ref("pijler_support.sdg_04")

    def _form_values(self, **changes):
        """Return a complete, valid registration, with ``changes`` applied."""
        values = {
            "name": "Vrienden van Koudougou",
            "legal_form": "vzw",
            "company_registry": "0417 497 106",
            "street": "Bruul 12",
            "zip": "2800",
            "city": "Mechelen",
            "website": "koudougou.example.org",
            "activity_country_ids": [str(self.burkina.id), str(self.senegal.id)],
            "theme_ids": [str(self.theme_education.id)],
            "sdg_ids": [str(self.sdg_4.id)],
            "mission": "We bouwen een bibliotheek.\n\nSamen met de school.",
            "project_name": "Bibliotheek Koudougou",
            "project_country_id": str(self.burkina.id),
            "project_description": "Boeken en een leeshoek.",
            "contact_name": "Aminata Ouédraogo",
            "contact_email": "aminata@koudougou.example.org",
            "contact_phone": "+32 470 12 34 56",
            "publish_consent": "1",
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value is not None}

    def _csrf_token(self):
        """Return the token of the form, as a browser would find it."""
        doc = html.fromstring(self.url_open("/databank/register").content)
        return doc.xpath("//form//input[@name='csrf_token']/@value")[0]

    def _post(self, values, files=None, csrf=True):
        data = dict(values)
        if csrf:
            data["csrf_token"] = self._csrf_token()
        self.env.flush_all()
        return self.url_open("/databank/register", data=data, files=files)

    def _registered(self, name="Vrienden van Koudougou"):
        return self.Partner.with_context(active_test=False).search(
            [("is_pillar_org", "=", True), ("name", "=", name)]
        )

    def _assert_thanked(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/databank/register/thanks"))
        self.assertIn(b"Thank you for registering your organisation", response.content)

    def _field_error(self, response, name):
        """Return the message shown next to the input ``name``, or None."""
        doc = html.fromstring(response.content)
        inputs = doc.xpath(f"//form//*[@name='{name}']")
        self.assertTrue(inputs, f"no input {name}")
        field = inputs[0]
        if "is-invalid" not in field.get("class", ""):
            return None
        feedback = doc.xpath(f"//*[@id='{field.get('id')}_error']")
        self.assertEqual(len(feedback), 1, f"no message next to {name}")
        self.assertIn(feedback[0].get("id"), field.get("aria-describedby"))
        self.assertIn("invalid-feedback", feedback[0].get("class"))
        return " ".join(feedback[0].text_content().split())


@tagged("post_install", "-at_install")
class TestRegistrationForm(RegistrationHttpCommon):
    def test_databank_links_to_the_form(self):
        doc = html.fromstring(self.url_open("/databank").content)
        links = doc.xpath("//a[@href='/databank/register']")
        self.assertEqual(
            " ".join(links[0].text_content().split()), "Register your organisation"
        )

    def test_form_asks_everything_and_says_what_becomes_public(self):
        response = self.url_open("/databank/register")
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        form = doc.xpath("//form[hasclass('o_pijler_registration_form')]")[0]
        self.assertEqual(form.get("method"), "post")
        self.assertEqual(form.get("enctype"), "multipart/form-data")
        names = set(form.xpath(".//*[@name]/@name"))
        for name in self._form_values():
            self.assertIn(name, names)
        self.assertLessEqual({"logo", "newsletter_optin", "csrf_token"}, names)
        # Every visible input has a label.
        for field in form.xpath(".//input[not(@type='hidden')]|.//select|.//textarea"):
            self.assertTrue(
                form.xpath(f".//label[@for='{field.get('id')}']"), field.get("name")
            )
        # Every group of inputs is a fieldset with a legend.
        legends = [
            " ".join(legend.text_content().split())
            for legend in form.xpath(".//fieldset/legend")
        ]
        self.assertIn("Contact person", legends)
        self.assertIn("Themes", legends)
        consent = " ".join(
            form.xpath("string(.//*[@id='o_pijler_reg_publish_help'])").split()
        )
        self.assertIn("municipality, website, themes, countries", consent)
        self.assertIn("Never public", consent)
        self.assertIn("e-mail address and phone number of the contact", consent)
        # The robot trap stays out of reach of people and assistive technology.
        trap = form.xpath(".//input[@name='homepage']")[0]
        self.assertEqual(trap.get("tabindex"), "-1")
        self.assertEqual(trap.getparent().get("aria-hidden"), "true")
        self.assertIn("o_pijler_hp", trap.getparent().get("class"))
        # The goals carry their colour.
        dots = form.xpath(".//*[hasclass('o_pijler_reg_sdgs')]//*[@style]/@style")
        self.assertEqual(len(dots), 17)
        self.assertIn(self.sdg_6.color, " ".join(dots))

    def test_link_previews_carry_the_page_title(self):
        pages = {
            "/databank/register": "Register your organisation | ",
            "/databank/register/thanks": "Registration sent | ",
        }
        for url, start in pages.items():
            with self.subTest(url=url):
                doc = html.fromstring(self.url_open(url).content)
                title = doc.xpath("string(//title)")
                self.assertTrue(title.startswith(start), title)
                og_title = doc.xpath("//meta[@property='og:title']/@content")
                self.assertEqual(og_title, [title])
                x_title = doc.xpath("//meta[@name='twitter:title']/@content")
                self.assertEqual(x_title, [title])
        description = doc.xpath("//meta[@property='og:description']/@content")
        self.assertFalse(description, "the thanks page has no description")
        doc = html.fromstring(self.url_open("/databank/register").content)
        description = doc.xpath("//meta[@property='og:description']/@content")[0]
        self.assertIn("Add your citizen initiative", description)


@tagged("post_install", "-at_install")
class TestRegistrationSubmit(RegistrationHttpCommon):
    def test_registration_goes_to_review(self):
        response = self._post(self._form_values(newsletter_optin="1"))
        self._assert_thanked(response)

        org = self._registered()
        self.assertEqual(len(org), 1)
        self.assertRecordValues(
            org,
            [
                {
                    "pillar_state": "submitted",
                    "is_published": False,
                    "is_company": True,
                    "country_id": self.belgium.id,
                    "legal_form": "vzw",
                    "company_registry": "0417.497.106",
                    "street": "Bruul 12",
                    "zip": "2800",
                    "city": "Mechelen",
                    "website": "https://koudougou.example.org",
                    "pillar_possible_duplicate_ids": [],
                }
            ],
        )
        self.assertEqual(org.activity_country_ids, self.burkina | self.senegal)
        self.assertEqual(org.theme_ids, self.theme_education)
        self.assertEqual(org.sdg_ids, self.sdg_4)
        self.assertEqual(
            str(org.mission),
            "<p>We bouwen een bibliotheek.</p><p>Samen met de school.</p>",
        )
        self.assertRecordValues(
            org.pillar_project_ids,
            [
                {
                    "name": "Bibliotheek Koudougou",
                    "country_id": self.burkina.id,
                    "description": "Boeken en een leeshoek.",
                }
            ],
        )

        contact = org.pillar_submitter_id
        self.assertRecordValues(
            contact,
            [
                {
                    "name": "Aminata Ouédraogo",
                    "parent_id": org.id,
                    "type": "contact",
                    "email": "aminata@koudougou.example.org",
                    "phone": "+32 470 12 34 56",
                    "pillar_newsletter_optin": True,
                    "is_pillar_org": False,
                    "lang": self.env["website"]
                    .get_current_website()
                    .default_lang_id.code,
                }
            ],
        )
        self.assertEqual(org.child_ids, contact)
        self.assertEqual(len(org.activity_ids), 1)
        thanks = org.message_ids.filtered(lambda m: contact in m.partner_ids)
        self.assertEqual(len(thanks), 1)
        self.assertEqual(
            thanks.subject, "We received the registration of Vrienden van Koudougou"
        )

    def test_project_and_newsletter_are_optional(self):
        values = self._form_values(
            project_name="", project_country_id="", project_description=""
        )
        self._assert_thanked(self._post(values))
        org = self._registered()
        self.assertFalse(org.pillar_project_ids)
        self.assertFalse(org.pillar_submitter_id.pillar_newsletter_optin)

    def test_de_facto_association_without_enterprise_number(self):
        values = self._form_values(legal_form="de_facto", company_registry="")
        self._assert_thanked(self._post(values))
        self.assertFalse(self._registered().company_registry)

    def test_missing_fields_are_marked_and_typed_values_kept(self):
        values = self._form_values(
            name="",
            city="   ",
            contact_email="",
            legal_form="",
            activity_country_ids=[],
            publish_consent=None,
            project_name="",
            street="Bruul <12>",
        )
        response = self._post(values)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.url.endswith("/thanks"))
        self.assertFalse(self.Partner.search([("street", "=", "Bruul <12>")]))
        self.assertIn(b"The registration was not sent yet", response.content)
        for name in ("name", "city", "contact_email"):
            self.assertEqual(
                self._field_error(response, name), "This field is required."
            )
        self.assertEqual(
            self._field_error(response, "legal_form"),
            "Choose the legal form of your organisation.",
        )
        self.assertEqual(
            self._field_error(response, "activity_country_ids"),
            "Choose at least one country where you run projects.",
        )
        self.assertIn("Agree", self._field_error(response, "publish_consent"))
        self.assertIn(
            "Give the project a title", self._field_error(response, "project_name")
        )
        for name in ("zip", "street", "mission", "contact_name", "website"):
            self.assertIsNone(self._field_error(response, name), name)

        # What was typed comes back, ready to be corrected.
        doc = html.fromstring(response.content)
        form = doc.xpath("//form[hasclass('o_pijler_registration_form')]")[0]

        def value(name):
            return form.xpath(f".//input[@name='{name}']/@value")

        self.assertEqual(value("zip"), ["2800"])
        self.assertEqual(value("street"), ["Bruul <12>"])
        self.assertEqual(value("contact_name"), ["Aminata Ouédraogo"])
        self.assertEqual(value("company_registry"), ["0417 497 106"])
        self.assertEqual(
            form.xpath("string(.//textarea[@name='mission'])"), values["mission"]
        )
        self.assertEqual(
            form.xpath(".//input[@name='theme_ids'][@checked]/@value"),
            [str(self.theme_education.id)],
        )
        self.assertEqual(
            form.xpath(".//input[@name='sdg_ids'][@checked]/@value"),
            [str(self.sdg_4.id)],
        )
        self.assertEqual(
            form.xpath(
                ".//select[@name='project_country_id']/option[@selected]/@value"
            ),
            [str(self.burkina.id)],
        )
        self.assertFalse(form.xpath(".//input[@name='publish_consent'][@checked]"))

    def test_selected_countries_are_kept(self):
        response = self._post(self._form_values(name=""))
        doc = html.fromstring(response.content)
        selected = doc.xpath(
            "//select[@name='activity_country_ids']/option[@selected]/@value"
        )
        self.assertEqual(set(selected), {str(self.burkina.id), str(self.senegal.id)})
        self.assertTrue(
            doc.xpath("//input[@name='publish_consent'][@checked]"),
        )

    def test_wrong_values_are_explained(self):
        cases = [
            ("company_registry", "0123.456.789", "not a valid Belgian enterprise"),
            ("contact_email", "aminata@", "not an e-mail address"),
            ("contact_email", "aminata@example.org, b@example.org", "not an e-mail"),
            ("contact_phone", "call me", "not a phone number"),
            ("zip", "28000", "Belgian postal code"),
            ("zip", "0800", "Belgian postal code"),
            ("website", "javascript:alert(1)", "not a web address"),
            ("website", "ftp://example.org", "not a web address"),
            ("name", "x" * 121, "at most 120 characters"),
            ("mission", "x" * 3001, "at most 3000 characters"),
        ]
        for name, wrong, message in cases:
            with self.subTest(field=name, value=wrong):
                response = self._post(self._form_values(**{name: wrong}))
                self.assertIn(message, self._field_error(response, name) or "")
                self.assertFalse(self._registered())
                doc = html.fromstring(response.content)
                kept = doc.xpath(
                    f"string(//form//input[@name='{name}']/@value"
                    f"|//form//textarea[@name='{name}'])"
                )
                self.assertEqual(kept, wrong)

    def test_de_facto_association_has_no_enterprise_number(self):
        response = self._post(self._form_values(legal_form="de_facto"))
        self.assertIn(
            "A de facto association has no enterprise number",
            self._field_error(response, "company_registry"),
        )
        self.assertFalse(self._registered())

    def test_script_is_stored_and_shown_as_text(self):
        script = "<script>alert('x')</script>"
        values = self._form_values(
            name=f"Vrienden {script}",
            mission=f"Wij helpen.\n{script}<b onmouseover=alert(1)>vet</b>",
            project_description=script,
        )
        self._assert_thanked(self._post(values))
        org = self._registered(f"Vrienden {script}")
        self.assertEqual(len(org), 1)
        self.assertNotIn("<script", org.mission)
        self.assertNotIn("<b ", org.mission)
        self.assertIn("&lt;script&gt;alert", org.mission)
        self.assertIn("&lt;b onmouseover=alert(1)&gt;vet", org.mission)

        # A form sent back for correction shows the script as typed text.
        response = self._post({**values, "city": ""})
        self.assertNotIn(script.encode(), response.content)
        self.assertIn(b"&lt;script&gt;alert", response.content)

        # So does the published fiche.
        org.pillar_state = "published"
        self.env.flush_all()
        page = self.url_open(org.website_url)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(script.encode(), page.content)
        self.assertIn(b"&lt;script&gt;alert", page.content)


@tagged("post_install", "-at_install")
class TestRegistrationProtection(RegistrationHttpCommon):
    def test_post_without_csrf_token_is_refused(self):
        response = self._post(self._form_values(), csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._registered())
        response = self._post(
            {**self._form_values(), "csrf_token": "forged"}, csrf=False
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._registered())

    def test_filled_honeypot_creates_nothing(self):
        response = self._post(self._form_values(homepage="http://spam.example.com"))
        self._assert_thanked(response)
        self.assertFalse(self._registered())
        self.assertFalse(
            self.Partner.search([("email", "=", "aminata@koudougou.example.org")])
        )

    def test_sixth_registration_within_the_hour_is_refused(self):
        for number in range(5):
            values = self._form_values(
                name=f"Organisatie {number}", company_registry=""
            )
            self._assert_thanked(self._post(values))
        response = self._post(self._form_values(name="Organisatie 5"))
        self.assertEqual(response.status_code, 429)
        self.assertIn(b"Please try again later", response.content)
        # Nothing typed is lost: the form comes back filled in.
        self.assertIn(b'value="Organisatie 5"', response.content)
        self.assertFalse(self._registered("Organisatie 5"))
        self.assertEqual(len(self._registered("Organisatie 4")), 1)

        # An hour later the connection may register again.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE pijler_registration_attempt "
            "SET create_date = create_date - interval '61 minutes'"
        )
        self._assert_thanked(self._post(self._form_values(name="Organisatie 5")))

    def test_fields_outside_the_form_cannot_be_set(self):
        values = self._form_values(
            pillar_state="published",
            is_published="1",
            website_published="1",
            is_pillar_representative="1",
            pillar_confirmed_date="2030-01-01",
            user_id=str(self.manager_user.id),
            parent_id=str(self.org_published.id),
            image_1920=base64.b64encode(make_image()).decode(),
        )
        self._assert_thanked(self._post(values))
        org = self._registered()
        self.assertRecordValues(
            org,
            [
                {
                    "pillar_state": "submitted",
                    "is_published": False,
                    "pillar_confirmed_date": False,
                    "user_id": False,
                    "parent_id": False,
                }
            ],
        )
        self.assertFalse(org.image_1920)
        self.assertFalse(org.pillar_submitter_id.is_pillar_representative)
        # Public visitors still cannot see it.
        self.assertEqual(self.url_open(f"/databank/{org.id}").status_code, 404)


@tagged("post_install", "-at_install")
class TestRegistrationLogo(RegistrationHttpCommon):
    def _post_logo(self, data, filename="logo.png", mimetype="image/png"):
        return self._post(
            self._form_values(), files={"logo": (filename, data, mimetype)}
        )

    def test_png_jpeg_and_webp_logos_are_stored(self):
        logos = {
            "PNG": make_image("PNG"),
            "JPEG": make_image("JPEG"),
            "WEBP": WEBP_IMAGE,
        }
        for number, (image_format, data) in enumerate(logos.items()):
            with self.subTest(image_format=image_format):
                name = f"Logo {image_format}"
                values = self._form_values(
                    name=name, company_registry="", contact_email=f"{number}@x.be"
                )
                # The file's name and announced type count for nothing.
                files = {"logo": ("logo.txt", data, "text/plain")}
                self._assert_thanked(self._post(values, files=files))
                org = self._registered(name)
                self.assertTrue(org.image_1920)
                self.assertEqual(
                    org.image_1920[:4], base64.b64encode(data)[:4], image_format
                )

    def test_no_logo_is_fine(self):
        response = self._post(
            self._form_values(), files={"logo": ("", b"", "application/octet-stream")}
        )
        self._assert_thanked(response)
        self.assertFalse(self._registered().image_1920)

    def test_other_files_are_refused_by_their_content(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        truncated = make_image("PNG", size=(200, 200), noise=True)[:3000]
        cases = [
            ("text", b"just some text, named like an image", "must be a PNG"),
            ("svg", svg, "must be a PNG"),
            ("gif", make_image("GIF"), "must be a PNG"),
            ("truncated png", truncated, "could not be read"),
            ("broken webp", WEBP_IMAGE[:16], "could not be read"),
        ]
        for case, data, message in cases:
            with self.subTest(case=case):
                response = self._post_logo(data)
                self.assertIn(message, self._field_error(response, "logo") or "")
                self.assertFalse(self._registered())
                # The rest of the form comes back as typed.
                self.assertIn(b'value="Vrienden van Koudougou"', response.content)

    def test_logo_over_two_megabytes_is_refused(self):
        data = make_image("PNG", size=(1000, 1000), noise=True)
        self.assertGreater(len(data), 2 * 1024 * 1024)
        response = self._post_logo(data)
        self.assertIn("larger than 2 MB", self._field_error(response, "logo"))
        self.assertFalse(self._registered())


@tagged("post_install", "-at_install")
class TestRegistrationDuplicates(RegistrationHttpCommon):
    def test_same_email_as_an_organisation_is_flagged(self):
        known = self._create_org(
            name="Koudougou Vrienden",
            zip="2000",
            city="Antwerpen",
            pillar_state="published",
            email="Aminata@Koudougou.example.org",
        )
        self._assert_thanked(self._post(self._form_values()))
        org = self._registered()
        self.assertEqual(org.pillar_state, "submitted")
        self.assertFalse(org.is_published)
        self.assertEqual(org.pillar_possible_duplicate_ids, known)
        self.assertIn("Possible duplicate of Koudougou Vrienden", org.activity_ids.note)
        # The organisation already in the databank is left as it was.
        self.assertEqual(known.pillar_state, "published")

    def test_same_enterprise_number_is_flagged_not_stored(self):
        response = self._post(self._form_values(company_registry="0403170701"))
        self._assert_thanked(response)
        org = self._registered()
        self.assertEqual(org.pillar_state, "submitted")
        self.assertFalse(org.company_registry)
        self.assertEqual(org.pillar_possible_duplicate_ids, self.org_published)
        self.assertEqual(self.org_published.company_registry, "0403.170.701")
        note = org.message_ids.filtered(lambda m: "0403.170.701" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Waterput Kolda", note.body)
        self.assertEqual(len(org.activity_ids), 1)

    def test_same_name_in_the_same_municipality_is_flagged(self):
        values = self._form_values(
            name="waterput  kolda", city="LEUVEN", zip="3000", company_registry=""
        )
        self._assert_thanked(self._post(values))
        org = self._registered("waterput kolda")
        self.assertEqual(org.pillar_possible_duplicate_ids, self.org_published)


@tagged("post_install", "-at_install")
class TestRegistrationAttempt(PijlerCommon):
    def test_old_attempts_are_forgotten(self):
        Attempt = self.env["pijler.registration.attempt"]
        for _index in range(5):
            Attempt._record("192.0.2.1")
        self.assertTrue(Attempt._is_rate_limited("192.0.2.1"))
        self.assertFalse(Attempt._is_rate_limited("192.0.2.2"))
        with freeze_time(fields.Datetime.now() + timedelta(days=2)):
            self.assertFalse(Attempt._is_rate_limited("192.0.2.1"))
            Attempt._gc_registration_attempts()
        self.assertFalse(Attempt.search([("ip", "=", "192.0.2.1")]))

    def test_attempts_are_for_the_administrator_only(self):
        Attempt = self.env["pijler.registration.attempt"]
        for user in (self.manager_user, self.portal_user):
            with self.subTest(user=user.login):
                self.assertFalse(Attempt.with_user(user).has_access("read"))
