"""Import of a CSV export of the former 4de Pijler databank.

The importer reads the whole file first, checks and maps every line, and only
then writes: new organisations in batches, existing ones one by one with only
the values that differ. A line that cannot be imported is reported with its
line number and reason; it never stops the other lines.
"""

import csv
import dataclasses
import io
import logging
import re
import time
import unicodedata

import babel
import psycopg2

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import (
    email_normalize,
    formataddr,
    html2plaintext,
    html_sanitize,
    plaintext2html,
    single_email_re,
    split_every,
)

from .res_partner import (
    FOUNDING_YEAR_MIN,
    REGISTRATION_TEXT_LIMITS,
    normalize_enterprise_number,
    normalize_url,
    province_xmlid_from_zip,
)

_logger = logging.getLogger(__name__)

# The columns of the databank export, in its order.
COLUMNS = (
    "naam",
    "rechtsvorm",
    "ondernemingsnummer",
    "straat",
    "postcode",
    "gemeente",
    "land",
    "email",
    "telefoon",
    "website",
    "landen",
    "themas",
    "sdgs",
    "oprichtingsjaar",
    "vrijwilligers",
    "diaspora",
    "missie",
    "historiek",
    "contactpersoon",
    "gepubliceerd",
)
# Without these an organisation can be neither checked nor recognised.
REQUIRED_COLUMNS = ("naam", "ondernemingsnummer", "postcode", "gemeente", "email")

# Country names used in the sector that Babel spells differently.
# Keys are compared after folding (lower case, no accents).
COUNTRY_ALIASES = {
    "democratische republiek congo": "CD",
    "dr congo": "CD",
    "d.r. congo": "CD",
    "drc": "CD",
    "rd congo": "CD",
    "oost-congo": "CD",
    "republiek congo": "CG",
    "ivoorkust": "CI",
    "cote d'ivoire": "CI",
    "myanmar": "MM",
    "birma": "MM",
    "burma": "MM",
    "palestina": "PS",
    "swaziland": "SZ",
    "macedonie": "MK",
    "oost-timor": "TL",
    "kaapverdische eilanden": "CV",
    "verenigde staten van amerika": "US",
    "vs": "US",
}

# Legal forms as written in the export, compared without case, accents, dots
# or spaces ("v.z.w." is "vzw").
LEGAL_FORM_ALIASES = {
    "feitelijkevereniging": "de_facto",
    "fv": "de_facto",
    "vzw": "vzw",
    "verenigingzonderwinstoogmerk": "vzw",
    "asbl": "vzw",
    "ivzw": "ivzw",
    "internationaleverenigingzonderwinstoogmerk": "ivzw",
    "aisbl": "ivzw",
    "stichting": "foundation",
    "privatestichting": "foundation",
    "stichtingvanopenbaarnut": "foundation",
    "fondation": "foundation",
    "cooperatie": "cooperative",
    "cooperatievevennootschap": "cooperative",
    "cv": "cooperative",
    "cvba": "cooperative",
    "other": "other",
    "andere": "other",
    "anders": "other",
    "overige": "other",
}

BOOLEAN_VALUES = {
    "ja": True,
    "j": True,
    "yes": True,
    "y": True,
    "x": True,
    "1": True,
    "true": True,
    "waar": True,
    "nee": False,
    "neen": False,
    "n": False,
    "no": False,
    "0": False,
    "false": False,
    "onwaar": False,
}

# A cell starting with one of these is run as a formula by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@")

TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
SDG_RE = re.compile(r"^(?:sdg\s*)?(\d{1,3})\.?$", re.IGNORECASE)
BELGIAN_ZIP_RE = re.compile(r"^(?:BE?\s*-?\s*)?(\d{4})$", re.IGNORECASE)
PHONE_RE = re.compile(r"^\+?[\d\s./()-]+$")
# Digits as int() reads them: str.isdigit() also takes "²", which int() refuses.
NUMBER_RE = re.compile(r"[0-9]{1,9}")

