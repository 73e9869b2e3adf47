import { registry } from "@web/core/registry";

/**
 * A staff member works through the review queue: opens the registration
 * waiting there, sees the databank tab of the form, and approves it.
 * Data: the registration created by tests/test_review_tour.py.
 */
registry.category("web_tour.tours").add("pijler_review_tour", {
    steps: () => [
        {
            content: "The registration waits in the review queue",
            trigger: ".o_list_view .o_data_cell:contains(Wereldschool Kindia)",
            run: "click",
        },
        {
            content: "The form shows the databank tab",
            trigger: ".o_notebook .nav-link:contains(4de Pijler)",
            run: "click",
        },
        {
            content: "The possible duplicate is flagged",
            trigger: ".o_field_widget[name=pillar_possible_duplicate_ids]:contains(Wereldschool Kindia vzw)",
        },
        {
            content: "Approve the registration",
            trigger: ".o_form_statusbar button[name=action_pillar_approve]",
            run: "click",
        },
        {
            content: "The fiche is published",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Published)",
        },
    ],
});
