from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pillar_moderator_id = fields.Many2one(
        "res.users",
        string="Databank moderator",
        config_parameter="pijler_support.moderator_user_id",
        domain=[("share", "=", False)],
        help="Gets an activity for each new registration and for each fiche "
        "archived for lack of confirmation. Without one, the first databank "
        "manager does.",
    )
