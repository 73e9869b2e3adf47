import base64
import csv
import io
import optparse
import os
import tempfile
from datetime import date
from pathlib import Path
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..cli.pijler_import import check_writable, import_databank, split_arguments
from ..models.pijler_databank_import import COLUMNS


def shared_export_path():
    """Return the path of the databank export shared with the project.

    ``PIJLER_SHARED_DATA`` may name the file or the folder holding it.
    """
    override = os.environ.get("PIJLER_SHARED_DATA")
    if override:
        path = Path(override)
        return path / "databank-export.csv" if path.is_dir() else path
    repository = Path(__file__).resolve().parents[3]
    return repository / "shared" / "data" / "databank-export.csv"


VALID_ROW = {
    "naam": "Testvereniging Zonnebloem",
    "rechtsvorm": "vzw",
    "ondernemingsnummer": "1024.000.195",
    "straat": "Kerkstraat 1",
    "postcode": "3000",
    "gemeente": "Leuven",
    "land": "België",
    "email": "info@zonnebloem.pijler-test.example.org",
    "telefoon": "+32 470 12 34 56",
    "website": "https://zonnebloem.pijler-test.example.org",
    "landen": "Senegal",
    "themas": "Onderwijs",
    "sdgs": "4",
    "oprichtingsjaar": "1998",
    "vrijwilligers": "12",
    "diaspora": "nee",
    "missie": "Wij bouwen scholen in Kolda.",
    "historiek": "Opgericht in 1998.",
    "contactpersoon": "An Peeters",
    "gepubliceerd": "ja",
}


