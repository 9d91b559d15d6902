//! The filters a resource's list operation takes, as the description offers them; they become
//! the vendor's query parameters (the search box, by contrast, runs in the app).

use std::collections::BTreeMap;

use gatehouse_wire::{FilterKind, ListFilter, ResourceDescription, NEVER_USED};
use leptos::prelude::*;

/// What the administrator chose per filter, by query parameter; empty means "off".
#[derive(Clone, Copy)]
pub struct FilterInputs(RwSignal<BTreeMap<&'static str, String>>);

impl FilterInputs {
    pub fn new() -> Self {
        Self(RwSignal::new(BTreeMap::new()))
    }

    fn get(&self, param: &str) -> String {
        self.0
            .with(|inputs| inputs.get(param).cloned())
            .unwrap_or_default()
    }

    fn set(&self, param: &'static str, value: String) {
        self.0.update(|inputs| {
            inputs.insert(param, value);
        });
    }

    /// The query the list command sends: `[param, value]` for each filter that is on.
    pub fn query(&self, description: &ResourceDescription) -> Vec<(String, String)> {
        description
            .filters
            .iter()
            .filter_map(|filter| {
                let value = filter.query_value(&self.get(filter.param))?;
                Some((filter.param.to_owned(), value))
            })
            .collect()
    }
}

#[component]
pub fn FilterBar(description: &'static ResourceDescription, inputs: FilterInputs) -> impl IntoView {
    description
        .filters
        .iter()
        .map(|filter| match filter.kind {
            FilterKind::Text { suggestions } => {
                view! { <TextFilter filter suggestions inputs /> }.into_any()
            }
            FilterKind::LastUsed => view! { <LastUsedFilter filter inputs /> }.into_any(),
            FilterKind::Day { .. } => view! { <DayFilter filter inputs /> }.into_any(),
        })
        .collect_view()
}

/// Free text with suggestions; applied when committed (Enter or leaving the box), not per
/// keystroke, since each change asks the vendor again.
#[component]
fn TextFilter(
    filter: &'static ListFilter,
    suggestions: &'static [&'static str],
    inputs: FilterInputs,
) -> impl IntoView {
    let id = format!("filter-{}", filter.param);
    let list_id = format!("{id}-suggestions");
    view! {
        <label class="filter" title=filter.help>
            <span>{filter.label}</span>
            <input
                id=id
                type="search"
                list=list_id.clone()
                placeholder=filter.help
                prop:value=move || inputs.get(filter.param)
                on:change=move |event| inputs.set(filter.param, event_target_value(&event))
                on:keydown=move |event| {
                    if event.key() == "Enter" {
                        inputs.set(filter.param, event_target_value(&event));
                    }
                }
            />
            <datalist id=list_id>
                {suggestions.iter().map(|value| view! { <option value=*value></option> }).collect_view()}
            </datalist>
        </label>
    }
}

/// A calendar day, from the system's date picker; empty is "off".
#[component]
fn DayFilter(filter: &'static ListFilter, inputs: FilterInputs) -> impl IntoView {
    view! {
        <label class="filter" title=filter.help>
            <span>{filter.label}</span>
            <input
                id=format!("filter-{}", filter.param)
                type="date"
                prop:value=move || inputs.get(filter.param)
                on:change=move |event| inputs.set(filter.param, event_target_value(&event))
            />
        </label>
    }
}

/// Value of the "before a date" choice; the date itself is kept as the filter's input.
const BEFORE: &str = "before";

/// SailPoint's last-used filter: any, never used, or last used before a date.
#[component]
fn LastUsedFilter(filter: &'static ListFilter, inputs: FilterInputs) -> impl IntoView {
    let id = format!("filter-{}", filter.param);
    let date_id = format!("{id}-date");
    // The mode is the administrator's choice even before a date is picked.
    let mode = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let apply = move || {
        let value = match mode.get_untracked().as_str() {
            NEVER_USED => NEVER_USED.to_owned(),
            BEFORE => date.get_untracked(),
            _ => String::new(),
        };
        inputs.set(filter.param, value);
    };
    view! {
        <label class="filter" title=filter.help>
            <span>{filter.label}</span>
            <select
                id=id
                on:change=move |event| {
                    mode.set(event_target_value(&event));
                    apply();
                }
            >
                <option value="">"Any"</option>
                <option value=NEVER_USED>"Never used"</option>
                <option value=BEFORE>"Before date"</option>
            </select>
        </label>
        <input
            id=date_id
            type="date"
            aria-label="Last used before"
            disabled=move || mode.get() != BEFORE
            prop:value=move || date.get()
            on:change=move |event| {
                date.set(event_target_value(&event));
                apply();
            }
        />
    }
}
