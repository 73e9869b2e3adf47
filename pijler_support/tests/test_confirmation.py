from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import freeze_time, tagged
from odoo.tools import hash_sign

from .common import PijlerCommon


@tagged("post_install", "-at_install")
class TestYearlyConfirmation(PijlerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "pijler_support.moderator_user_id", cls.manager_user.id
        )
        # Only our organisation takes part: the demo data has others.
        cls.Partner.search(
            [("pillar_state", "=", "published"), ("id", "!=", cls.org_published.id)]
        ).write({"pillar_confirmed_date": date(2031, 1, 1)})
        cls.org_published.pillar_confirmed_date = date(2026, 1, 10)
        cls.contact = cls.Partner.create(
            {
                "name": "An Wouters",
                "email": "an@kolda.example.org",
                "parent_id": cls.org_published.id,
                "is_pillar_representative": True,
            }
        )

    def _run_cron(self, day):
        with freeze_time(day):
            self.Partner._cron_pillar_request_confirmation()

    def _requests(self):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.org_published.id),
                ("subject", "ilike", "still correct"),
            ]
        )

    def test_out_of_date_filter(self):
        with freeze_time("2026-12-01"):
            self.assertFalse(self.org_published.pillar_out_of_date)
        with freeze_time("2027-02-01"):
            self.org_published.invalidate_recordset(["pillar_out_of_date"])
            self.assertTrue(self.org_published.pillar_out_of_date)
            found = self.Partner.search([("pillar_out_of_date", "=", True)])
            self.assertIn(self.org_published, found)
            self.assertNotIn(self.org_draft, found)

    def test_request_reminders_then_archive(self):
        self._run_cron("2026-12-01")
        self.assertFalse(self._requests(), "Confirmed less than a year ago")

        self._run_cron("2027-01-11")
        self.assertEqual(len(self._requests()), 1)
        self.assertIn(self.contact, self._requests().recipient_ids)
        self.assertIn("/databank/confirm/", self._requests().body_html)

        self._run_cron("2027-01-12")
        self.assertEqual(len(self._requests()), 1, "No second mail the next day")

        self._run_cron("2027-01-25")
        self._run_cron("2027-02-08")
        self.assertEqual(len(self._requests()), 3, "A request and two reminders")
        self.assertEqual(self.org_published.pillar_state, "published")

        self._run_cron("2027-02-22")
        self.assertEqual(self.org_published.pillar_state, "archived")
        self.assertTrue(self.org_published.active, "Archived, not deleted")
        self.assertFalse(self.org_published.is_published)
        activity = self.org_published.activity_ids
        self.assertEqual(activity.user_id, self.manager_user, "Staff are told")

    def test_archived_fiche_comes_back_when_confirmed(self):
        for day in ("2027-01-11", "2027-01-25", "2027-02-08", "2027-02-22"):
            self._run_cron(day)
        self.assertEqual(self.org_published.pillar_state, "archived")
        with freeze_time("2027-03-01"):
            token = self.org_published._pillar_get_confirmation_token()
            org = self.Partner._pillar_from_confirmation_token(token)
            self.assertEqual(org, self.org_published)
            org.action_pillar_confirm()
        self.assertEqual(self.org_published.pillar_state, "published")
        self.assertEqual(self.org_published.pillar_confirmed_date, date(2027, 3, 1))
        self.assertEqual(self.org_published.pillar_reminder_count, 0)

    def test_staff_archive_is_not_undone_by_a_token(self):
        token = self.org_published._pillar_get_confirmation_token()
        self.org_published.action_pillar_archive()
        self.assertFalse(self.Partner._pillar_from_confirmation_token(token))

    def test_token_valid_expired_tampered_used(self):
        with freeze_time("2027-01-11"):
            self._run_cron("2027-01-11")
            token = self.org_published._pillar_get_confirmation_token()
            self.assertEqual(
                self.Partner._pillar_from_confirmation_token(token),
                self.org_published,
            )
            tampered = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
            self.assertFalse(self.Partner._pillar_from_confirmation_token(tampered))
            self.assertFalse(self.Partner._pillar_from_confirmation_token("garbage!"))
        expired = date(2027, 1, 11) + relativedelta(days=61)
        with freeze_time(expired):
            self.assertFalse(self.Partner._pillar_from_confirmation_token(token))
        with freeze_time("2027-01-20"):
            self.Partner._pillar_from_confirmation_token(token).action_pillar_confirm()
            self.assertFalse(
                self.Partner._pillar_from_confirmation_token(token),
                "A used link does not work twice",
            )

    def test_token_is_single_purpose(self):
        forged = hash_sign(
            self.env(su=True), "another.scope", [self.org_published.id, 0]
        )
        self.assertFalse(self.Partner._pillar_from_confirmation_token(forged))

    def test_staff_republishing_starts_a_new_cycle(self):
        for day in ("2027-01-11", "2027-01-25", "2027-02-08", "2027-02-22"):
            self._run_cron(day)
        self.assertEqual(self.org_published.pillar_state, "archived")
        with freeze_time("2027-03-01"):
            self.org_published.action_pillar_publish()
        self.assertEqual(self.org_published.pillar_reminder_count, 0)
        self.assertFalse(self.org_published.pillar_archived_unconfirmed)
        self._run_cron("2027-03-02")
        self.assertEqual(self.org_published.pillar_state, "published")
