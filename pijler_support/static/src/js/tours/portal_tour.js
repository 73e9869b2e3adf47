import { registry } from "@web/core/registry";

/**
 * A representative finds the organisation on the portal home, changes the
 * municipality of the fiche and adds a project.
 * Data: tests/test_portal.py (TestPortalTour).
 */
registry.category("web_tour.tours").add("pijler_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home shows the organisation once counted",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/organisation']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Change the municipality",
            trigger: "input[name=city]",
            run: "edit Heverlee",
        },
        {
            content: "Save the fiche",
            trigger: ".o_pijler_portal_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The change is saved",
            trigger: ".o_pijler_saved",
        },
        {
            trigger: "input[name=city]:value(Heverlee)",
        },
        {
            content: "Go to the projects",
            trigger: "a.btn[href='/my/organisation/projects']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Add a project",
            trigger: "a.btn[href='/my/organisation/projects/new']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "input[name=name]",
            run: "edit Put in Vélingara",
        },
        {
            trigger: "input[name=start_year]",
            run: "edit 2024",
        },
        {
            content: "Save the project",
            trigger: ".o_pijler_project_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The project is listed",
            trigger: ".o_pijler_project_row a:contains(Put in Vélingara)",
        },
    ],
});