# The longest name the registration form takes; a longer one is a text pasted
# into the wrong column, not a name.
NAME_MAX_LENGTH = REGISTRATION_TEXT_LIMITS["name"]
VOLUNTEERS_MAX = 100_000  # as on the portal form
# A longer cell is a mistake, e.g. a quote left open that swallowed the lines
# after it. It is also what the csv module reads by default.
CELL_MAX_LENGTH = 128 * 1024

BATCH_SIZE = 200

# What a write may raise for one bad line; anything else is a bug to surface.
WRITE_ERRORS = (UserError, ValueError, psycopg2.Error)


def clean_text(value):
    """Return ``value`` stripped, with inner runs of white space collapsed."""
    return " ".join(str(value or "").split())


def fold(value):
    """Return ``value`` cleaned, lower-cased and without accents, for lookups."""
    value = unicodedata.normalize("NFKD", clean_text(value).replace("\u2019", "'"))
    return "".join(char for char in value if not unicodedata.combining(char)).lower()


def excerpt(value, length=80):
    """Return ``value`` cut to ``length`` characters, to quote it in a message."""
    value = clean_text(value)
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"


def name_key(value):
    """Return the key under which two names count as the same."""
    return clean_text(value).lower()


def split_list(value):
    """Split a cell holding several values, separated by semicolons.

    A cell without semicolons may use commas instead, as happens when the file
    itself is separated by semicolons.
    """
    separator = r"[;|\n]" if re.search(r"[;|\n]", value) else ","
    return [item for item in map(clean_text, re.split(separator, value)) if item]


def normalize_email(value):
    """Return ``value`` as a normalised e-mail address, or False if invalid.

    Odoo's ``email_normalize`` extracts an address from any text (``a b@c.org``
    gives ``b@c.org``), so the result must be the whole input; the address is
    then checked with ``single_email_re``, its domain in punycode so that
    international domain names pass.
    """
    value = clean_text(value)
    normalized = email_normalize(value, strict=True)
    if not normalized or normalized.lower() != value.lower():
        return False
    if not single_email_re.match(formataddr(("", normalized), charset="ascii")):
        return False
    return normalized


def safe_cell(value):
    """Return ``value`` so that a spreadsheet shows it instead of running it."""
    value = str(value)
    return "'" + value if value.startswith((*FORMULA_PREFIXES, "\t", "\r")) else value


@dataclasses.dataclass
class ImportLine:
    """What happened to one line of the file."""

    line: int
    name: str
    outcome: str = ""  # created, updated, unchanged or error
    errors: list = dataclasses.field(default_factory=list)  # (code, message)
    warnings: list = dataclasses.field(default_factory=list)

    @property
    def error_codes(self):
        return [code for code, _message in self.errors]

    @property
    def reason(self):
        return "; ".join([message for _code, message in self.errors] + self.warnings)


@dataclasses.dataclass
class ImportRow(ImportLine):
    """A line of the file, checked and mapped to partner values."""

    vals: dict = dataclasses.field(default_factory=dict)  # from non-empty cells
    create_vals: dict = dataclasses.field(default_factory=dict)  # on create only
    unmapped: dict = dataclasses.field(default_factory=dict)  # column: [values]
    number: str = ""
    email: str = ""
    city: str = ""
    contact: str = ""

    @property
    def keys(self):
        """Return the (label, value) pairs that identify the organisation."""
        keys = []
        if self.number:
            keys.append(("number", self.number))
        if self.email:
            keys.append(("email", self.email))
        keys.append(("name_city", (name_key(self.name), name_key(self.city))))
        return keys

    def unmapped_lines(self):
        return [
            f"{column}: {', '.join(values)}" for column, values in self.unmapped.items()
        ]


