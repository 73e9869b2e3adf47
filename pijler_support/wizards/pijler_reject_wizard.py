from odoo import fields, models


class PijlerRejectWizard(models.TransientModel):
    _name = "pijler.reject.wizard"
    _description = "Reject a registration in the databank"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Organisations",
        required=True,
    )
    reason = fields.Text(
        required=True,
        help="Sent to the person who registered the organisation.",
    )

    def action_reject(self):
        self.ensure_one()
        self.partner_ids.action_pillar_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
