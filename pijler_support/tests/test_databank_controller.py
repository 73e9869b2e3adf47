import base64
import io
from urllib.parse import parse_qs, urlencode, urlsplit

from lxml import html
from PIL import Image

from odoo import Command
from odoo.tests import tagged

from .common import PijlerCommon, PijlerHttpCommon


class DatabankHttpCommon(PijlerHttpCommon, PijlerCommon):
    """A directory with only the organisations of these tests in it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Demo organisations would make every count depend on the demo data.
        cls.Partner.search(
            [
                ("is_pillar_org", "=", True),
                ("id", "not in", (cls.org_published | cls.org_draft).ids),
            ]
        ).write({"pillar_state": "draft"})
        cls.congo = cls.env.ref("base.cd")
        cls.sdg_3 = cls.env.ref("pijler_support.sdg_03")
        cls.sdg_4 = cls.env.ref("pijler_support.sdg_04")
        cls.theme_health = cls.env.ref("pijler_support.theme_health")
        cls.east_flanders = cls.env.ref("base.state_be_3")
        cls.expertise_grants = cls.env["pijler.expertise"].create(
            {"name": "Subsidiedossiers schrijven"}
        )
        cls.org_ghent = cls._create_org(
            name="Meisjesschool Kaolack",
            zip="9000",
            city="Gent",
            pillar_state="published",
            is_diaspora_led=True,
            founding_year=2011,
            volunteer_count=12,
            website="www.meisjesschool-kaolack.example.org",
            social_facebook="facebook.com/meisjesschoolkaolack",
            mission="<p>Wij bouwen klaslokalen voor meisjes in Kaolack.</p>",
            history="<p>Begonnen na een reis in 2010.</p>",
            theme_ids=[Command.set(cls.theme_education.ids)],
            activity_country_ids=[Command.set(cls.senegal.ids)],
            sdg_ids=[Command.set(cls.sdg_4.ids)],
            expertise_ids=[Command.set(cls.expertise_grants.ids)],
        )
        cls.project_ghent = cls.env["pijler.project"].create(
            {
                "name": "Klaslokaal Kaolack",
                "partner_id": cls.org_ghent.id,
                "country_id": cls.senegal.id,
                "local_partner": "Association des parents",
                "start_year": 2019,
                "description": "Drie klaslokalen met zonnepanelen.",
            }
        )
        cls.org_brussels = cls._create_org(
            name="Gezondheid Kinshasa",
            zip="1000",
            city="Brussel",
            pillar_state="published",
            is_diaspora_led=True,
            theme_ids=[Command.set((cls.theme_health | cls.theme_water).ids)],
            activity_country_ids=[Command.set(cls.congo.ids)],
            sdg_ids=[Command.set(cls.sdg_3.ids)],
        )
        cls.contact = cls.Partner.create(
            {
                "name": "Jeanne Mbuyi",
                "parent_id": cls.org_brussels.id,
                "type": "contact",
                "email": "jeanne.mbuyi@example.com",
                "phone": "+32 470 99 88 77",
            }
        )
        cls.org_archived = cls._create_org(
            name="Oude Vriendenkring Thiès",
            zip="2000",
            city="Antwerpen",
            pillar_state="archived",
            theme_ids=[Command.set(cls.theme_education.ids)],
            activity_country_ids=[Command.set(cls.senegal.ids)],
        )
        cls.company = cls.Partner.create(
            {"name": "Bakkerij Janssens", "is_company": True, "city": "Gent"}
        )
        cls.env.flush_all()

    def _get(self, url, status=200, **kwargs):
        self.env.flush_all()
        response = self.url_open(url, **kwargs)
        self.assertEqual(response.status_code, status, url)
        return response

    def _page(self, url):
        return html.fromstring(self._get(url).content)

    def _card_names(self, doc):
        return {
            " ".join(text.split())
            for text in doc.xpath("//*[hasclass('o_pijler_databank_card')]//h3//text()")
            if text.strip()
        }

    def _facet(self, doc, key):
        """Return {option label: count} of one filter of the sidebar."""
        options = {}
        for link in doc.xpath(f"//section[@data-facet='{key}']//a"):
            label = " ".join(
                link.xpath("string(.//span[hasclass('flex-grow-1')])").split()
            )
            count = link.xpath("string(.//span[hasclass('o_pijler_count')])")
            options[label] = int(count)
        return options


@tagged("post_install", "-at_install")
class TestDatabankDirectory(DatabankHttpCommon):
    def test_lists_published_organisations_only(self):
        doc = self._page("/databank")
        self.assertEqual(
            self._card_names(doc),
            {"Waterput Kolda", "Meisjesschool Kaolack", "Gezondheid Kinshasa"},
        )
        count = doc.xpath("string(//*[hasclass('o_pijler_result_count')])")
        self.assertEqual(" ".join(count.split()), "3 organisations")

    def test_card_shows_municipality_themes_countries_and_logo(self):
        doc = self._page("/databank")
        card = doc.xpath(
            "//*[hasclass('o_pijler_databank_card')]"
            "[.//a[normalize-space()='Meisjesschool Kaolack']]"
        )[0]
        text = " ".join(card.text_content().split())
        self.assertIn("Gent (East Flanders)", text)
        self.assertIn("Onderwijs", text)
        self.assertIn("Senegal", text)
        logo = card.xpath(".//img/@src")[0]
        self.assertTrue(
            logo.startswith(f"/web/image/res.partner/{self.org_ghent.id}/avatar_128")
        )
        link = card.xpath(".//h3/a/@href")[0]
        self.assertEqual(link, self.org_ghent.website_url)

    def test_search_by_text(self):
        cases = {
            "kinshasa": {"Gezondheid Kinshasa"},  # name, any case
            "Gent": {"Meisjesschool Kaolack"},  # municipality
            "klaslokalen": {"Meisjesschool Kaolack"},  # mission
            "Klaslokaal": {"Meisjesschool Kaolack"},  # project title
            "zonnepanelen": {"Meisjesschool Kaolack"},  # project description
            "waterput leuven": {"Waterput Kolda"},  # every word, any field
            "Thiès": set(),  # archived organisations stay hidden
            "Janssens": set(),  # so do plain companies
        }
        for search, names in cases.items():
            with self.subTest(search=search):
                doc = self._page(f"/databank?search={search}")
                self.assertEqual(self._card_names(doc), names)

    def test_each_filter_alone(self):
        cases = {
            f"country={self.senegal.id}": {"Waterput Kolda", "Meisjesschool Kaolack"},
            f"theme={self.theme_education.id}": {"Meisjesschool Kaolack"},
            f"sdg={self.sdg_6.id}": {"Waterput Kolda"},
            "region=brussels": {"Gezondheid Kinshasa"},
            f"province={self.east_flanders.id}": {"Meisjesschool Kaolack"},
            f"expertise={self.expertise_grants.id}": {"Meisjesschool Kaolack"},
            "diaspora=1": {"Meisjesschool Kaolack", "Gezondheid Kinshasa"},
        }
        for query, names in cases.items():
            with self.subTest(query=query):
                doc = self._page(f"/databank?{query}")
                self.assertEqual(self._card_names(doc), names)

    def test_filters_combine_and_count_what_each_choice_gives(self):
        doc = self._page(f"/databank?country={self.senegal.id}&diaspora=1")
        self.assertEqual(self._card_names(doc), {"Meisjesschool Kaolack"})
        # Counts of a filter leave that filter out but keep all the others:
        # diaspora-led organisations per country...
        self.assertEqual(
            self._facet(doc, "country"), {"Senegal": 1, self.congo.name: 1}
        )
        # ...Senegal organisations that are, or not, diaspora-led...
        self.assertEqual(self._facet(doc, "diaspora"), {"Diaspora-led only": 1})
        # ...and for the other filters both at once.
        self.assertEqual(self._facet(doc, "theme"), {"Onderwijs": 1})
        self.assertEqual(self._facet(doc, "region"), {"Flanders": 1})

        doc = self._page(f"/databank?country={self.senegal.id}")
        self.assertEqual(
            self._facet(doc, "theme"), {"Onderwijs": 1, "Water en sanitatie": 1}
        )
        self.assertEqual(
            self._facet(doc, "province"), {"Flemish Brabant": 1, "East Flanders": 1}
        )
        self.assertEqual(
            self._facet(doc, "country"), {"Senegal": 2, self.congo.name: 1}
        )

    def test_active_filter_stays_listed_and_links_to_its_removal(self):
        doc = self._page(f"/databank?search=kaolack&theme={self.theme_water.id}")
        self.assertFalse(self._card_names(doc))
        active = doc.xpath("//section[@data-facet='theme']//a[@aria-current='true']")
        self.assertEqual(len(active), 1)
        self.assertIn("Water en sanitatie", active[0].text_content())
        self.assertEqual(active[0].get("href"), "/databank?search=kaolack")

    def test_links_keep_the_search_in_the_query_string(self):
        doc = self._page(f"/databank?search=kolda&country={self.senegal.id}")
        theme_links = doc.xpath("//section[@data-facet='theme']//a/@href")
        self.assertEqual(len(theme_links), 1)
        url = urlsplit(theme_links[0])
        self.assertEqual(url.path, "/databank")
        self.assertEqual(
            parse_qs(url.query),
            {
                "search": ["kolda"],
                "country": [str(self.senegal.id)],
                "theme": [str(self.theme_water.id)],
            },
        )
        # The search form resends the filters, so that a new search keeps them.
        form = doc.xpath("//form[@role='search']")[0]
        self.assertEqual(form.get("action"), "/databank")
        self.assertEqual(form.get("method"), "get")
        hidden = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
        self.assertEqual(hidden, {"country": str(self.senegal.id), "search": "kolda"})
        label = form.xpath(".//label/@for")[0]
        self.assertEqual(form.xpath(f".//input[@id='{label}']/@name"), ["search"])

    def test_pagination_keeps_the_query_string(self):
        theme = self.env["pijler.theme"].create({"name": "Bijenteelt"})
        for number in range(25):
            self._create_org(
                name=f"Imkers {number:02d}",
                zip="3500",
                city="Hasselt",
                pillar_state="published",
                theme_ids=[Command.set(theme.ids)],
            )
        doc = self._page(f"/databank?theme={theme.id}")
        self.assertEqual(len(self._card_names(doc)), 20)
        pages = doc.xpath("//ul[hasclass('pagination')]//a/@href")
        self.assertIn(f"/databank/page/2?theme={theme.id}", pages)

        doc = self._page(f"/databank/page/2?theme={theme.id}")
        self.assertEqual(
            self._card_names(doc), {f"Imkers {number}" for number in range(20, 25)}
        )
        # A filter chosen on page 2 starts again at page 1.
        for link in doc.xpath("//section[@data-facet]//a/@href"):
            self.assertNotIn("/page/", link)

        # 28 organisations in all: two pages, not three.
        self._get("/databank/page/2")
        self._get("/databank/page/3", status=404)
        self._get(f"/databank/page/2?theme={self.theme_water.id}", status=404)
        self._get("/databank/page/0", status=404)
        self._get("/databank/page/99999999999999999999999", status=404)

    def test_page_in_the_query_string(self):
        # The pager links to /databank/page/N; a page in the query string, of
        # an old link or typed by hand, counts if it is a number.
        for page in ("1", "-1", "0", "abc", "", "1.5", "%C2%B2"):
            with self.subTest(page=page):
                doc = self._page(f"/databank?page={page}")
                self.assertEqual(len(self._card_names(doc)), 3)
        self._get("/databank?page=2", status=404)
        self._get("/databank?page=99999999999999999999999", status=404)

    def test_search_without_control_characters(self):
        doc = self._page("/databank?search=%00")
        self.assertEqual(len(self._card_names(doc)), 3)
        doc = self._page("/databank?search=kol%00da%01%7F")
        self.assertEqual(self._card_names(doc), {"Waterput Kolda"})
        self.assertEqual(
            doc.xpath("//input[@id='o_pijler_search_input']/@value"), ["kol da"]
        )

    def test_search_takes_wildcards_and_markup_as_text(self):
        self.org_brussels.mission = (
            "<p>Wij geven <strong>100%</strong> voor kinder_zorg.</p>"
        )
        cases = {
            "%": {"Gezondheid Kinshasa"},
            "100%": {"Gezondheid Kinshasa"},
            "_": {"Gezondheid Kinshasa"},
            "k%a": set(),  # no wildcard between k and a
            "r_zorg": {"Gezondheid Kinshasa"},
            "gev_n": set(),  # _ is no single character either
            "strong": set(),  # the markup is not searched...
            "<p>geven</p>": {"Gezondheid Kinshasa"},  # ...its text is
            "<b>kinshasa": {"Gezondheid Kinshasa"},
        }
        for search, names in cases.items():
            with self.subTest(search=search):
                doc = self._page(f"/databank?{urlencode({'search': search})}")
                self.assertEqual(self._card_names(doc), names)

    def test_search_ignores_accents_case_and_quotes(self):
        self._create_org(
            name="Vriendenkring Estelí",
            zip="4000",
            city="Liège",
            pillar_state="published",
            mission="<p>Scholen in Haïti en in Côte d\u2019Ivoire.</p>",
        )
        for search in (
            "esteli",
            "ESTELÍ",
            "Liege",
            "liège",
            "haiti",
            "Haïti",
            "cote d'ivoire",
            "“Estelí”",
            '"liege"',
            "'haiti'",
        ):
            with self.subTest(search=search):
                doc = self._page(f"/databank?{urlencode({'search': search})}")
                self.assertEqual(self._card_names(doc), {"Vriendenkring Estelí"})
        doc = self._page('/databank?search="kolda"')
        self.assertEqual(self._card_names(doc), {"Waterput Kolda"})

    def test_screen_readers_hear_one_organisation_or_several(self):
        doc = self._page("/databank")
        counts = {}
        for link in doc.xpath("//section[@data-facet]//a"):
            count = link.xpath("string(.//span[hasclass('o_pijler_count')])")
            hidden = link.xpath(".//span[hasclass('visually-hidden')]/text()")
            counts[count] = hidden
        self.assertEqual(counts["1"], ["organisation"])
        self.assertEqual(counts["2"], ["organisations"])

    def test_bad_query_string_values_are_ignored(self):
        queries = [
            "theme=abc",
            "country=999999",
            "sdg=-3",
            "province=99999999999999999999",
            "expertise=1.5",
            "region=mars",
            "diaspora=maybe",
            "theme=1,2",
            "country=%C2%B2",  # a superscript two: a digit to str.isdigit()
        ]
        for query in queries:
            with self.subTest(query=query):
                doc = self._page(f"/databank?{query}")
                self.assertEqual(len(self._card_names(doc)), 3)
                self.assertFalse(doc.xpath("//*[hasclass('o_pijler_active_filter')]"))

    def test_empty_state_offers_a_reset(self):
        doc = self._page(f"/databank?search=xyzzy&theme={self.theme_water.id}")
        self.assertFalse(self._card_names(doc))
        empty = doc.xpath("//*[hasclass('o_pijler_databank_empty')]")
        self.assertEqual(len(empty), 1)
        self.assertIn("No organisation matches your search", empty[0].text_content())
        self.assertEqual(empty[0].xpath(".//a/@href"), ["/databank"])
        self.assertFalse(
            self._page("/databank").xpath("//*[hasclass('o_pijler_databank_empty')]")
        )

    def test_filtered_pages_are_not_indexed_and_filters_not_followed(self):
        doc = self._page("/databank")
        self.assertFalse(doc.xpath("//meta[@name='robots']"))
        filter_links = doc.xpath("//section[@data-facet]//a")
        self.assertTrue(filter_links)
        for link in filter_links:
            self.assertEqual(link.get("rel"), "nofollow", link.get("href"))

        for query in ("search=water", f"theme={self.theme_water.id}"):
            with self.subTest(query=query):
                doc = self._page(f"/databank?{query}")
                robots = doc.xpath("//meta[@name='robots']/@content")
                self.assertEqual(robots, ["noindex,follow"])
                canonical = doc.xpath("//link[@rel='canonical']/@href")[0]
                self.assertTrue(canonical.endswith("/databank"), canonical)
                removals = doc.xpath("//*[hasclass('o_pijler_chip')]//a")
                self.assertTrue(removals)
                for link in removals:
                    self.assertEqual(link.get("rel"), "nofollow")

    def test_title_and_meta_description(self):
        doc = self._page("/databank")
        self.assertTrue(doc.xpath("string(//title)").startswith("Databank | "))
        description = doc.xpath("//meta[@name='description']/@content")[0]
        self.assertIn("Flanders and Brussels", description)

    def test_website_menu_links_to_the_databank(self):
        doc = self._page("/")
        self.assertTrue(doc.xpath("//header//a[@href='/databank']"))

    def test_query_count_does_not_grow_with_the_organisations_shown(self):
        def count_queries(url):
            self._get(url)  # warm the caches: templates, routing, assets
            self.env.flush_all()
            before = self.cr.sql_log_count
            doc = self._page(url)
            return self.cr.sql_log_count - before, len(self._card_names(doc))

        url = "/databank"
        filtered_url = f"/databank?region=flanders&sdg={self.sdg_4.id}&diaspora=1"
        few, shown = count_queries(url)
        self.assertEqual(shown, 3)
        few_filtered, shown = count_queries(filtered_url)
        self.assertEqual(shown, 1)

        themes = self.env["pijler.theme"].search([])
        countries = self.env["res.country"].search([], limit=40)
        for number in range(30):
            self._create_org(
                name=f"Extra organisatie {number:02d}",
                zip=("2000", "3000", "3500", "8000", "9000", "1000")[number % 6],
                city="Ergens",
                pillar_state="published",
                is_diaspora_led=bool(number % 2),
                theme_ids=[Command.set(themes[number % 16 : number % 16 + 3].ids)],
                activity_country_ids=[Command.set(countries[number : number + 2].ids)],
                sdg_ids=[Command.set([self.sdg_3.id, self.sdg_4.id])],
                expertise_ids=[Command.set(self.expertise_grants.ids)],
            )
        many, shown = count_queries(url)
        self.assertEqual(shown, 20)
        many_filtered, shown = count_queries(filtered_url)
        self.assertGreater(shown, 3)
        self.assertEqual(many, few)
        self.assertEqual(many_filtered, few_filtered)


@tagged("post_install", "-at_install")
class TestDatabankOrganisation(DatabankHttpCommon):
    def test_page_shows_public_fields(self):
        self.org_ghent.company_registry = "0123.456.749"
        doc = self._page(self.org_ghent.website_url)
        self.assertEqual(
            " ".join(doc.xpath("string(//h1)").split()), "Meisjesschool Kaolack"
        )
        text = " ".join(doc.xpath("string(//main)").split())
        for expected in (
            "Gent",
            "East Flanders",
            "Diaspora-led",
            "Wij bouwen klaslokalen voor meisjes in Kaolack.",
            "Begonnen na een reis in 2010.",
            "Onderwijs",
            "4. Quality education",
            "Senegal",
            "Subsidiedossiers schrijven",
            "Klaslokaal Kaolack",
            "Association des parents",
            "Drie klaslokalen met zonnepanelen.",
        ):
            self.assertIn(expected, text)
        facts = {
            " ".join(dt.text_content().split()): " ".join(
                dt.getnext().text_content().split()
            )
            for dt in doc.xpath("//dl/dt")
        }
        self.assertEqual(facts["Founded in"], "2011")
        self.assertEqual(facts["Volunteers"], "12")
        self.assertEqual(facts["Enterprise number"], "0123.456.749")
        self.assertEqual(facts["Region"], "Flanders")
        self.assertIn("Legal form", facts)
        links = doc.xpath("//main//a/@href")
        self.assertIn("https://www.meisjesschool-kaolack.example.org", links)
        self.assertIn("https://facebook.com/meisjesschoolkaolack", links)
        sdg = doc.xpath("//a[hasclass('o_pijler_sdg')]")[0]
        self.assertIn(self.sdg_4.color, sdg.get("style"))
        logo = doc.xpath("//header//img[contains(@src, '/web/image/res.partner/')]")
        self.assertTrue(logo)

    def test_page_hides_contact_persons(self):
        body = self._get(self.org_brussels.website_url).text
        self.assertIn("Gezondheid Kinshasa", body)
        for private in ("Jeanne Mbuyi", "jeanne.mbuyi@example.com", "470 99 88 77"):
            self.assertNotIn(private, body)

    def test_other_organisations_in_the_same_country(self):
        doc = self._page(self.org_ghent.website_url)
        block = doc.xpath("//section[hasclass('o_pijler_neighbours')]")
        self.assertEqual(len(block), 1)
        self.assertIn(
            "Other organisations active in Senegal",
            " ".join(block[0].xpath("string(.//h2)").split()),
        )
        self.assertEqual(self._card_names(block[0]), {"Waterput Kolda"})
        # Nobody else works in Congo.
        doc = self._page(self.org_brussels.website_url)
        self.assertFalse(doc.xpath("//section[hasclass('o_pijler_neighbours')]"))

    def test_title_and_meta_description(self):
        doc = self._page(self.org_ghent.website_url)
        title = doc.xpath("string(//title)")
        self.assertTrue(title.startswith("Meisjesschool Kaolack | "), title)
        description = doc.xpath("//meta[@name='description']/@content")
        self.assertEqual(
            description, ["Wij bouwen klaslokalen voor meisjes in Kaolack."]
        )

        # Without a mission, the description says where the organisation works.
        doc = self._page(self.org_brussels.website_url)
        description = doc.xpath("//meta[@name='description']/@content")[0]
        self.assertIn("Gezondheid Kinshasa", description)
        self.assertIn("Congo", description)

    def _link_preview(self, url):
        """Return the Open Graph and X properties of a page."""
        doc = self._page(url)
        meta = {
            tag.get("property") or tag.get("name"): tag.get("content")
            for tag in doc.xpath("//head/meta")
        }
        self.assertEqual(
            len(doc.xpath("//head/meta[@property='og:title']")), 1, "one title"
        )
        return doc, meta

    def test_link_preview_shows_the_organisation(self):
        logo = io.BytesIO()
        Image.new("RGB", (40, 40), (0, 120, 94)).save(logo, format="PNG")
        self.org_ghent.image_1920 = base64.b64encode(logo.getvalue())
        doc, meta = self._link_preview(self.org_ghent.website_url)
        title = doc.xpath("string(//title)")
        self.assertTrue(title.startswith("Meisjesschool Kaolack | "), title)
        self.assertEqual(meta["og:title"], title)
        self.assertEqual(meta["twitter:title"], title)
        description = "Wij bouwen klaslokalen voor meisjes in Kaolack."
        self.assertEqual(meta["og:description"], description)
        self.assertEqual(meta["twitter:description"], description)
        image = urlsplit(meta["og:image"])
        self.assertEqual(
            f"{image.scheme}://{image.netloc}", self.env["website"].get_base_url()
        )
        self.assertEqual(
            image.path, f"/web/image/res.partner/{self.org_ghent.id}/image_512"
        )
        self.assertEqual(meta["twitter:image"], meta["og:image"])
        self.assertEqual(self.url_open(meta["og:image"]).content[:4], b"\x89PNG")

        # Without a logo, the website's image stands for the organisation.
        doc, meta = self._link_preview(self.org_brussels.website_url)
        self.assertTrue(meta["og:title"].startswith("Gezondheid Kinshasa | "))
        self.assertIn("/web/image/website/", meta["og:image"])

    def test_link_preview_of_the_directory(self):
        doc, meta = self._link_preview("/databank")
        title = doc.xpath("string(//title)")
        self.assertTrue(title.startswith("Databank | "), title)
        self.assertEqual(meta["og:title"], title)
        self.assertIn("Flanders and Brussels", meta["og:description"])

    def test_link_preview_of_the_confirmation_page(self):
        response = self._get("/databank/confirm/no-such-token", status=404)
        doc = html.fromstring(response.content)
        title = doc.xpath("string(//title)")
        self.assertTrue(title.startswith("Link no longer valid | "), title)
        og_title = doc.xpath("//meta[@property='og:title']/@content")
        self.assertEqual(og_title, [title])

    def _assert_not_found(self):
        for org in (self.org_draft, self.org_archived, self.company):
            with self.subTest(org=org.name):
                response = self._get(f"/databank/{org.id}", status=404)
                self.assertNotIn(org.name, response.text)
                slug = self.env["ir.http"]._slug(org)
                self._get(f"/databank/{slug}", status=404)
        self._get("/databank/organisatie-999999999", status=404)
        self._get("/databank/organisatie-99999999999999999999", status=404)
        self._get("/databank/geen-nummer", status=404)

    def test_not_found_for_visitors(self):
        self._assert_not_found()

    def test_not_found_for_staff_on_the_public_route(self):
        self.authenticate("pijler_staff", "pijler_staff")
        self._assert_not_found()

    def test_own_draft_stays_hidden_for_its_portal_user(self):
        # The portal user may read its own draft organisation, just not here.
        self.authenticate("pijler_portal", "pijler_portal")
        self._get(f"/databank/{self.org_draft.id}", status=404)
        doc = self._page("/databank?search=nairobi")
        self.assertFalse(self._card_names(doc))

    def test_renamed_organisation_redirects_to_its_new_address(self):
        slug = self.env["ir.http"]._slug
        old_url = f"/databank/{slug(self.org_ghent)}"
        self.org_ghent.name = "Meisjesschool Kaolack-Sénégal"
        new_url = f"/databank/{slug(self.org_ghent)}"
        self.assertNotEqual(old_url, new_url)
        for url in (old_url, f"/databank/{self.org_ghent.id}"):
            with self.subTest(url=url):
                response = self._get(url, status=301, allow_redirects=False)
                self.assertTrue(
                    response.headers["Location"].endswith(new_url),
                    response.headers["Location"],
                )
        doc = self._page(old_url)
        self.assertIn("Kaolack-Sénégal", doc.xpath("string(//h1)"))

    def test_sitemap_lists_published_organisations(self):
        # The sitemap is cached as an attachment; start from a fresh one.
        self.env["ir.attachment"].sudo().search(
            [("url", "=like", "/sitemap%")]
        ).unlink()
        body = self._get("/sitemap.xml").text
        slug = self.env["ir.http"]._slug
        self.assertIn("/databank</loc>", body)
        self.assertIn(f"/databank/{slug(self.org_ghent)}</loc>", body)
        self.assertIn(f"/databank/{slug(self.org_published)}</loc>", body)
        for hidden in (self.org_draft, self.org_archived, self.company):
            self.assertNotIn(f"/databank/{slug(hidden)}<", body)


@tagged("post_install", "-at_install")
class TestDatabankSearchText(PijlerCommon):
    def test_search_text_is_the_folded_text_of_the_fiche(self):
        org = self.org_published
        org.mission = "<p>Wij <em>graven</em> putten in Thiès.</p>"
        self.assertIn("waterput kolda", org.pillar_search_text)
        self.assertIn("leuven", org.pillar_search_text)
        self.assertIn("putten in thies", org.pillar_search_text)
        self.assertNotIn("<", org.pillar_search_text)
        self.assertNotIn(" em", org.pillar_search_text)
        # Plain contacts are no part of the databank.
        contact = self.Partner.create({"name": "Jan Peeters", "city": "Gent"})
        self.assertFalse(contact.pillar_search_text)

    def test_search_text_follows_the_projects(self):
        org = self.org_published
        project = self.env["pijler.project"].create(
            {
                "name": "Pompen Sédhiou",
                "partner_id": org.id,
                "description": "Zonnepompen voor twee dorpen.",
            }
        )
        self.assertIn("pompen sedhiou", org.pillar_search_text)
        self.assertIn("zonnepompen", org.pillar_search_text)
        project.write({"name": "Putten Ziguinchor", "description": False})
        self.assertIn("putten ziguinchor", org.pillar_search_text)
        self.assertNotIn("sedhiou", org.pillar_search_text)
        self.assertNotIn("zonnepompen", org.pillar_search_text)
        # An archived project is no longer on the fiche, nor found.
        project.active = False
        self.assertNotIn("ziguinchor", org.pillar_search_text)
        domain = self.Partner._pillar_directory_domain("ziguinchor")
        self.assertFalse(self.Partner.search(domain))
        project.active = True
        self.assertEqual(self.Partner.search(domain), org)

    def test_search_words(self):
        words = self.Partner._pillar_directory_search_words(
            " “Water”  <p>100%_</p> D\u2019Ivoire 'Liège' \x00 <a href='x'> "
        )
        self.assertEqual(words, ["water", "100%_", "d'ivoire", "liege"])
        self.assertEqual(len(self.Partner._pillar_directory_search_words("a " * 20)), 8)
        self.assertEqual(
            self.Partner._pillar_directory_clean_search(
                "a\x00b\tc\u200bd\n" + "e" * 300
            ),
            "a b c d " + "e" * 192,
        )
