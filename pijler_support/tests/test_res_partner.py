from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PijlerCommon


@tagged("post_install", "-at_install")
class TestOrganisation(PijlerCommon):
    def test_enterprise_number_canonical_form(self):
        """Numbers typed in any usual way are stored as 0123.456.789."""
        for typed in ("0999000129", "BE 0999.000.129", "999 000 129", "0999-000-129"):
            org = self._create_org(name=f"Org {typed}", company_registry=typed)
            self.assertEqual(org.company_registry, "0999.000.129")
            org.unlink()

    def test_enterprise_number_leading_one(self):
        org = self._create_org(name="Nieuwe vzw", company_registry="1000.000.120")
        self.assertEqual(org.company_registry, "1000.000.120")

    def test_enterprise_number_invalid(self):
        for typed in ("0426.187.018", "2426.187.019", "12345", "abc"):
            with self.assertRaises(ValidationError, msg=typed):
                self._create_org(name="Fout nummer", company_registry=typed)

    def test_enterprise_number_optional(self):
        org = self._create_org(name="Feitelijke vereniging", legal_form="de_facto")
        self.assertFalse(org.company_registry)

    def test_enterprise_number_unique_among_organisations(self):
        with self.assertRaisesRegex(ValidationError, "already used"):
            self._create_org(name="Dubbel", company_registry="0403170701")
        # A contact that is not a 4th-pillar organisation may share it.
        other = self.Partner.create(
            {"name": "Boekhouder", "company_registry": "0403.170.701"}
        )
        self.assertEqual(other.company_registry, "0403.170.701")

    def test_invalid_number_on_existing_org_keeps_stored_value(self):
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.org_published.company_registry = "0403.170.702"
        self.org_published.invalidate_recordset()
        self.assertEqual(self.org_published.company_registry, "0403.170.701")

    def test_founding_year_range(self):
        with self.assertRaisesRegex(ValidationError, "founding year"):
            self._create_org(name="Toekomst", founding_year=2999)
        with self.assertRaisesRegex(ValidationError, "founding year"):
            self._create_org(name="Oudheid", founding_year=1200)
        org = self._create_org(name="Sinds 1965", founding_year=1965)
        self.assertEqual(org.founding_year, 1965)

    def test_volunteers_not_negative(self):
        with self.assertRaises(ValidationError):
            self._create_org(name="Min", volunteer_count=-3)

    def test_urls_normalised(self):
        org = self._create_org(
            name="Links",
            website="www.links.example.org",
            social_facebook="http://facebook.com/links",
        )
        self.assertEqual(org.website, "https://www.links.example.org")
        self.assertEqual(org.social_facebook, "https://facebook.com/links")
        with self.assertRaisesRegex(ValidationError, "not a valid web address"):
            org.social_instagram = "not a url"

    def test_mission_sanitised(self):
        org = self._create_org(
            name="Script",
            mission="<p>Onze missie</p><script>alert('x')</script>",
        )
        self.assertIn("Onze missie", org.mission)
        self.assertNotIn("<script", org.mission)

    def test_province_and_region_from_postal_code(self):
        cases = {
            "1000": ("pijler_support.state_be_brussels", "brussels"),
            "1210": ("pijler_support.state_be_brussels", "brussels"),
            "1300": ("base.state_be_6", "wallonia"),
            "1500": ("base.state_be_4", "flanders"),
            "2000": ("base.state_be_1", "flanders"),
            "3000": ("base.state_be_4", "flanders"),
            "3500": ("base.state_be_2", "flanders"),
            "4000": ("base.state_be_8", "wallonia"),
            "5000": ("base.state_be_10", "wallonia"),
            "6000": ("base.state_be_7", "wallonia"),
            "6700": ("base.state_be_9", "wallonia"),
            "7000": ("base.state_be_7", "wallonia"),
            "8000": ("base.state_be_5", "flanders"),
            "9000": ("base.state_be_3", "flanders"),
        }
        org = self.org_draft
        for zip_code, (xmlid, region) in cases.items():
            org.zip = zip_code
            self.assertEqual(org.pillar_province_id, self.env.ref(xmlid), zip_code)
            self.assertEqual(org.pillar_region, region, zip_code)

    def test_no_province_outside_belgium_or_for_bad_code(self):
        org = self.org_draft
        org.zip = "99999"
        self.assertFalse(org.pillar_province_id)
        self.assertFalse(org.pillar_region)
        org.write({"zip": "3000", "country_id": self.env.ref("base.nl").id})
        self.assertFalse(org.pillar_province_id)

    def test_region_searchable_and_groupable(self):
        flemish = self.Partner.search(
            [("is_pillar_org", "=", True), ("pillar_region", "=", "flanders")]
        )
        self.assertIn(self.org_published, flemish)
        groups = dict(
            self.Partner._read_group(
                [("id", "in", (self.org_published | self.org_draft).ids)],
                ["pillar_province_id"],
                ["__count"],
            )
        )
        self.assertEqual(groups[self.env.ref("base.state_be_4")], 1)
        self.assertEqual(groups[self.env.ref("base.state_be_3")], 1)

    def test_publication_state_drives_website_visibility(self):
        org = self.org_draft
        self.assertFalse(org.is_published)
        org.action_pillar_publish()
        self.assertEqual(org.pillar_state, "published")
        self.assertTrue(org.is_published)
        org.action_pillar_archive()
        self.assertFalse(org.is_published)
        self.assertTrue(org.active, "An archived fiche is kept, not deleted")

    def test_website_url_is_databank_fiche(self):
        self.assertTrue(
            self.org_published.website_url.startswith("/databank/waterput-kolda-")
        )

    def test_projects_on_organisation(self):
        project = self.env["pijler.project"].create(
            {
                "name": "Waterput",
                "partner_id": self.org_published.id,
                "country_id": self.senegal.id,
                "theme_ids": [Command.set(self.theme_water.ids)],
                "start_year": 2020,
                "end_year": 2023,
            }
        )
        self.assertEqual(self.org_published.pillar_project_count, 1)
        found = self.Partner.search([("pillar_project_ids.name", "ilike", "waterput")])
        self.assertIn(self.org_published, found)
        with self.assertRaisesRegex(ValidationError, "cannot end before"):
            project.end_year = 2019

    def test_seed_data(self):
        sdgs = self.env["pijler.sdg"].search([])
        self.assertEqual(sdgs.mapped("number"), list(range(1, 18)))
        self.assertTrue(all(sdg.color.startswith("#") for sdg in sdgs))
        lookup = self.env["pijler.theme"]._get_lookup()
        self.assertEqual(lookup["water & sanitatie"], self.theme_water.id)
        brussels = self.env.ref("pijler_support.state_be_brussels")
        self.assertEqual(brussels.country_id, self.belgium)
        self.assertEqual(
            self.env["res.country.state"].search_count(
                [("country_id", "=", self.belgium.id)]
            ),
            11,
        )

    def test_contact_becoming_organisation_gets_canonical_number(self):
        contact = self.Partner.create(
            {"name": "Nog geen organisatie", "company_registry": "0999 000 129"}
        )
        contact.is_pillar_org = True
        self.assertEqual(contact.company_registry, "0999.000.129")
        twin = self.Partner.create(
            {"name": "Tweeling", "company_registry": "0403 170 701"}
        )
        with self.assertRaisesRegex(ValidationError, "already used"):
            twin.is_pillar_org = True
