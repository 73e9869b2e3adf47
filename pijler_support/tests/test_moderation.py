from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PijlerCommon


@tagged("post_install", "-at_install")
class TestModeration(PijlerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "pijler_support.moderator_user_id", cls.manager_user.id
        )
        cls.registration = cls._create_org(
            name="Vrienden van Gulu",
            zip="2000",
            city="Antwerpen",
            email="info@gulu.example.org",
        )
        cls.submitter = cls.Partner.create(
            {
                "name": "Ines Claes",
                "email": "ines@gulu.example.org",
                "parent_id": cls.registration.id,
                "type": "contact",
            }
        )

    def _mails_to(self, partner):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids)], order="id"
        )

    def test_submission_queues_and_notifies(self):
        self.registration._pillar_submit(self.submitter)
        self.assertEqual(self.registration.pillar_state, "submitted")
        self.assertFalse(self.registration.is_published)
        self.assertEqual(self.registration.pillar_submitter_id, self.submitter)
        activity = self.registration.activity_ids
        self.assertEqual(activity.user_id, self.manager_user)
        self.assertIn("Vrienden van Gulu", activity.summary)
        mail = self._mails_to(self.submitter)
        self.assertEqual(len(mail), 1)
        self.assertIn("Vrienden van Gulu", mail.subject)
        queue = self.Partner.search(
            [("is_pillar_org", "=", True), ("pillar_state", "=", "submitted")]
        )
        self.assertIn(self.registration, queue)

    def test_possible_duplicates_flagged(self):
        twin_by_mail = self._create_org(
            name="Gulu vzw", city="Mechelen", email="INFO@gulu.example.org"
        )
        twin_by_name = self._create_org(name="vrienden van  GULU", city="antwerpen")
        other = self._create_org(name="Vrienden van Gulu", city="Gent")
        self.registration._pillar_submit(self.submitter)
        duplicates = self.registration.pillar_possible_duplicate_ids
        self.assertEqual(duplicates, twin_by_mail | twin_by_name)
        self.assertNotIn(other, duplicates)
        self.assertIn("Possible duplicate", self.registration.activity_ids.note)

    def test_duplicate_by_enterprise_number(self):
        found = self.Partner._pillar_find_duplicates(number="403170701")
        self.assertEqual(found, self.org_published)

    def test_approve_publishes_invites_and_mails(self):
        self.registration._pillar_submit(self.submitter)
        self.registration.with_user(self.staff_user).action_pillar_approve()
        self.assertEqual(self.registration.pillar_state, "published")
        self.assertTrue(self.registration.is_published)
        self.assertTrue(self.registration.pillar_confirmed_date)
        self.assertTrue(self.submitter.is_pillar_representative)
        user = self.submitter.user_ids
        self.assertTrue(user and user._is_portal(), "The submitter gets a portal login")
        self.assertEqual(self.registration.pillar_representative_ids, self.submitter)
        subjects = self._mails_to(self.submitter).mapped("subject")
        self.assertTrue(any("is now in the 4de Pijler databank" in s for s in subjects))
        self.assertFalse(self.registration.activity_ids, "The review is done")
        bodies = self.registration.message_ids.mapped("body")
        self.assertTrue(any("is published in the databank" in b for b in bodies))

    def test_reject_needs_reason_and_mails_it(self):
        self.registration._pillar_submit(self.submitter)
        wizard = self.env["pijler.reject.wizard"].with_user(self.staff_user)
        with self.assertRaises(UserError):
            self.registration.action_pillar_reject("  ")
        action = self.registration.action_pillar_open_reject_wizard()
        wizard = wizard.with_context(**action["context"]).create(
            {"reason": "Geen project met een partner in het buitenland."}
        )
        wizard.action_reject()
        self.assertEqual(self.registration.pillar_state, "rejected")
        self.assertFalse(self.registration.is_published)
        mail = self._mails_to(self.submitter).filtered(
            lambda m: "Geen project met een partner" in m.body_html
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(self.submitter, mail.recipient_ids)
        self.assertNotIn(self.registration, mail.recipient_ids, "Not to the org")
        self.assertFalse(self.registration.activity_ids)

    def test_only_submitted_can_be_moderated(self):
        with self.assertRaises(UserError):
            self.org_draft.action_pillar_approve()

    def test_only_staff_moderate(self):
        self.registration._pillar_submit(self.submitter)
        with self.assertRaises(AccessError):
            self.registration.with_user(self.employee_user).action_pillar_approve()

    def test_remove_representative(self):
        self.registration._pillar_submit(self.submitter)
        self.registration.action_pillar_approve()
        user = self.submitter.user_ids
        self.submitter.with_user(self.staff_user).action_pillar_remove_representative()
        self.assertFalse(self.submitter.is_pillar_representative)
        self.assertFalse(user.active, "The portal login is switched off")
        self.assertFalse(self.registration.pillar_representative_ids)
        self.assertFalse(self.registration._pillar_get_representatives())

    def test_representative_adds_colleague(self):
        self.registration._pillar_submit(self.submitter)
        self.registration.action_pillar_approve()
        colleague = self.registration._pillar_add_representative(
            "Jan Peeters", "Jan@Gulu.example.org"
        )
        self.assertEqual(colleague.parent_id, self.registration)
        self.assertEqual(colleague.email, "jan@gulu.example.org")
        self.assertTrue(colleague.user_ids._is_portal())
        self.assertEqual(
            self.registration._pillar_get_representatives().partner_id,
            self.submitter | colleague,
        )
        with self.assertRaises(UserError):
            self.registration._pillar_add_representative("Zonder mail", "")

    def test_approve_when_the_address_already_has_a_login(self):
        self.env["res.users"].create(
            {
                "name": "Ines elders",
                "login": "ines@gulu.example.org",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.registration._pillar_submit(self.submitter)
        self.registration.action_pillar_approve()
        self.assertEqual(self.registration.pillar_state, "published")
        notes = self.registration.message_ids.mapped("body")
        self.assertTrue(any("got no login for this fiche" in n for n in notes))

    def test_mails_reach_their_recipients_only(self):
        self.registration._pillar_submit(self.submitter)
        mails = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.registration.id)]
        )
        thanks = mails.filtered(lambda m: "We received" in (m.subject or ""))
        self.assertEqual(thanks.recipient_ids, self.submitter)
        # Portal users never see these mails in the chatter.
        message = self.registration.message_ids.filtered(
            lambda m: "We received" in (m.subject or "")
        )
        self.assertTrue(message.subtype_id.internal)

    def test_reviewed_change_is_announced_to_the_representatives(self):
        org = self.org_published
        rep = self.Partner.create(
            {
                "name": "Joke Maes",
                "email": "joke@kolda.example.org",
                "parent_id": org.id,
                "is_pillar_representative": True,
            }
        )
        org.write({"pillar_state": "submitted", "name": "Waterputten Kolda"})
        org.action_pillar_approve()
        mail = self._mails_to(rep)
        self.assertEqual(len(mail), 1)
        self.assertIn("Waterputten Kolda", mail.subject)
