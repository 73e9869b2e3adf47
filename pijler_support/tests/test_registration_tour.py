from odoo.tests import tagged

from .common import PijlerCommon, PijlerHttpCommon


@tagged("post_install", "-at_install")
class TestRegistrationTour(PijlerHttpCommon, PijlerCommon):
    def test_register_an_organisation(self):
        self.start_tour("/databank/register", "pijler_registration_tour")

        org = self.Partner.search(
            [("is_pillar_org", "=", True), ("name", "=", "Vrienden van Koudougou")]
        )
        self.assertEqual(len(org), 1)
        self.assertEqual(org.pillar_state, "submitted")
        self.assertFalse(org.is_published)
        self.assertEqual(org.legal_form, "vzw")
        self.assertEqual(org.company_registry, "0417.497.106")
        self.assertEqual(org.city, "Mechelen")
        self.assertEqual(org.country_id, self.belgium)
        self.assertEqual(org.pillar_province_id, self.env.ref("base.state_be_1"))
        self.assertEqual(org.website, "https://www.koudougou.example.org")
        self.assertEqual(org.activity_country_ids, self.env.ref("base.bf"))
        self.assertEqual(org.theme_ids, self.theme_education)
        self.assertEqual(org.sdg_ids.mapped("number"), [4])
        self.assertIn("bibliotheek", org.mission)
        self.assertEqual(org.pillar_project_ids.name, "Bibliotheek Koudougou")

        contact = org.pillar_submitter_id
        self.assertEqual(contact.name, "Aminata Ouédraogo")
        self.assertEqual(contact.email, "aminata@koudougou.example.org")
        self.assertEqual(contact.parent_id, org)
        self.assertEqual(contact.type, "contact")

        # Staff are asked to review it; the contact person is thanked by mail.
        self.assertEqual(len(org.activity_ids), 1)
        self.assertIn("Review the registration", org.activity_ids.summary)
        thanks = org.message_ids.filtered(lambda m: contact in m.partner_ids)
        self.assertEqual(len(thanks), 1)
        self.assertIn("Vrienden van Koudougou", thanks.subject)
