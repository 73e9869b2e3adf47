from odoo.tests import tagged

from .common import PijlerCommon, PijlerHttpCommon


@tagged("post_install", "-at_install")
class TestReviewTour(PijlerHttpCommon, PijlerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_org(
            name="Wereldschool Kindia vzw",
            zip="2000",
            city="Antwerpen",
            email="info@kindia.example.org",
            pillar_state="published",
        )
        cls.registration = cls._create_org(
            name="Wereldschool Kindia", zip="2018", city="Antwerpen"
        )
        cls.submitter = cls.Partner.create(
            {
                "name": "Mariama Bah",
                "email": "info@kindia.example.org",
                "parent_id": cls.registration.id,
            }
        )
        cls.registration.email = "info@kindia.example.org"
        cls.registration._pillar_submit(cls.submitter)

    def test_staff_approve_from_the_review_queue(self):
        self.start_tour(
            "/odoo/action-pijler_support.res_partner_action_pillar_review",
            "pijler_review_tour",
            login=self.staff_user.login,
        )
        self.assertEqual(self.registration.pillar_state, "published")
        self.assertTrue(self.submitter.user_ids, "The submitter got a portal login")