class DatabankImportResult:
    """Outcome of an import: the organisations touched and a report per line."""

    def __init__(self, partners):
        self._partners = partners.browse()
        self._partner_ids = {"created": [], "updated": [], "unchanged": []}
        self.lines = {}
        self.file_warnings = []
        self.duration = 0.0

    def add(self, entry, outcome, partner=None, warnings=()):
        self.lines[entry.line] = ImportLine(
            entry.line,
            excerpt(entry.name, NAME_MAX_LENGTH),
            outcome,
            list(entry.errors),
            [*entry.warnings, *warnings],
        )
        if partner:
            self._partner_ids[outcome].append(partner.id)

    @property
    def created(self):
        return self._partners.browse(self._partner_ids["created"])

    @property
    def updated(self):
        return self._partners.browse(self._partner_ids["updated"])

    @property
    def unchanged(self):
        return self._partners.browse(self._partner_ids["unchanged"])

    @property
    def rows(self):
        return [self.lines[line] for line in sorted(self.lines)]

    @property
    def errors(self):
        return [entry for entry in self.rows if entry.outcome == "error"]

    @property
    def warnings(self):
        """Return (line, name, message) for each warning, file warnings first."""
        warnings = [(1, "", message) for message in self.file_warnings]
        for entry in self.rows:
            if entry.outcome != "error":
                warnings += [(entry.line, entry.name, msg) for msg in entry.warnings]
        return warnings


