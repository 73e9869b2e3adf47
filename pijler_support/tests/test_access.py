from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PijlerCommon


@tagged("post_install", "-at_install")
class TestAccess(PijlerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.public_user = cls.env.ref("base.public_user")
        cls.org_archived = cls._create_org(name="Gestopt", pillar_state="archived")
        cls.project_published = cls.env["pijler.project"].create(
            {"name": "Publiek project", "partner_id": cls.org_published.id}
        )
        cls.project_draft = cls.env["pijler.project"].create(
            {"name": "Verborgen project", "partner_id": cls.org_draft.id}
        )
        cls.orgs = cls.org_published | cls.org_draft | cls.org_archived

    def _visible_orgs(self, user):
        return self.Partner.with_user(user).search([("id", "in", self.orgs.ids)])

    def test_public_reads_no_organisation_through_the_orm(self):
        # The website shows published organisations (tested in
        # test_databank_controller); the ORM gives visitors none.
        self.assertFalse(self._visible_orgs(self.public_user))
        projects = (
            self.env["pijler.project"]
            .with_user(self.public_user)
            .search([("id", "in", (self.project_published | self.project_draft).ids)])
        )
        self.assertEqual(projects, self.project_published)
        for org in (self.org_draft, self.org_published):
            with self.assertRaises(AccessError):
                org.with_user(self.public_user).read(["name"])

    def test_public_cannot_read_import_notes(self):
        with self.assertRaises(AccessError):
            self.org_published.with_user(self.public_user).read(["import_unmapped"])

    def test_portal_reads_only_its_own_organisation(self):
        visible = self._visible_orgs(self.portal_user)
        self.assertEqual(visible, self.org_draft)
        with self.assertRaises(AccessError):
            self.org_published.with_user(self.portal_user).write({"name": "Gekaapt"})

    def test_portal_cannot_list_other_peoples_contacts(self):
        """A portal login must not open the address book over JSON-RPC."""
        person = self.Partner.create(
            {
                "name": "An Vermeulen",
                "email": "an@kolda.example.org",
                "phone": "+32 470 12 34 56",
                "parent_id": self.org_published.id,
            }
        )
        visible = self.Partner.with_user(self.portal_user).search([])
        self.assertNotIn(person, visible)
        self.assertNotIn(self.org_published, visible)
        self.assertFalse(visible - self.org_draft - self.org_draft.child_ids)

    def test_internal_user_reads_all_but_cannot_manage_projects(self):
        self.assertEqual(self._visible_orgs(self.employee_user), self.orgs)
        with self.assertRaises(AccessError):
            self.env["pijler.project"].with_user(self.employee_user).create(
                {"name": "Niet van mij", "partner_id": self.org_draft.id}
            )

    def test_staff_user_manages_projects_not_configuration(self):
        Project = self.env["pijler.project"].with_user(self.staff_user)
        project = Project.create({"name": "Nieuw", "partner_id": self.org_draft.id})
        project.write({"status": "finished"})
        with self.assertRaises(AccessError):
            project.unlink()
        with self.assertRaises(AccessError):
            self.env["pijler.theme"].with_user(self.staff_user).create(
                {"name": "Ruimtevaart"}
            )
        self.org_draft.with_user(self.staff_user).write(
            {"theme_ids": [Command.link(self.theme_water.id)]}
        )
        self.assertIn(self.theme_water, self.org_draft.theme_ids)

    def test_manager_configures(self):
        theme = (
            self.env["pijler.theme"]
            .with_user(self.manager_user)
            .create({"name": "Ruimtevaart"})
        )
        theme.unlink()
        self.project_draft.with_user(self.manager_user).unlink()
        self.assertFalse(self.project_draft.exists())

    def test_representative_cannot_move_a_project_to_another_fiche(self):
        contact = self.portal_user.partner_id
        contact.is_pillar_representative = True
        project = (
            self.env["pijler.project"]
            .with_user(self.portal_user)
            .create({"name": "Eigen project", "partner_id": self.org_draft.id})
        )
        with self.assertRaises(AccessError):
            project.write({"partner_id": self.org_published.id})
        self.assertEqual(project.partner_id, self.org_draft)
        self.assertNotIn(project, self.org_published.pillar_project_ids)

    def test_only_managers_delete_organisations(self):
        with self.assertRaises(AccessError):
            self.org_archived.with_user(self.staff_user).unlink()
        self.org_archived.with_user(self.manager_user).unlink()
        self.assertFalse(self.org_archived.exists())
