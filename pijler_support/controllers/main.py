import re

from werkzeug import urls
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.website.controllers.main import QueryURL
from odoo.http import request
from odoo.tools import is_html_empty

DATABANK_PAGE_SIZE = 20


def sitemap_databank(env, rule, qs):
    if not qs or qs.lower() in "/databank":
        yield {"loc": "/databank"}


def sitemap_databank_organisations(env, rule, qs):
    """List every published organisation; the route's converter would list all
    partners the website user may read, companies and people alike."""
    # sudo: see PijlerDatabank; the domain keeps to published organisations.
    Partner = env["res.partner"].sudo()
    slug = env["ir.http"]._slug
    organisations = Partner.search(Partner._pillar_directory_domain(), order="id")
    for organisation in organisations:
        loc = f"/databank/{slug(organisation)}"
        if not qs or qs.lower() in loc:
            yield {"loc": loc, "lastmod": organisation.write_date.date()}


class PijlerDatabank(http.Controller):
    """The public databank.

    Visitors and portal users may not read other organisations through the
    ORM (their e-mail, phone and street are not public): the databank reads
    them with sudo, its domains keep to published organisations and its
    templates show public fields only.
    """

    @http.route(
        ["/databank", "/databank/page/<int:page>"],
        type="http",
        auth="public",
        website=True,
        sitemap=sitemap_databank,
        readonly=True,
    )
    def databank(self, page=1, search="", **params):
        Partner = request.env["res.partner"].sudo()
        page = self._databank_page_number(page)
        search = Partner._pillar_directory_clean_search(search)
        filters = Partner._pillar_directory_parse_filters(params)
        result = Partner._pillar_directory_page(
            search, filters, page=page, step=DATABANK_PAGE_SIZE
        )
        if not 1 <= page <= result["page_count"]:
            raise NotFound()

        url_args = self._databank_url_args(search, filters)
        keep = QueryURL("/databank", **url_args)
        pager = request.website.pager(
            url="/databank",
            total=result["total"],
            page=page,
            step=DATABANK_PAGE_SIZE,
            url_args=url_args,
        )
        values = {
            "organisations": result["organisations"],
            "total": result["total"],
            "pager": pager,
            "search": search,
            "url_args": url_args,
            "facets": self._databank_facets(result["facets"], filters, keep),
            "active_filters": self._databank_active_filters(filters, keep),
            "keep": keep,
            # Each search and filter combination is a page of its own: let
            # crawlers follow its links but keep it out of the index.
            "is_filtered": bool(search or filters),
        }
        return request.render("pijler_support.databank_index", values)

    # Not a <model("res.partner")> converter: Odoo's dispatcher redirects such
    # URLs to the record's slug before the controller runs, which would answer
    # 403 for drafts (unreadable for visitors) and would spell out the name of
    # any contact behind /databank/<id>. Here nothing happens before the check.
    @http.route(
        "/databank/<string:slug>",
        type="http",
        auth="public",
        website=True,
        sitemap=sitemap_databank_organisations,
        readonly=True,
    )
    def databank_organisation(self, slug, **kwargs):
        organisation = (
            request.env["res.partner"].sudo()._pillar_directory_from_slug(slug)
        )
        if not organisation:
            raise NotFound()
        # Names change; the page lives at the current slug, old links follow.
        current_slug = request.env["ir.http"]._slug(organisation)
        if slug != current_slug:
            path = request.env["ir.http"]._url_for(f"/databank/{current_slug}")
            return request.redirect_query(path, request.httprequest.args, code=301)
        values = {
            "organisation": organisation,
            "neighbours": organisation._pillar_directory_neighbours(),
            "additional_title": organisation.name,
            "website_meta_description": organisation._pillar_meta_description(),
            "pillar_link_preview_image": self._databank_logo_url(organisation),
            "is_html_empty": is_html_empty,
        }
        return request.render("pijler_support.databank_organisation", values)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _databank_page_number(self, page):
        """Return the number of the page asked for.

        The route gives /databank/page/N as a number. A ``page`` in the query
        string comes as text (old links, hand-made URLs): a number counts,
        below 1 as 1; anything else is ignored.
        """
        if isinstance(page, int):
            return page
        if re.fullmatch(r"-?[0-9]{1,100}", page.strip()):
            return max(1, int(page))
        return 1

    def _databank_logo_url(self, organisation):
        """Return the absolute URL of the organisation's logo, for link
        previews; None without a logo (the website's own logo stays)."""
        if not organisation.with_context(bin_size=True).image_512:
            return None
        website = request.website
        return urls.url_join(
            website.get_base_url(), website.image_url(organisation, "image_512")
        )

    def _databank_url_args(self, search, filters):
        """Return the query-string arguments that reproduce a search."""
        args = {"search": search} if search else {}
        for key, value in filters.items():
            args[key] = self._databank_url_value(value)
        return args

    def _databank_url_value(self, value):
        if value is True:
            return "1"
        if isinstance(value, str):
            return value
        return str(value.id)

    def _databank_facets(self, counts, filters, keep):
        """Return the filter sidebar: per filter, its options with their count
        and the link that selects (or, when active, removes) them."""
        Partner = request.env["res.partner"].sudo()
        facets = []
        for key, fname in Partner._get_pillar_directory_facets().items():
            field = Partner._fields[fname]
            options = []
            for value, label, count in counts.get(key, []):
                active = value == filters.get(key)
                url_value = None if active else self._databank_url_value(value)
                options.append(
                    {
                        "value": value,
                        "label": label,
                        "count": count,
                        "active": active,
                        "url": keep(**{key: url_value}),
                    }
                )
            facets.append(
                {
                    "key": key,
                    "type": field.type,
                    "label": field.get_description(request.env)["string"],
                    "options": options,
                }
            )
        return facets

    def _databank_active_filters(self, filters, keep):
        """Return the active filters as (label, link that removes it) pairs."""
        Partner = request.env["res.partner"].sudo()
        return [
            (Partner._pillar_directory_label(key, value), keep(**{key: None}))
            for key, value in filters.items()
        ]
