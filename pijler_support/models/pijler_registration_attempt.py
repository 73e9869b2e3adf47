from datetime import timedelta

from odoo import api, fields, models

# A citizen initiative registers once; a few more leave room for a shared
# connection (a school, a community centre) without letting a script flood
# the review queue.
RATE_LIMIT = 5
RATE_WINDOW = timedelta(hours=1)
# An address is personal data: keep it no longer than the limit needs.
RETENTION = timedelta(days=1)


class PijlerRegistrationAttempt(models.Model):
    """One registration sent from the website, counted per client address.

    Only the superuser reads and writes these records: visitors never see
    them and the registration controller reaches them through ``sudo()``.
    """

    _name = "pijler.registration.attempt"
    _description = "Website registration attempt"
    _order = "create_date desc, id desc"

    ip = fields.Char(string="Client address", required=True, index=True)

    @api.model
    def _is_rate_limited(self, ip):
        """Tell whether ``ip`` sent as many registrations as allowed lately."""
        since = fields.Datetime.now() - RATE_WINDOW
        count = self.search_count(
            [("ip", "=", ip or ""), ("create_date", ">=", since)], limit=RATE_LIMIT
        )
        return count >= RATE_LIMIT

    @api.model
    def _record(self, ip):
        return self.create({"ip": ip or "unknown"})

    @api.autovacuum
    def _gc_registration_attempts(self):
        self.search([("create_date", "<", fields.Datetime.now() - RETENTION)]).unlink()
