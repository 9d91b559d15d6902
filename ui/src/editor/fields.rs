//! One control per described field, chosen by its kind; locked when the field cannot change.

use gatehouse_wire::{FieldKind, FieldSpec};
use leptos::prelude::*;
use serde_json::Value;

use super::form::FormState;

const DATE_TIME_EXAMPLE: &str = "2025-01-31T12:00:00Z";
/// What a locked field without a value shows.
const NO_VALUE: &str = "—";

#[component]
pub fn ResourceForm(form: FormState) -> impl IntoView {
    form.shown_fields()
        .map(|field| view! { <Field form field /> })
        .collect_view()
}

#[component]
fn Field(form: FormState, field: &'static FieldSpec) -> impl IntoView {
    let input_id = format!("field-{}", field.name);
    let error_id = format!("error-{}", field.name);
    let error = move || form.field_error(field);
    let locked = !form.is_editable(field);
    view! {
        <div class="field" class:invalid=move || error().is_some() class:locked=locked data-field=field.name>
            <label for=input_id.clone()>
                {field.label}
                {(field.required && !locked)
                    .then(|| view! { <abbr class="required" title="required">"*"</abbr> })}
                {locked.then(|| view! { <span class="lock" title="Cannot be changed here">"locked"</span> })}
            </label>
            <Control form field id=input_id error_id=error_id.clone() locked />
            {(!field.help.is_empty()).then(|| view! { <p class="help">{field.help}</p> })}
            {move || {
                error().map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })
            }}
        </div>
    }
}

#[component]
fn Control(
    form: FormState,
    field: &'static FieldSpec,
    id: String,
    error_id: String,
    locked: bool,
) -> impl IntoView {
    let text = move || form.text(field.name);
    let update =
        move |event: leptos::ev::Event| form.set_text(field.name, event_target_value(&event));
    let invalid = move || form.field_error(field).is_some().to_string();
    match field.kind {
        FieldKind::Bool => view! {
            <input
                id=id
                type="checkbox"
                disabled=locked
                prop:checked=move || text() == "true"
                on:change=move |event| form.set_text(field.name, event_target_checked(&event).to_string())
            />
        }
        .into_any(),
        FieldKind::Integer { min, max } => view! {
            <input
                id=id
                type="number"
                inputmode="numeric"
                min=min
                max=max
                required=field.required
                disabled=locked
                placeholder=locked.then_some(NO_VALUE)
                prop:value=text
                aria-invalid=invalid
                aria-describedby=error_id
                on:input=update
            />
        }
        .into_any(),
        FieldKind::Choice(choices) => {
            // A value the vendor added after this app was built is offered, not dropped.
            let current = form.base_value(field.name).and_then(|value| value.as_str().map(str::to_owned));
            let unknown = current.filter(|value| !choices.contains(&value.as_str()));
            view! {
                <select
                    id=id
                    disabled=locked
                    prop:value=text
                    aria-invalid=invalid
                    aria-describedby=error_id
                    on:change=update
                >
                    <option value="">"—"</option>
                    {choices.iter().map(|choice| view! { <option value=*choice>{*choice}</option> }).collect_view()}
                    {unknown.map(|value| {
                        let label = value.clone();
                        view! { <option value=value>{label}</option> }
                    })}
                </select>
            }
            .into_any()
        }
        FieldKind::List { choices: Some(choices) } => {
            view! { <ChoiceGroup form field id choices locked /> }.into_any()
        }
        FieldKind::List { choices: None } | FieldKind::Object | FieldKind::ObjectList => {
            let object = matches!(field.kind, FieldKind::Object | FieldKind::ObjectList);
            view! {
                <textarea
                    id=id
                    class:mono=object
                    rows=if object { "6" } else { "3" }
                    spellcheck="false"
                    placeholder=match (locked, object) {
                        (true, _) => NO_VALUE,
                        (false, true) if field.kind == FieldKind::ObjectList => "[ ]",
                        (false, true) => "{ }",
                        (false, false) => "One per line",
                    }
                    disabled=locked
                    prop:value=text
                    aria-invalid=invalid
                    aria-describedby=error_id
                    on:input=update
                ></textarea>
            }
            .into_any()
        }
        FieldKind::Text | FieldKind::DateTime => view! {
            <input
                id=id
                type="text"
                placeholder=match (locked, field.kind) {
                    (true, _) => Some(NO_VALUE),
                    (false, FieldKind::DateTime) => Some(DATE_TIME_EXAMPLE),
                    (false, _) => None,
                }
                required=field.required
                disabled=locked
                prop:value=text
                aria-invalid=invalid
                aria-describedby=error_id
                on:input=update
            />
        }
        .into_any(),
    }
}

/// A list with known choices as checkboxes. Values the app does not know (a capability newer
/// than this build) are kept and shown as extra boxes, checked while they are in the list.
#[component]
fn ChoiceGroup(
    form: FormState,
    field: &'static FieldSpec,
    id: String,
    choices: &'static [&'static str],
    locked: bool,
) -> impl IntoView {
    let selected = move || -> Vec<String> {
        form.text(field.name)
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let original: Vec<String> = match form.base_value(field.name) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    // The original order first, so unchecking and checking again is no change at all.
    let mut order: Vec<String> = Vec::new();
    for value in original
        .into_iter()
        .chain(choices.iter().map(|c| (*c).to_owned()))
    {
        if !order.contains(&value) {
            order.push(value);
        }
    }
    let order = StoredValue::new(order);
    let toggle = move |value: &str, on: bool| {
        let mut chosen = selected();
        chosen.retain(|item| item != value);
        if on {
            chosen.push(value.to_owned());
        }
        let ordered: Vec<String> = order.with_value(|order| {
            order
                .iter()
                .filter(|known| chosen.contains(known))
                .cloned()
                .collect()
        });
        form.set_text(field.name, ordered.join("\n"));
    };
    view! {
        <fieldset id=id class="choices" disabled=locked>
            <legend class="visually-hidden">{field.label}</legend>
            {order
                .get_value()
                .into_iter()
                .map(|value| {
                    let known = choices.contains(&value.as_str());
                    let (checked, toggled) = (value.clone(), value.clone());
                    view! {
                        <label
                            class="choice-label"
                            class:unknown=!known
                            title=(!known).then_some("Not in this app's list; kept as the tenant has it")
                        >
                            <input
                                type="checkbox"
                                class="choice"
                                data-field=field.name
                                value=value.clone()
                                disabled=locked
                                prop:checked=move || selected().contains(&checked)
                                on:change=move |event| toggle(&toggled, event_target_checked(&event))
                            />
                            <span>{value}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
