import { registry } from "@web/core/registry";

/**
 * A volunteer registers their organisation: fills in the form, agrees to the
 * publication, sends it and is thanked.
 * Checked afterwards by tests/test_registration_tour.py.
 */
registry.category("web_tour.tours").add("pijler_registration_tour", {
    url: "/databank/register",
    steps: () => [
        {
            content: "Name the organisation",
            trigger: "input[name=name]",
            run: "edit Vrienden van Koudougou",
        },
        {
            content: "Choose its legal form",
            trigger: "select[name=legal_form]",
            run: "select vzw",
        },
        {
            trigger: "input[name=company_registry]",
            run: "edit 0417497106",
        },
        {
            content: "Give the address",
            trigger: "input[name=zip]",
            run: "edit 2800",
        },
        {
            trigger: "input[name=city]",
            run: "edit Mechelen",
        },
        {
            trigger: "input[name=website]",
            run: "edit www.koudougou.example.org",
        },
        {
            content: "Choose the country where it runs projects",
            trigger: "select[name=activity_country_ids]",
            run: "selectByLabel Burkina Faso",
        },
        {
            content: "Tick a theme",
            trigger: ".form-check:has(label:contains(Onderwijs)) input[name=theme_ids]",
            run: "check",
        },
        {
            content: "Tick the fourth goal, quality education",
            trigger: ".o_pijler_reg_sdgs .col:nth-child(4) input[name=sdg_ids]",
            run: "check",
        },
        {
            content: "Describe the mission",
            trigger: "textarea[name=mission]",
            run: "edit We bouwen een bibliotheek met de school van Koudougou.",
        },
        {
            content: "Add a first project",
            trigger: "input[name=project_name]",
            run: "edit Bibliotheek Koudougou",
        },
        {
            content: "Say who to contact",
            trigger: "input[name=contact_name]",
            run: "edit Aminata Ouédraogo",
        },
        {
            trigger: "input[name=contact_email]",
            run: "edit aminata@koudougou.example.org",
        },
        {
            content: "Agree to the publication",
            trigger: "input[name=publish_consent]",
            run: "check",
        },
        {
            content: "Send the registration",
            trigger: "form.o_pijler_registration_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The visitor is thanked",
            trigger: "h1:contains(Thank you for registering your organisation)",
        },
    ],
});