def make_csv(*rows, delimiter=",", columns=COLUMNS, bom=False):
    """Return CSV bytes in the export's format, one line per dict of changes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    for changes in rows:
        row = {**VALID_ROW, **changes}
        writer.writerow([row[column] for column in columns])
    data = buffer.getvalue().encode()
    return b"\xef\xbb\xbf" + data if bom else data


@tagged("post_install", "-at_install")
class TestDatabankImport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Partner = cls.env["res.partner"]
        cls.Importer = cls.env["pijler.databank.import"]
        cls.belgium = cls.env.ref("base.be")
        cls.manager_user = new_test_user(
            cls.env,
            login="import_manager",
            groups="base.group_user,pijler_support.group_pijler_manager",
        )
        cls.staff_user = new_test_user(
            cls.env,
            login="import_staff",
            groups="base.group_user,pijler_support.group_pijler_user",
        )

    def _org(self, name):
        return self.Partner.search([("is_pillar_org", "=", True), ("name", "=", name)])

    def _create_org(self, **values):
        return self.Partner.create(
            {
                "is_pillar_org": True,
                "is_company": True,
                "country_id": self.belgium.id,
                **values,
            }
        )

    def _errors(self, result):
        return {entry.line: entry.error_codes for entry in result.errors}

    def _reasons(self, result):
        return {entry.line: entry.reason for entry in result.errors}

    # ------------------------------------------------------------------
    # The shared export of the former databank
    # ------------------------------------------------------------------

    def test_shared_export(self):
        path = shared_export_path()
        if not path.is_file():
            self.fail(
                f"The databank export {path} is missing: it should be in "
                "shared/data next to the repository, or named by the "
                "PIJLER_SHARED_DATA environment variable."
            )
        # The support point starts from an empty databank; demo organisations
        # would otherwise be recognised and updated.
        self.Partner.search([("is_pillar_org", "=", True)]).is_pillar_org = False
        data = path.read_bytes()

        result = self.Importer._import_file(data, filename=path.name)

        expected_errors = {
            12: ["duplicate"],  # BRUG NAAR JINJA repeats line 2
            19: ["enterprise_number"],  # wrong check digits
            26: ["name"],  # no name
            40: ["zip"],  # 99999
            47: ["founding_year"],  # 2031
            75: ["email"],  # info(at)...
            82: ["name"],  # =HYPERLINK(...): a formula, not a name
        }
        self.assertEqual(self._errors(result), expected_errors)
        reasons = self._reasons(result)
        self.assertIn("line 2", reasons[12])
        self.assertIn("0759.695.180", reasons[19])
        self.assertIn("99999", reasons[40])
        self.assertIn("2031", reasons[47])
        self.assertIn("info(at)toekomst-voor-goma.example.org", reasons[75])
        self.assertIn("formula", reasons[82])
        # Every line of the file is either imported or reported.
        self.assertEqual(sorted(result.lines), list(range(2, 122)))
        imported = {entry.line for entry in result.rows if entry.outcome == "created"}
        self.assertEqual(imported, set(range(2, 122)) - set(expected_errors))
        self.assertEqual(len(result.created), 113)
        self.assertFalse(result.updated or result.unchanged)
        self.assertTrue(all(result.created.mapped("is_company")))
        self.assertEqual(result.created.country_id, self.belgium)

        self._check_shared_values()
        self._check_shared_warnings(result)
        self._check_shared_report(result)

        # Importing the same file again changes nothing.
        contacts = self.Partner.search_count([("parent_id", "in", result.created.ids)])
        partner_class = type(self.Partner)
        with patch.object(
            partner_class, "write", autospec=True, side_effect=partner_class.write
        ) as write:
            again = self.Importer._import_file(data, filename=path.name)
        write.assert_not_called()
        self.assertFalse(again.created or again.updated)
        self.assertEqual(again.unchanged, result.created)
        self.assertEqual(self._errors(again), expected_errors)
        self.assertEqual(
            self.Partner.search_count([("parent_id", "in", result.created.ids)]),
            contacts,
        )

    def _check_shared_values(self):
        first = self._org("Brug naar Jinja")
        self.assertEqual(len(first), 1, "line 12 must not have made a second one")
        self.assertEqual(first.company_registry, "0397.457.993")
        self.assertEqual(first.pillar_state, "published")
        self.assertEqual(first.legal_form, "vzw")
        self.assertEqual((first.zip, first.city), ("3920", "Lommel"))
        self.assertEqual(first.pillar_region, "flanders")
        self.assertEqual((first.founding_year, first.volunteer_count), (1981, 12))
        self.assertEqual(first.website, "https://brug-naar-jinja.example.org")
        self.assertEqual(first.email, "info@brug-naar-jinja.example.org")
        self.assertEqual(first.phone, "+32 494 56 45 32")
        self.assertEqual(
            first.activity_country_ids,
            self.env.ref("base.bd") | self.env.ref("base.cm"),
        )
        self.assertEqual(first.theme_ids, self.env.ref("pijler_support.theme_water"))
        self.assertFalse(first.sdg_ids)
        self.assertEqual(first.child_ids.mapped("name"), ["Mamadou De Smet"])
        self.assertEqual(first.child_ids.type, "contact")
        self.assertTrue(first.mission.startswith("<p>Wij steunen lokale partners"))

        self.assertEqual(self._org("Steunfonds Cochabamba").pillar_state, "draft")
        de_facto = self._org("Samen voor Kankan")
        self.assertEqual(de_facto.legal_form, "de_facto")
        self.assertFalse(de_facto.company_registry)
        cooperative = self._org("Solidariteit met Kigali")
        self.assertEqual(cooperative.legal_form, "cooperative")
        self.assertTrue(cooperative.is_diaspora_led)

        # Line 61: spaces around and inside the name.
        self.assertTrue(self._org("Solidariteit met Popayán"))
        # Line 89: the old nine-digit enterprise number.
        self.assertEqual(
            self._org("Toekomst voor Nampula").company_registry, "0759.695.189"
        )
        # Line 96: a website without scheme.
        self.assertEqual(
            self._org("Samen voor Huancayo").website,
            "https://www.samen-voor-huancayo.example.org",
        )
        # Line 24: an international domain name is a valid address.
        self.assertEqual(
            self._org("Samen voor Cap-Haïtien").email,
            "info@samen-voor-cap-haïtien.example.org",
        )
        # Country names Babel spells otherwise, and theme aliases.
        self.assertIn(
            self.env.ref("base.cd"), self._org("Project Bo").activity_country_ids
        )
        self.assertEqual(
            self._org("Steunfonds Flores").activity_country_ids, self.env.ref("base.mm")
        )
        self.assertEqual(
            self._org("Vrienden van Kankan").activity_country_ids,
            self.env.ref("base.ci"),
        )
        bukavu = self._org("Partners in Bukavu")
        self.assertEqual(
            bukavu.theme_ids,
            self.env.ref("pijler_support.theme_health")
            | self.env.ref("pijler_support.theme_water"),
        )
        self.assertEqual(bukavu.sdg_ids.mapped("number"), [8, 12, 17])
        # Line 33: an unknown country does not stop the line and stays visible.
        suchitoto = self._org("Samen voor Suchitoto")
        self.assertEqual(suchitoto.import_unmapped, "landen: Atlantis")
        self.assertEqual(
            set(suchitoto.activity_country_ids.mapped("code")), {"CM", "KH", "RW"}
        )
        # Line 54: a script in the mission is dropped, its text kept.
        mission = self._org("Steunfonds Flores 53").mission
        self.assertNotIn("script", mission)
        self.assertNotIn("alert", mission)
        self.assertIn("Wij steunen lokale partners in Zuid-Afrika", mission)

    def _check_shared_warnings(self, result):
        warnings = {line: message for line, _name, message in result.warnings}
        self.assertEqual(sorted(warnings), [33, 54])
        self.assertIn("Atlantis", warnings[33])
        self.assertIn("missie", warnings[54])

    def _check_shared_report(self, result):
        report = self.Importer._build_report(result).decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(report)))
        self.assertEqual(lines[0], ["Line", "Name", "Outcome", "Reason"])
        self.assertEqual(len(lines), 121)
        by_line = {int(line[0]): line for line in lines[1:]}
        self.assertEqual(by_line[2][1:3], ["Brug naar Jinja", "Created"])
        self.assertEqual(by_line[40][2], "Not imported")
        self.assertIn("99999", by_line[40][3])
        self.assertIn("Atlantis", by_line[33][3])
        # A spreadsheet must show the formula of line 82, not run it.
        self.assertTrue(by_line[82][1].startswith("'="))

    # ------------------------------------------------------------------
    # Reading files
    # ------------------------------------------------------------------

    def test_semicolons_and_bom(self):
        data = make_csv(
            {
                "landen": "Senegal, Kenia",
                "themas": "Onderwijs, water",
                "gepubliceerd": "",
            },
            delimiter=";",
            bom=True,
        )
        result = self.Importer._import_file(data)
        self.assertFalse(result.errors)
        org = result.created
        self.assertEqual(org.name, "Testvereniging Zonnebloem")
        self.assertEqual(org.company_registry, "1024.000.195")
        # Without "gepubliceerd" a new organisation waits in draft.
        self.assertEqual(org.pillar_state, "draft")
        self.assertEqual(
            org.activity_country_ids, self.env.ref("base.sn") | self.env.ref("base.ke")
        )
        self.assertEqual(
            org.theme_ids,
            self.env.ref("pijler_support.theme_education")
            | self.env.ref("pijler_support.theme_water"),
        )

    def test_missing_required_column(self):
        columns = [column for column in COLUMNS if column != "gemeente"]
        with self.assertRaisesRegex(UserError, "required column.*gemeente"):
            self.Importer._import_file(make_csv({}, columns=columns))

    def test_not_utf8(self):
        data = make_csv({"naam": "Vrienden van Estelí"}).decode().encode("latin-1")
        with self.assertRaisesRegex(UserError, "not encoded in UTF-8"):
            self.Importer._import_file(data)

    def test_not_utf8_names_the_line(self):
        data = make_csv({}, {"naam": "Vrienden van Estelí", "ondernemingsnummer": ""})
        data = data.replace("Estelí".encode(), "Estelí".encode("latin-1"))
        with self.assertRaisesRegex(UserError, r"line 3 holds a character"):
            self.Importer._import_file(data)

    def test_oversized_cell_is_reported_with_its_line(self):
        # The csv module's default limit; Odoo's server raises it, a script not.
        self.addCleanup(csv.field_size_limit, csv.field_size_limit(128 * 1024))
        data = make_csv(
            {"missie": "Wij bouwen scholen. " * 7000},
            {
                "naam": "Tweede vereniging",
                "ondernemingsnummer": "1024.000.294",
                "email": "info@tweede.pijler-test.example.org",
            },
        )
        result = self.Importer._import_file(data)
        self.assertEqual(self._errors(result), {2: ["cell_length"]})
        self.assertIn("missie", self._reasons(result)[2])
        self.assertEqual(result.created.name, "Tweede vereniging")

    def test_empty_file(self):
        with self.assertRaisesRegex(UserError, "empty"):
            self.Importer._import_file(b"\n")

    # ------------------------------------------------------------------
    # Faulty and unmapped values
    # ------------------------------------------------------------------

    def test_faulty_lines_are_reported_and_others_imported(self):
        data = make_csv(
            {"vrijwilligers": "veel"},
            {
                "naam": "Tweede vereniging",
                "ondernemingsnummer": "1024.000.294",
                "email": "info@tweede.pijler-test.example.org",
                "oprichtingsjaar": "ca. 1990",
            },
            {
                "naam": "Derde vereniging",
                "ondernemingsnummer": "",
                "email": "",
                "postcode": "",
            },
            {
                "naam": "Vierde vereniging",
                "ondernemingsnummer": "1024.000.393",
                "email": "info@vierde.pijler-test.example.org",
            },
        )
        # A value holding an unquoted separator shifts the columns of line 6.
        data += b"Vijfde vereniging,vzw,,Kerkstraat 1, bus 2,3000,Leuven" + b"," * 15
        result = self.Importer._import_file(data)
        self.assertEqual(
            self._errors(result),
            {2: ["volunteers"], 3: ["founding_year"], 4: ["zip"], 6: ["columns"]},
        )
        self.assertIn("veel", self._reasons(result)[2])
        self.assertEqual(result.created.name, "Vierde vereniging")

    def test_odd_figures_are_reported_not_crashing(self):
        this_year = str(date.today().year)
        figures = [
            {"oprichtingsjaar": "²⁰⁰⁰"},  # digits to str.isdigit(), not to int()
            {"oprichtingsjaar": "٢٠٠٠"},  # Arabic-Indic digits, which int() reads
            {"oprichtingsjaar": "9" * 5000},  # more digits than int() reads
            {"oprichtingsjaar": "1849"},
            {"vrijwilligers": "²"},
            {"vrijwilligers": "99999999999"},  # beyond PostgreSQL's integer
            {"vrijwilligers": "100001"},
            {"vrijwilligers": "-3"},
        ]
        rows = [
            {
                "naam": f"Vereniging {number}",
                "ondernemingsnummer": "",
                "email": f"info@v{number}.pijler-test.example.org",
                **changes,
            }
            for number, changes in enumerate(figures)
        ]
        accepted = {
            "naam": "Grenzen",
            "ondernemingsnummer": "",
            "email": "",
            "oprichtingsjaar": this_year,
            "vrijwilligers": "100000",
        }
        result = self.Importer._import_file(make_csv(*rows, accepted))
        codes = {line: codes[0] for line, codes in self._errors(result).items()}
        self.assertEqual(
            codes,
            {
                2: "founding_year",
                3: "founding_year",
                4: "founding_year",
                5: "founding_year",
                6: "volunteers",
                7: "volunteers",
                8: "volunteers",
                9: "volunteers",
            },
        )
        reasons = self._reasons(result)
        self.assertIn("between 1850 and", reasons[2])
        self.assertIn("from 0 to 100000", reasons[7])
        self.assertLess(len(reasons[4]), 200, "the cell is quoted, not copied")
        org = result.created
        self.assertEqual(org.name, "Grenzen")
        self.assertEqual(
            (org.founding_year, org.volunteer_count), (int(this_year), 100000)
        )

    def test_overlong_name_is_reported(self):
        data = make_csv(
            {"naam": "Vrienden van Kolda " * 300},
            {
                "naam": "N" * 120,
                "ondernemingsnummer": "1024.000.294",
                "email": "info@tweede.pijler-test.example.org",
            },
        )
        result = self.Importer._import_file(data)
        self.assertEqual(self._errors(result), {2: ["name"]})
        self.assertIn("5699 characters", self._reasons(result)[2])
        self.assertIn("at most 120", self._reasons(result)[2])
        self.assertEqual(result.created.name, "N" * 120)
        [entry] = result.errors
        self.assertLessEqual(len(entry.name), 120)
        self.assertTrue(entry.name.startswith("Vrienden van Kolda"))

    def test_database_error_reads_as_one_line(self):
        Importer = type(self.Importer)
        prepare = Importer._prepare_create_vals

        def prepare_out_of_range(importer, row):
            return {**prepare(importer, row), "volunteer_count": 10**10}

        with patch.object(Importer, "_prepare_create_vals", prepare_out_of_range):
            result = self.Importer._import_file(make_csv({}))
        self.assertEqual(
            self._reasons(result), {2: "Odoo refused this line: integer out of range"}
        )

    def test_line_refused_by_a_constraint_does_not_stop_the_batch(self):
        Importer = type(self.Importer)
        prepare = Importer._prepare_create_vals

        def prepare_with_a_flaw(importer, row):
            vals = prepare(importer, row)
            if row.name == "Tweede vereniging":
                vals["volunteer_count"] = -1  # refused by the model, not the parser
            return vals

        data = make_csv(
            {},
            {
                "naam": "Tweede vereniging",
                "ondernemingsnummer": "1024.000.294",
                "email": "info@tweede.pijler-test.example.org",
            },
            {
                "naam": "Derde vereniging",
                "ondernemingsnummer": "1024.000.393",
                "email": "info@derde.pijler-test.example.org",
            },
        )
        with patch.object(Importer, "_prepare_create_vals", prepare_with_a_flaw):
            result = self.Importer._import_file(data)
        self.assertEqual(self._errors(result), {3: ["refused"]})
        self.assertIn("cannot be negative", self._reasons(result)[3])
        self.assertEqual(
            sorted(result.created.mapped("name")),
            ["Derde vereniging", "Testvereniging Zonnebloem"],
        )
        self.assertFalse(self._org("Tweede vereniging"))

    def test_unmapped_values_are_kept(self):
        data = make_csv(
            {
                "landen": "Senegal; Atlantis",
                "themas": "Ruimtevaart",
                "sdgs": "4; 18",
                "rechtsvorm": "bvba",
                "diaspora": "misschien",
            }
        )
        result = self.Importer._import_file(data)
        org = result.created
        self.assertEqual(org.activity_country_ids, self.env.ref("base.sn"))
        self.assertEqual(org.sdg_ids.mapped("number"), [4])
        self.assertFalse(org.theme_ids or org.legal_form)
        self.assertEqual(
            org.import_unmapped.splitlines(),
            [
                "rechtsvorm: bvba",
                "landen: Atlantis",
                "themas: Ruimtevaart",
                "sdgs: 18",
                "diaspora: misschien",
            ],
        )
        self.assertEqual(len(result.warnings), 5)

    def test_duplicates_within_the_file(self):
        data = make_csv(
            {},
            {"naam": "Andere naam", "ondernemingsnummer": ""},  # same e-mail
            {
                "naam": "TESTVERENIGING  zonnebloem",  # same name and municipality
                "ondernemingsnummer": "",
                "email": "",
            },
            {"naam": "Zonnebloem Gent", "email": "", "gemeente": "Gent"},  # number
        )
        result = self.Importer._import_file(data)
        self.assertEqual(
            self._errors(result), {3: ["duplicate"], 4: ["duplicate"], 5: ["duplicate"]}
        )
        reasons = self._reasons(result)
        self.assertIn("e-mail", reasons[3])
        self.assertIn("name and municipality", reasons[4])
        self.assertIn("enterprise number", reasons[5])
        self.assertEqual(len(result.created), 1)

    def test_non_belgian_address(self):
        result = self.Importer._import_file(
            make_csv({"land": "Nederland", "postcode": "4811 AB", "gemeente": "Breda"})
        )
        self.assertFalse(result.errors)
        self.assertEqual(result.created.country_id, self.env.ref("base.nl"))
        self.assertEqual(result.created.zip, "4811 AB")

    # ------------------------------------------------------------------
    # Organisations already in the databank
    # ------------------------------------------------------------------

    def test_update_by_enterprise_number(self):
        org = self._create_org(
            name="Oude naam",
            company_registry="0876.543.270",
            pillar_state="published",
            volunteer_count=3,
        )
        data = make_csv(
            {
                "naam": "Nieuwe naam",
                "ondernemingsnummer": "876543270",
                "gepubliceerd": "nee",
                "vrijwilligers": "30",
            }
        )
        result = self.Importer._import_file(data)
        self.assertEqual(result.updated, org)
        self.assertFalse(result.created)
        self.assertEqual((org.name, org.volunteer_count), ("Nieuwe naam", 30))
        # The status is the staff's decision, not the file's.
        self.assertEqual(org.pillar_state, "published")
        self.assertEqual(org.child_ids.mapped("name"), ["An Peeters"])

    def test_update_by_email(self):
        org = self._create_org(
            name="Vrienden van Matagalpa",
            email="Info@Matagalpa.pijler-test.example.org",
            city="Gent",
            zip="9000",
        )
        data = make_csv(
            {
                "ondernemingsnummer": "",
                "email": "info@matagalpa.pijler-test.example.org",
            }
        )
        result = self.Importer._import_file(data)
        self.assertEqual(result.updated, org)
        self.assertEqual(org.name, "Testvereniging Zonnebloem")
        self.assertEqual((org.zip, org.city), ("3000", "Leuven"))

    def test_update_by_name_and_municipality(self):
        org = self._create_org(
            name="Scholen voor Nairobi", city="Gent", zip="9000", pillar_state="draft"
        )
        data = make_csv(
            {
                "naam": "  scholen voor  NAIROBI ",
                "gemeente": "GENT",
                "postcode": "9000",
                "ondernemingsnummer": "",
                "email": "",
                "vrijwilligers": "8",
            }
        )
        result = self.Importer._import_file(data)
        self.assertEqual(result.updated, org)
        self.assertEqual(org.volunteer_count, 8)
        # Only the case differs: the staff's spelling stays.
        self.assertEqual((org.name, org.city), ("Scholen voor Nairobi", "Gent"))
        self.assertEqual(org.pillar_state, "draft")

    def test_number_match_wins_over_email_match(self):
        by_number = self._create_org(name="Eerste", company_registry="0876.543.369")
        by_email = self._create_org(
            name="Tweede", email="info@tweede.pijler-test.example.org"
        )
        data = make_csv(
            {
                "ondernemingsnummer": "0876.543.369",
                "email": "info@tweede.pijler-test.example.org",
            }
        )
        result = self.Importer._import_file(data)
        self.assertEqual(result.updated, by_number)
        self.assertEqual(by_email.name, "Tweede")

    def test_email_match_with_another_number_is_reported_not_overwritten(self):
        org = self._create_org(
            name="Vrienden van Kasama",
            company_registry="0876.543.369",
            email="info@kasama.pijler-test.example.org",
        )
        data = make_csv(
            {
                "ondernemingsnummer": "0999.000.129",
                "email": "info@kasama.pijler-test.example.org",
            }
        )
        result = self.Importer._import_file(data)
        self.assertFalse(result.created | result.updated)
        [error] = result.errors
        self.assertIn("0876.543.369", error.reason)
        self.assertEqual(org.company_registry, "0876.543.369")
        self.assertEqual(org.name, "Vrienden van Kasama")

    def test_two_lines_matching_one_organisation(self):
        org = self._create_org(
            name="Kinderen van Lima",
            city="Leuven",
            zip="3000",
            email="info@lima.pijler-test.example.org",
        )
        data = make_csv(
            {"naam": "Kinderen van Lima", "ondernemingsnummer": "", "email": ""},
            {
                "naam": "Kinderen van Lima vzw",
                "ondernemingsnummer": "",
                "email": "info@lima.pijler-test.example.org",
            },
        )
        result = self.Importer._import_file(data)
        self.assertEqual(result.updated, org)
        self.assertEqual(self._errors(result), {3: ["duplicate"]})
        self.assertIn("line 2", self._reasons(result)[3])

    def test_existing_contact_person_is_not_duplicated(self):
        org = self._create_org(name="Brug naar Lima", company_registry="0654.321.022")
        self.Partner.create({"name": "An  Peeters", "parent_id": org.id})
        result = self.Importer._import_file(
            make_csv({"naam": "Brug naar Lima", "ondernemingsnummer": "0654321022"})
        )
        self.assertEqual(result.updated, org)
        self.assertEqual(len(org.child_ids), 1)

    # ------------------------------------------------------------------
    # Who may import, the wizard and the command line
    # ------------------------------------------------------------------

    def test_only_managers_import(self):
        with self.assertRaises(AccessError):
            self.Importer.with_user(self.staff_user)._import_file(make_csv({}))
        with self.assertRaises(AccessError):
            self.env["pijler.import.wizard"].with_user(self.staff_user).create({})

    def test_wizard(self):
        data = make_csv(
            {},
            {"naam": "<img src=x onerror=alert(1)>", "email": "geen e-mail"},
        )
        wizard = (
            self.env["pijler.import.wizard"]
            .with_user(self.manager_user)
            .create({"file": base64.b64encode(data), "filename": "databank.csv"})
        )
        action = wizard.action_import()
        self.assertEqual(
            (action["res_model"], action["res_id"]), (wizard._name, wizard.id)
        )
        self.assertEqual(action["name"], "Import result")
        self.assertEqual(wizard.state, "done")
        self.assertEqual((wizard.created_count, wizard.error_count), (1, 1))
        self.assertIn("Created: 1,", wizard.summary)
        self.assertIn("geen e-mail is not a valid e-mail address", wizard.result_html)
        self.assertNotIn("<img", wizard.result_html)
        self.assertEqual(wizard.report_filename, "databank-report.csv")
        report = base64.b64decode(wizard.report_file).decode("utf-8-sig")
        self.assertIn("3,<img src=x onerror=alert(1)>,Not imported", report)
        self.assertEqual(wizard.partner_ids.name, "Testvereniging Zonnebloem")
        self.assertEqual(
            wizard.action_view_organisations()["domain"],
            [("id", "in", wizard.partner_ids.ids)],
        )

    def test_command_line(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "databank.csv")
            path.write_bytes(make_csv({}))
            report = Path(folder, "report.csv")
            out = io.StringIO()
            status = import_databank(self.env, path, report, out=out)
            self.assertEqual(status, 0)
            self.assertIn("Lines read: 1. Created: 1,", out.getvalue())
            self.assertIn("Testvereniging Zonnebloem,Created", report.read_text())
            self.assertTrue(self._org("Testvereniging Zonnebloem"))

            path.write_bytes("naam;gemeente\nEstelí;Gent\n".encode("latin-1"))
            out = io.StringIO()
            self.assertEqual(import_databank(self.env, path, out=out), 1)
            self.assertIn("not encoded in UTF-8", out.getvalue())

            out = io.StringIO()
            self.assertEqual(
                import_databank(self.env, Path(folder, "nope.csv"), out=out), 1
            )
            self.assertIn("Cannot read", out.getvalue())

    def test_command_line_refuses_a_report_it_cannot_write(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "databank.csv")
            path.write_bytes(make_csv({}))
            for report in (Path(folder, "nope", "report.csv"), Path(folder)):
                with self.subTest(report=report):
                    out = io.StringIO()
                    status = import_databank(self.env, path, report, out=out)
                    self.assertEqual(status, 1)
                    self.assertIn(f"Cannot write the report {report}", out.getvalue())
                    self.assertNotIn("Lines read", out.getvalue())
                    self.assertFalse(self._org("Testvereniging Zonnebloem"))
            # Checking a path that can be written changes nothing there.
            report = Path(folder, "report.csv")
            check_writable(report)
            self.assertFalse(report.exists())
            report.write_bytes(b"an older report")
            check_writable(report)
            self.assertEqual(report.read_bytes(), b"an older report")

    def test_command_line_arguments(self):
        parser = optparse.OptionParser()
        parser.add_option("-c", dest="config")
        parser.add_option("-d", dest="db_name")
        parser.add_option("--report")
        parser.add_option("--dry-run", action="store_true")
        options, positional = split_arguments(
            parser,
            [
                "-c",
                "odoo.conf",
                "-dpijler",
                "export.csv",
                "--report",
                "r.csv",
                "--dry-run",
            ],
        )
        self.assertEqual(positional, ["export.csv"])
        self.assertEqual(
            options, ["-c", "odoo.conf", "-dpijler", "--report", "r.csv", "--dry-run"]
        )
