import unittest

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user


class PijlerCommon(TransactionCase):
    """Users per role and a few organisations, shared by the test files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Partner = cls.env["res.partner"]
        cls.belgium = cls.env.ref("base.be")
        cls.theme_water = cls.env.ref("pijler_support.theme_water")
        cls.theme_education = cls.env.ref("pijler_support.theme_education")
        cls.sdg_6 = cls.env.ref("pijler_support.sdg_06")
        cls.senegal = cls.env.ref("base.sn")
        cls.kenya = cls.env.ref("base.ke")

        cls.staff_user = new_test_user(
            cls.env,
            login="pijler_staff",
            groups="base.group_user,pijler_support.group_pijler_user",
        )
        cls.manager_user = new_test_user(
            cls.env,
            login="pijler_manager",
            groups="base.group_user,pijler_support.group_pijler_manager",
        )
        cls.employee_user = new_test_user(
            cls.env, login="plain_employee", groups="base.group_user"
        )

        cls.org_published = cls._create_org(
            name="Waterput Kolda",
            zip="3000",
            city="Leuven",
            pillar_state="published",
            company_registry="0403.170.701",
            theme_ids=[Command.set(cls.theme_water.ids)],
            activity_country_ids=[Command.set(cls.senegal.ids)],
            sdg_ids=[Command.set(cls.sdg_6.ids)],
        )
        cls.org_draft = cls._create_org(
            name="Scholen Nairobi",
            zip="9000",
            city="Gent",
            pillar_state="draft",
            theme_ids=[Command.set(cls.theme_education.ids)],
            activity_country_ids=[Command.set(cls.kenya.ids)],
        )
        cls.portal_user = new_test_user(
            cls.env, login="pijler_portal", groups="base.group_portal"
        )
        cls.portal_user.partner_id.parent_id = cls.org_draft

    @classmethod
    def _create_org(cls, **values):
        values = {
            "is_company": True,
            "is_pillar_org": True,
            "country_id": cls.belgium.id,
            "legal_form": "vzw",
            **values,
        }
        return cls.Partner.create(values)


class PijlerHttpCommon(HttpCase):
    """HttpCase whose browser tests fail, instead of skip, without a browser.

    Odoo turns a missing Chromium or websocket-client into a skipped test,
    which would let the suite pass without ever opening a page.
    """

    def browser_js(self, *args, **kwargs):
        try:
            return super().browser_js(*args, **kwargs)
        except unittest.SkipTest as error:
            self.fail(f"The browser test could not start a browser: {error}")
