import base64
from pathlib import PurePath

from odoo import Command, _, fields, models
from odoo.exceptions import UserError


class PijlerImportWizard(models.TransientModel):
    _name = "pijler.import.wizard"
    _description = "Import a 4de Pijler databank export"

    file = fields.Binary(
        string="CSV file",
        attachment=False,
        help="The export of the former databank, separated by commas or "
        "semicolons and encoded in UTF-8.",
    )
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("done", "Done")], default="upload", required=True
    )
    summary = fields.Char(readonly=True)
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    unchanged_count = fields.Integer(string="Unchanged", readonly=True)
    error_count = fields.Integer(string="Not imported", readonly=True)
    warning_count = fields.Integer(string="Warnings", readonly=True)
    result_html = fields.Html(string="Details", readonly=True)
    report_file = fields.Binary(string="Report", readonly=True, attachment=False)
    report_filename = fields.Char(readonly=True)
    partner_ids = fields.Many2many(
        "res.partner", string="Imported organisations", readonly=True
    )

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(_("Choose the CSV file to import."))
        Importer = self.env["pijler.databank.import"]
        result = Importer._import_file(
            base64.b64decode(self.file), filename=self.filename
        )
        stem = PurePath(self.filename or "databank").stem
        self.write(
            {
                "state": "done",
                "summary": Importer._get_summary(result),
                "created_count": len(result.created),
                "updated_count": len(result.updated),
                "unchanged_count": len(result.unchanged),
                "error_count": len(result.errors),
                "warning_count": len(result.warnings),
                # The template escapes every value taken from the file.
                "result_html": self.env["ir.qweb"]._render(
                    "pijler_support.pijler_import_wizard_result",
                    {"errors": result.errors, "warnings": result.warnings},
                ),
                "report_file": base64.b64encode(Importer._build_report(result)),
                "report_filename": _("%(name)s-report.csv", name=stem),
                "partner_ids": [
                    Command.set(
                        (result.created | result.updated | result.unchanged).ids
                    )
                ],
            }
        )
        return self._reopen()

    def action_view_organisations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pijler_support.res_partner_action_pillar"
        )
        action["domain"] = [("id", "in", self.partner_ids.ids)]
        return action

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Import result"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": self.env.context,
        }
