"""Remove the record rules that let portal users read every contact.

Version 18.0.1.0.0 gave visitors and portal users read access to published
organisations *and* to every partner that is no organisation. The databank
now reads organisations with sudo; the rules, declared noupdate, must go.
"""


def migrate(cr, version):
    cr.execute(
        """
        DELETE FROM ir_rule
         WHERE id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = 'pijler_support'
               AND model = 'ir.rule'
               AND name IN ('res_partner_rule_pillar_public',
                            'res_partner_rule_pillar_portal')
         )
        """
    )
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE module = 'pijler_support'
           AND model = 'ir.rule'
           AND name IN ('res_partner_rule_pillar_public',
                        'res_partner_rule_pillar_portal')
        """
    )
