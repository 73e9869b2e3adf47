import { registry } from "@web/core/registry";

/**
 * A visitor looks for an organisation: searches a word, narrows the results
 * down with a theme, opens the organisation's page.
 * Data: the organisation created by tests/test_databank_tour.py.
 */
registry.category("web_tour.tours").add("pijler_databank_tour", {
    url: "/databank",
    steps: () => [
        {
            content: "Type a word in the search bar",
            trigger: "form[role=search] input[name=search]",
            run: "edit Kaolack",
        },
        {
            content: "Search",
            trigger: "form[role=search] button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Only the matching organisations are listed",
            trigger: ".o_pijler_result_count:contains(2 organisations)",
        },
        {
            content: "Narrow the results down to a theme",
            trigger: "section[data-facet=theme] a:contains(Onderwijs)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The theme is active and the search is kept",
            trigger: ".o_pijler_active_filter:contains(Onderwijs)",
        },
        {
            trigger: "input[name=search]:value(Kaolack)",
        },
        {
            content: "Open the organisation",
            trigger: ".o_pijler_databank_card a:contains(Meisjesschool Kaolack)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The organisation's page is shown",
            trigger: "h1:contains(Meisjesschool Kaolack)",
        },
        {
            trigger: ".o_pijler_mission:contains(klaslokalen)",
        },
    ],
});
