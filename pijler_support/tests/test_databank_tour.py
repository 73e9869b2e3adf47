from odoo import Command
from odoo.tests import tagged

from .common import PijlerCommon, PijlerHttpCommon


@tagged("post_install", "-at_install")
class TestDatabankTour(PijlerHttpCommon, PijlerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Two organisations match the search; the theme keeps one.
        cls._create_org(
            name="Meisjesschool Kaolack",
            zip="9000",
            city="Gent",
            pillar_state="published",
            mission="<p>Wij bouwen klaslokalen voor meisjes.</p>",
            theme_ids=[Command.set(cls.theme_education.ids)],
            activity_country_ids=[Command.set(cls.senegal.ids)],
        )
        cls._create_org(
            name="Waterputten Kaolack",
            zip="3000",
            city="Leuven",
            pillar_state="published",
            theme_ids=[Command.set(cls.theme_water.ids)],
            activity_country_ids=[Command.set(cls.senegal.ids)],
        )

    def test_search_filter_and_open_an_organisation(self):
        self.start_tour("/databank", "pijler_databank_tour")
