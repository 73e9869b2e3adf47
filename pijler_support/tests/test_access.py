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

    def test_public_sees_published_only(self):
        self.assertEqual(self._visible_orgs(self.public_user), self.org_published)
        projects = (
            self.env["pijler.project"]
            .with_user(self.public_user)
            .search([("id", "in", (self.project_published | self.project_draft).ids)])
        )
        self.assertEqual(projects, self.project_published)
        with self.assertRaises(AccessError):
            self.org_draft.with_user(self.public_user).read(["name"])

    def test_public_cannot_read_import_notes(self):
        with self.assertRaises(AccessError):
            self.org_published.with_user(self.public_user).read(["import_unmapped"])

    def test_portal_sees_published_and_own(self):
        visible = self._visible_orgs(self.portal_user)
        self.assertEqual(visible, self.org_published | self.org_draft)
        with self.assertRaises(AccessError):
            self.org_published.with_user(self.portal_user).write({"name": "Gekaapt"})

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
