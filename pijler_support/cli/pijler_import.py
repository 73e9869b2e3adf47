"""``odoo-bin pijler-import``: import a databank export from the command line.

Odoo 18 discovers the commands of an addon by importing every module of the
addons path that has a ``cli`` folder, *before* it reads the ``-c`` option.
The addons path holding pijler_support must therefore be known up front,
either as the first argument or through the ``ODOO_RC`` variable::

    odoo-bin --addons-path=/opt/odoo/addons,/work/main pijler-import \\
        -c .odoo.conf -d DB databank.csv --report report.csv [--dry-run]
    ODOO_RC=.odoo.conf odoo-bin pijler-import -d DB databank.csv
"""
# A command-line tool talks on stdout and commits its own work.
# pylint: disable=print-used,invalid-commit

import optparse
import sys
from pathlib import Path

import odoo
from odoo.cli import Command
from odoo.exceptions import UserError


def check_writable(path):
    """Raise ``OSError`` when no file can be written at ``path``.

    Leaves things as they were: an existing file is opened without being
    changed, a new one is removed again.
    """
    path = Path(path)
    existed = path.exists()
    with path.open("ab"):
        pass
    if not existed:
        path.unlink()


def import_databank(env, path, report_path=None, out=None):
    """Import the file at ``path`` with ``env``; print what happened.

    The caller commits or rolls back. Returns the exit status: 0 when the file
    was imported (even if some lines were refused), 1 when it could not be
    read or the report could not be written; nothing is imported then.
    """
    out = out or sys.stdout
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        print(f"Cannot read {path}: {error.strerror}", file=out)
        return 1
    if report_path:
        # Checked first: a report that cannot be written after the import
        # would leave an import nobody can check.
        try:
            check_writable(report_path)
        except OSError as error:
            print(f"Cannot write the report {report_path}: {error.strerror}", file=out)
            return 1
    Importer = env["pijler.databank.import"]
    try:
        result = Importer._import_file(data, filename=Path(path).name)
    except UserError as error:
        print(f"Cannot import {path}: {error.args[0]}", file=out)
        return 1
    print(Importer._get_summary(result), file=out)
    for entry in result.errors:
        print(f"  line {entry.line} ({entry.name}): {entry.reason}", file=out)
    for line, name, message in result.warnings:
        print(f"  warning, line {line} ({name}): {message}", file=out)
    if report_path:
        try:
            Path(report_path).write_bytes(Importer._build_report(result))
        except OSError as error:  # e.g. the disk filled up meanwhile
            print(f"Cannot write the report {report_path}: {error.strerror}", file=out)
            return 1
        print(f"Report written to {report_path}", file=out)
    return 0


def split_arguments(parser, args):
    """Return (option arguments, positional arguments) of ``args``.

    An argument that follows an option taking a value is that option's value.
    """
    options, positional = [], []
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            positional.extend(tokens)
        elif token.startswith("-") and token != "-":
            options.append(token)
            option = parser.get_option(token.split("=", 1)[0])
            inline = "=" in token or (not token.startswith("--") and len(token) > 2)
            if option and option.takes_value() and not inline:
                options.append(next(tokens, ""))
        else:
            positional.append(token)
    return options, positional


class PijlerImport(Command):
    """Import a CSV export of the 4de Pijler databank"""

    name = "pijler-import"

    def run(self, args):
        parser = odoo.tools.config.parser
        parser.prog = f"{Path(sys.argv[0]).name} {self.name}"
        parser.usage = "%prog -c CONF -d DB FILE [--report REPORT.csv] [--dry-run]"
        group = optparse.OptionGroup(parser, "Databank import")
        group.add_option(
            "--report",
            dest="pijler_report",
            metavar="REPORT.csv",
            help="write the outcome of every line to this CSV file",
        )
        group.add_option(
            "--dry-run",
            dest="pijler_dry_run",
            action="store_true",
            default=False,
            help="check and report, then roll back instead of saving",
        )
        parser.add_option_group(group)
        # Odoo's configuration refuses positional arguments: set FILE apart.
        option_args, positional = split_arguments(parser, args)
        opt = odoo.tools.config.parse_config(option_args, setup_logging=True)
        if len(positional) != 1:
            parser.error("give exactly one CSV file to import")
        dbname = odoo.tools.config["db_name"]
        if not dbname:
            parser.error("give the database with -d")
        sys.exit(self._import(dbname, positional[0], opt))

    def _import(self, dbname, path, opt):
        registry = odoo.modules.registry.Registry(dbname)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            if "pijler.databank.import" not in env:
                print(f"pijler_support is not installed in {dbname}.")
                return 1
            status = import_databank(env, path, opt.pijler_report)
            if status or opt.pijler_dry_run:
                cr.rollback()
                if not status:
                    print("Dry run: nothing was saved.")
            else:
                cr.commit()
        return status