class PijlerDatabankImport(models.AbstractModel):
    _name = "pijler.databank.import"
    _description = "Import of a 4de Pijler databank export"

    # ------------------------------------------------------------------
    # Entry point
    # ------------------------------------------------------------------

    @api.model
    def _import_file(self, data, filename=None):
        """Import the organisations of a CSV file and report on every line.

        :param bytes data: the file, UTF-8, separated by commas or semicolons
        :param str filename: only used in the log
        :return: a :class:`DatabankImportResult`
        :raise UserError: when the file cannot be read at all
        """
        self._check_import_access()
        start = time.perf_counter()
        Partner = self.env["res.partner"]
        result = DatabankImportResult(Partner)
        lines, result.file_warnings = self._read_csv(data)
        lookups = self._get_import_lookups()
        rows = []
        for line, values in lines:
            row = self._parse_row(line, values, lookups)
            if row.errors:
                result.add(row, "error")
            else:
                rows.append(row)
        rows = self._check_file_duplicates(rows, result)
        to_create, to_update = self._match_existing(rows, result)
        self._create_organisations(to_create, result)
        self._update_organisations(to_update, result)
        result.duration = time.perf_counter() - start
        _logger.info(
            "Databank import of %s by %s: %s lines, %s created, %s updated, "
            "%s unchanged, %s not imported, %s warnings, in %.1f s",
            filename or "a file",
            self.env.user.login,
            len(result.lines),
            len(result.created),
            len(result.updated),
            len(result.unchanged),
            len(result.errors),
            len(result.warnings),
            result.duration,
        )
        return result

    def _check_import_access(self):
        if self.env.su or self.env.user.has_group(
            "pijler_support.group_pijler_manager"
        ):
            return
        raise AccessError(_("Only managers of the 4de Pijler databank can import."))

    # ------------------------------------------------------------------
    # Reading the file
    # ------------------------------------------------------------------

    def _read_csv(self, data):
        """Return ``([(line number, {column: value})], file warnings)``."""
        text = self._decode(data)
        first_line, _sep, rest = text.partition("\n")
        if first_line.lower().startswith("sep=") and len(first_line.strip()) == 5:
            # Excel's hint naming the separator, on a line of its own.
            delimiter, text, offset = first_line.strip()[4], rest, 1
        else:
            delimiter = max(",;\t", key=first_line.count)
            offset = 0
        # No field is longer than the file: the reader takes any cell, so that
        # an oversized one is reported with its line rather than stopping the
        # whole file. Odoo's server raises this process-wide limit at start
        # already; the command line does not.
        if csv.field_size_limit() < len(text):
            csv.field_size_limit(len(text))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            header = [clean_text(name).lower() for name in next(reader, [])]
            lines = self._read_lines(reader, header, offset)
        except csv.Error as error:
            raise UserError(
                _("The file could not be read as CSV: %(error)s", error=error)
            ) from None
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise UserError(
                _(
                    "The file lacks the required column(s) %(missing)s. The first "
                    "line must name the columns, e.g. %(expected)s.",
                    missing=", ".join(missing),
                    expected=",".join(COLUMNS),
                )
            )
        file_warnings = [
            _("The column %(column)s is not recognised and was ignored.", column=name)
            for name in header
            if name and name not in COLUMNS
        ]
        return lines, file_warnings

    def _decode(self, data):
        if not data or not data.strip():
            raise UserError(_("The file is empty."))
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(
                _(
                    "The file is not encoded in UTF-8: line %(line)s holds a "
                    "character that UTF-8 does not allow. Save the file as “CSV "
                    "UTF-8” and import it again.",
                    line=data.count(b"\n", 0, error.start) + 1,
                )
            ) from None

    def _read_lines(self, reader, header, offset):
        lines = []
        last_line = reader.line_num
        for cells in reader:
            line = last_line + 1 + offset  # where the record starts; header is 1
            last_line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # a blank line holds no organisation
            values = dict(zip(header, cells, strict=False))
            if len(cells) != len(header):
                values["__cells__"] = (len(cells), len(header))
            lines.append((line, values))
        return lines

    # ------------------------------------------------------------------
    # Lookups, loaded once per import
    # ------------------------------------------------------------------

    def _get_import_lookups(self):
        return {
            "countries": self._get_country_lookup(),
            "themes": self._get_theme_lookup(),
            "sdgs": {
                sdg.number: sdg.id
                for sdg in self.env["pijler.sdg"].search_fetch([], ["number"])
            },
            "belgium": self.env.ref("base.be").id,
        }

    def _get_country_lookup(self):
        """Return a dict mapping folded country names to country ids.

        Dutch names come from Babel (the export is in Dutch), then the names
        Odoo knows in English and in the user's language, then the aliases.
        """
        countries = self.env["res.country"].search_fetch([], ["code"])
        by_code = {country.code.upper(): country.id for country in countries}
        lookup = {}
        for code, name in babel.Locale("nl").territories.items():
            if code in by_code:
                lookup.setdefault(fold(name), by_code[code])
                # "Myanmar (Birma)" is also written "Myanmar".
                lookup.setdefault(fold(re.sub(r"\s*\(.*\)", "", name)), by_code[code])
        for lang in dict.fromkeys((self.env.lang or "en_US", "en_US")):
            for country in countries.with_context(lang=lang):
                lookup.setdefault(fold(country.name), country.id)
        for alias, code in COUNTRY_ALIASES.items():
            if code in by_code:
                lookup.setdefault(fold(alias), by_code[code])
        return lookup

    def _get_theme_lookup(self):
        Theme = self.env["pijler.theme"]
        lookup = {}
        for lang in dict.fromkeys((self.env.lang or "en_US", "en_US")):
            for key, theme_id in Theme.with_context(lang=lang)._get_lookup().items():
                lookup.setdefault(fold(key), theme_id)
        return lookup

    # ------------------------------------------------------------------
    # Checking and mapping one line
    # ------------------------------------------------------------------

    def _parse_row(self, line, values, lookups):
        """Return an :class:`ImportRow` with the line's values or its errors."""
        row = ImportRow(line=line, name=clean_text(values.get("naam")))
        if "__cells__" in values:
            found, expected = values["__cells__"]
            row.errors.append(
                (
                    "columns",
                    _(
                        "The line has %(found)s values where the header has "
                        "%(expected)s; a value probably holds an unquoted separator.",
                        found=found,
                        expected=expected,
                    ),
                )
            )
            return row
        for column, value in values.items():
            if len(value) > CELL_MAX_LENGTH:
                row.errors.append(
                    (
                        "cell_length",
                        _(
                            "The value of column %(column)s holds %(length)s "
                            "characters, more than a cell may (%(limit)s); a quote "
                            "may have been left open.",
                            column=column,
                            length=len(value),
                            limit=CELL_MAX_LENGTH,
                        ),
                    )
                )
        if row.errors:
            return row
        self._parse_name(row, values)
        self._parse_identity(row, values)
        self._parse_address(row, values, lookups)
        self._parse_figures(row, values)
        self._parse_classification(row, values, lookups)
        self._parse_texts(row, values)
        for column, items in row.unmapped.items():
            row.warnings.append(
                _(
                    "%(column)s: %(values)s not recognised; kept under "
                    "“Unrecognised import values” on the organisation.",
                    column=column,
                    values=", ".join(items),
                )
            )
        return row

    def _parse_name(self, row, values):
        if not row.name:
            row.errors.append(("name", _("The name is missing.")))
        elif row.name.startswith(FORMULA_PREFIXES):
            row.errors.append(
                (
                    "name",
                    _(
                        "The name %(name)s looks like a spreadsheet formula, not "
                        "the name of an organisation.",
                        name=excerpt(row.name),
                    ),
                )
            )
        elif len(row.name) > NAME_MAX_LENGTH:
            row.errors.append(
                (
                    "name",
                    _(
                        "The name holds %(length)s characters; a name may hold at "
                        "most %(limit)s.",
                        length=len(row.name),
                        limit=NAME_MAX_LENGTH,
                    ),
                )
            )
        else:
            row.vals["name"] = row.name
        contact = clean_text(values.get("contactpersoon"))
        if contact.startswith(FORMULA_PREFIXES):
            row.unmapped.setdefault("contactpersoon", []).append(contact)
        elif contact:
            row.contact = contact

    def _parse_identity(self, row, values):
        number = clean_text(values.get("ondernemingsnummer"))
        if number:
            try:
                row.number = row.vals["company_registry"] = normalize_enterprise_number(
                    number
                )
            except ValueError:
                row.errors.append(
                    (
                        "enterprise_number",
                        _(
                            "%(number)s is not a valid Belgian enterprise number: it "
                            "has ten digits (or nine in the old form) ending with "
                            "two check digits.",
                            number=excerpt(number),
                        ),
                    )
                )
        email = clean_text(values.get("email"))
        if email:
            row.email = normalize_email(email)
            if row.email:
                row.vals["email"] = row.email
            else:
                row.errors.append(
                    (
                        "email",
                        _(
                            "%(email)s is not a valid e-mail address.",
                            email=excerpt(email),
                        ),
                    )
                )
        website = clean_text(values.get("website"))
        if website:
            try:
                row.vals["website"] = normalize_url(website)
            except ValueError:
                row.unmapped.setdefault("website", []).append(website)
        phone = clean_text(values.get("telefoon"))
        if phone:
            if PHONE_RE.match(phone) and sum(char.isdigit() for char in phone) >= 6:
                row.vals["phone"] = phone
            else:
                row.unmapped.setdefault("telefoon", []).append(phone)

    def _parse_address(self, row, values, lookups):
        for column, fname in (("straat", "street"), ("gemeente", "city")):
            value = clean_text(values.get(column))
            if value:
                row.vals[fname] = value
        row.city = row.vals.get("city", "")
        country_name = clean_text(values.get("land"))
        if country_name:
            country_id = lookups["countries"].get(fold(country_name))
            if country_id:
                row.vals["country_id"] = country_id
            else:
                row.unmapped.setdefault("land", []).append(country_name)
        else:
            country_id = row.create_vals["country_id"] = lookups["belgium"]
        zip_code = clean_text(values.get("postcode"))
        if country_id != lookups["belgium"]:
            if zip_code:
                row.vals["zip"] = zip_code
            return
        match = BELGIAN_ZIP_RE.match(zip_code)
        if match and province_xmlid_from_zip(match.group(1)):
            row.vals["zip"] = match.group(1)
        elif zip_code:
            row.errors.append(
                (
                    "zip",
                    _(
                        "%(zip)s is not a Belgian postal code, which has four "
                        "digits from 1000 to 9999.",
                        zip=excerpt(zip_code),
                    ),
                )
            )
        else:
            row.errors.append(
                ("zip", _("The postal code is missing; a Belgian address needs one."))
            )

    def _parse_figures(self, row, values):
        this_year = fields.Date.context_today(self).year
        year = clean_text(values.get("oprichtingsjaar"))
        if year:
            if (
                NUMBER_RE.fullmatch(year)
                and FOUNDING_YEAR_MIN <= int(year) <= this_year
            ):
                row.vals["founding_year"] = int(year)
            else:
                row.errors.append(
                    (
                        "founding_year",
                        _(
                            "The founding year %(year)s must be a year between "
                            "%(first)s and %(last)s.",
                            year=excerpt(year),
                            first=FOUNDING_YEAR_MIN,
                            last=this_year,
                        ),
                    )
                )
        volunteers = clean_text(values.get("vrijwilligers"))
        if volunteers:
            if NUMBER_RE.fullmatch(volunteers) and int(volunteers) <= VOLUNTEERS_MAX:
                row.vals["volunteer_count"] = int(volunteers)
            else:
                row.errors.append(
                    (
                        "volunteers",
                        _(
                            "The number of volunteers %(value)s must be a whole "
                            "number from 0 to %(max)s.",
                            value=excerpt(volunteers),
                            max=VOLUNTEERS_MAX,
                        ),
                    )
                )

    def _parse_classification(self, row, values, lookups):
        legal_form = clean_text(values.get("rechtsvorm"))
        if legal_form:
            key = re.sub(r"[\s.-]", "", fold(legal_form))
            if key in LEGAL_FORM_ALIASES:
                row.vals["legal_form"] = LEGAL_FORM_ALIASES[key]
            else:
                row.unmapped.setdefault("rechtsvorm", []).append(legal_form)
        for column, fname, lookup in (
            ("landen", "activity_country_ids", lookups["countries"]),
            ("themas", "theme_ids", lookups["themes"]),
        ):
            items = split_list(values.get(column) or "")
            ids = [lookup[fold(item)] for item in items if fold(item) in lookup]
            unknown = [item for item in items if fold(item) not in lookup]
            if ids:
                row.vals[fname] = list(dict.fromkeys(ids))
            if unknown:
                row.unmapped.setdefault(column, []).extend(unknown)
        sdg_ids = []
        for item in split_list(values.get("sdgs") or ""):
            match = SDG_RE.match(item)
            sdg_id = match and lookups["sdgs"].get(int(match.group(1)))
            if sdg_id:
                sdg_ids.append(sdg_id)
            else:
                row.unmapped.setdefault("sdgs", []).append(item)
        if sdg_ids:
            row.vals["sdg_ids"] = list(dict.fromkeys(sdg_ids))
        diaspora = self._parse_boolean(row, values, "diaspora")
        if diaspora is not None:
            row.vals["is_diaspora_led"] = diaspora
        published = self._parse_boolean(row, values, "gepubliceerd")
        row.create_vals["pillar_state"] = "published" if published else "draft"

    def _parse_boolean(self, row, values, column):
        value = clean_text(values.get(column))
        if not value:
            return None
        if fold(value) not in BOOLEAN_VALUES:
            row.unmapped.setdefault(column, []).append(value)
            return None
        return BOOLEAN_VALUES[fold(value)]

    def _parse_texts(self, row, values):
        for column, fname in (("missie", "mission"), ("historiek", "history")):
            text = (values.get(column) or "").strip()
            if not text:
                continue
            if TAG_RE.search(text):
                # The export holds plain text: markup in it is a mistake or an
                # attack. Keep the words, drop the rest (scripts included).
                text = html2plaintext(html_sanitize(text)).strip()
                row.warnings.append(
                    _(
                        "%(column)s contained HTML markup; only its text was kept.",
                        column=column,
                    )
                )
            if text:
                row.vals[fname] = html_sanitize(plaintext2html(text))

    # ------------------------------------------------------------------
    # Duplicates and matching
    # ------------------------------------------------------------------

    def _get_key_labels(self):
        return {
            "number": _("same enterprise number"),
            "email": _("same e-mail address"),
            "name_city": _("same name and municipality"),
        }

    def _check_file_duplicates(self, rows, result):
        """Return ``rows`` without the lines repeating an earlier organisation.

        The repeated lines are reported as errors.
        """
        labels = self._get_key_labels()
        seen, unique = {}, []
        for row in rows:
            duplicate = next((key for key in row.keys if key in seen), None)
            if duplicate:
                row.errors.append(
                    (
                        "duplicate",
                        _(
                            "Duplicate of line %(line)s (%(reason)s).",
                            line=seen[duplicate],
                            reason=labels[duplicate[0]],
                        ),
                    )
                )
                result.add(row, "error")
                continue
            for key in row.keys:
                seen[key] = row.line
            unique.append(row)
        return unique

    def _match_existing(self, rows, result):
        """Split ``rows`` into lines to create and (line, partner) to update.

        Organisations are matched by enterprise number, then e-mail address,
        then name and municipality; each lookup is a single search.
        """
        Partner = self.env["res.partner"].with_context(active_test=False)
        org_domain = [("is_pillar_org", "=", True)]
        by_number = {}
        numbers = [row.number for row in rows if row.number]
        for partner in Partner.search_fetch(
            [*org_domain, ("company_registry", "in", numbers)],
            ["company_registry"],
            order="id",
        ):
            by_number.setdefault(partner.company_registry, partner)
        by_email = {}
        emails = [row.email for row in rows if row.email]
        for partner in Partner.search_fetch(
            [*org_domain, ("email_normalized", "in", emails)],
            ["email_normalized"],
            order="id",
        ):
            by_email.setdefault(partner.email_normalized, partner)
        by_name_city = {}
        for partner in Partner.search_fetch(org_domain, ["name", "city"], order="id"):
            key = (name_key(partner.name), name_key(partner.city))
            by_name_city.setdefault(key, partner)
        indexes = {"number": by_number, "email": by_email, "name_city": by_name_city}

        to_create, to_update, claimed = [], [], {}
        for row in rows:
            partner = next(
                (
                    indexes[kind][value]
                    for kind, value in row.keys
                    if value in indexes[kind]
                ),
                None,
            )
            if partner is None:
                to_create.append(row)
            elif (
                row.number
                and partner.company_registry
                and partner.company_registry != row.number
            ):
                # Same e-mail or name, other number: two organisations, or a
                # typing error. Staff decide; the stored number is kept.
                row.errors.append(
                    (
                        "number_conflict",
                        _(
                            "Looks like %(org)s, which has enterprise number "
                            "%(stored)s instead of %(number)s.",
                            org=partner.display_name,
                            stored=partner.company_registry,
                            number=row.number,
                        ),
                    )
                )
                result.add(row, "error")
            elif partner.id in claimed:
                row.errors.append(
                    (
                        "duplicate",
                        _(
                            "Matches the same organisation as line %(line)s "
                            "(%(org)s).",
                            line=claimed[partner.id],
                            org=partner.display_name,
                        ),
                    )
                )
                result.add(row, "error")
            else:
                claimed[partner.id] = row.line
                to_update.append((row, partner))
        return to_create, to_update

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------

    def _prepare_create_vals(self, row):
        vals = {
            "is_pillar_org": True,
            "is_company": True,
            **row.create_vals,
            **row.vals,
        }
        for fname in ("activity_country_ids", "theme_ids", "sdg_ids"):
            if fname in vals:
                vals[fname] = [Command.set(vals[fname])]
        if row.unmapped:
            vals["import_unmapped"] = "\n".join(row.unmapped_lines())
        return vals

    def _create_organisations(self, rows, result):
        # The chatter of a new organisation would only say "created".
        Partner = self.env["res.partner"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )

        def create(batch):
            partners = Partner.create([self._prepare_create_vals(row) for row in batch])
            pairs = list(zip(batch, partners, strict=True))
            Partner.create(
                [
                    self._prepare_contact_vals(row, partner)
                    for row, partner in pairs
                    if row.contact
                ]
            )
            return [(row, partner, "created", []) for row, partner in pairs]

        self._write_in_batches(rows, create, result)

    def _prepare_contact_vals(self, row, partner):
        return {"name": row.contact, "parent_id": partner.id, "type": "contact"}

    def _update_organisations(self, pairs, result):
        Partner = self.env["res.partner"]
        # One prefetch set, so that comparing reads all organisations at once.
        partners = Partner.browse([partner.id for _row, partner in pairs])
        pairs = [
            (row, partner)
            for (row, _match), partner in zip(pairs, partners, strict=True)
        ]
        contact_names = {}
        for child in Partner.with_context(active_test=False).search_fetch(
            [("parent_id", "in", partners.ids)], ["name", "parent_id"]
        ):
            contact_names.setdefault(child.parent_id.id, set()).add(
                name_key(child.name)
            )

        def update(batch):
            outcomes, contacts = [], []
            for row, partner in batch:
                changes, warnings = self._get_changes(row, partner)
                if changes:
                    partner.write(changes)
                known = contact_names.get(partner.id, ())
                new_contact = row.contact and name_key(row.contact) not in known
                if new_contact:
                    contacts.append(self._prepare_contact_vals(row, partner))
                outcome = "updated" if changes or new_contact else "unchanged"
                outcomes.append((row, partner, outcome, warnings))
            Partner.create(contacts)
            return outcomes

        self._write_in_batches(pairs, update, result)

    def _get_changes(self, row, partner):
        """Return the values of ``row`` that differ from ``partner``'s.

        :return: (values to write, warnings about the changes)
        """
        changes, warnings = {}, []
        for fname, value in row.vals.items():
            field = partner._fields[fname]
            current = partner[fname]
            if field.type == "many2many":
                if set(current.ids) != set(value):
                    changes[fname] = [Command.set(value)]
            elif field.type == "many2one":
                if current.id != value:
                    changes[fname] = value
            elif field.type == "html":
                if str(current or "") != str(field.convert_to_cache(value, partner)):
                    changes[fname] = value
            elif fname in ("name", "city"):
                # The staff's spelling of a name wins over the file's casing.
                if name_key(current) != name_key(value):
                    changes[fname] = value
            elif (current or False) != (value or False):
                changes[fname] = value
        known = (partner.import_unmapped or "").splitlines()
        new_lines = [line for line in row.unmapped_lines() if line not in known]
        if new_lines:
            changes["import_unmapped"] = "\n".join(known + new_lines)
        return changes, warnings

    def _write_in_batches(self, items, write, result):
        """Run ``write`` on batches of ``items``; isolate the lines that fail.

        ``write`` returns (row, partner, outcome, warnings) for each item. When
        a batch fails, its items are written again one at a time, so that a
        line that a constraint or the database refuses is reported and the
        others still go in.
        """
        for batch in split_every(BATCH_SIZE, items, list):
            try:
                with self.env.cr.savepoint():
                    outcomes = write(batch)
            except WRITE_ERRORS:
                outcomes = []
                for item in batch:
                    try:
                        with self.env.cr.savepoint():
                            outcomes += write([item])
                    except WRITE_ERRORS as error:
                        row = item[0] if isinstance(item, tuple) else item
                        message = error.args[0] if error.args else str(error)
                        # PostgreSQL ends its messages with a line break.
                        message = " ".join(str(message).split())
                        row.errors.append(
                            (
                                "refused",
                                _(
                                    "Odoo refused this line: %(message)s",
                                    message=message,
                                ),
                            )
                        )
                        result.add(row, "error")
            for row, partner, outcome, warnings in outcomes:
                result.add(row, outcome, partner, warnings)

    # ------------------------------------------------------------------
    # Reporting
    # ------------------------------------------------------------------

    def _get_outcome_labels(self):
        return {
            "created": _("Created"),
            "updated": _("Updated"),
            "unchanged": _("Unchanged"),
            "error": _("Not imported"),
            "warning": _("Warning"),
        }

    @api.model
    def _get_summary(self, result):
        """Return one sentence a staff member can read at a glance."""
        return _(
            "Lines read: %(lines)s. Created: %(created)s, updated: %(updated)s, "
            "unchanged: %(unchanged)s, not imported: %(errors)s, warnings: "
            "%(warnings)s.",
            lines=len(result.lines),
            created=len(result.created),
            updated=len(result.updated),
            unchanged=len(result.unchanged),
            errors=len(result.errors),
            warnings=len(result.warnings),
        )

    @api.model
    def _build_report(self, result):
        """Return the report as CSV bytes: line, name, outcome and reason."""
        labels = self._get_outcome_labels()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_("Line"), _("Name"), _("Outcome"), _("Reason")])
        for message in result.file_warnings:
            writer.writerow([1, "", labels["warning"], safe_cell(message)])
        for entry in result.rows:
            writer.writerow(
                [
                    entry.line,
                    safe_cell(entry.name),
                    labels[entry.outcome],
                    safe_cell(entry.reason),
                ]
            )
        # The BOM makes spreadsheets read the accents correctly.
        return buffer.getvalue().encode("utf-8-sig")
