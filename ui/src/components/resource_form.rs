//! A form driven by a `ResourceDescription`: one input per described field, the text exactly
//! as typed (never lost, even while invalid), and inline validation with the wire crate's rules.

use std::collections::BTreeMap;

use gatehouse_wire::{Access, FieldError, FieldKind, FieldSpec, ResourceDescription};
use leptos::prelude::*;
use serde_json::{Map, Value};

#[derive(Clone, Copy)]
pub struct FormState {
    description: &'static ResourceDescription,
    /// What the user typed, by field name; booleans as "true"/"false".
    inputs: RwSignal<BTreeMap<&'static str, String>>,
    /// Field errors the vendor returned for the last attempt.
    pub server_errors: RwSignal<Vec<FieldError>>,
}

/// A value as the user edits it: lists one item per line, objects as JSON.
fn input_text(kind: FieldKind, value: Option<&Value>) -> String {
    match (kind, value) {
        (_, None | Some(Value::Null)) => String::new(),
        (_, Some(Value::String(text))) => text.clone(),
        (FieldKind::List { .. }, Some(Value::Array(items))) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map_or_else(|| item.to_string(), str::to_owned)
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (FieldKind::Object, Some(object)) => {
            serde_json::to_string_pretty(object).unwrap_or_default()
        }
        (_, Some(other)) => other.to_string(),
    }
}

impl FormState {
    pub fn new(description: &'static ResourceDescription) -> Self {
        Self {
            description,
            inputs: RwSignal::new(BTreeMap::new()),
            server_errors: RwSignal::new(Vec::new()),
        }
    }

    /// Puts `object`'s values into the inputs.
    pub fn fill(&self, object: &Map<String, Value>) {
        let inputs = self
            .description
            .fields
            .iter()
            .map(|field| (field.name, input_text(field.kind, object.get(field.name))))
            .collect();
        self.inputs.set(inputs);
        self.server_errors.set(Vec::new());
    }

    fn text(&self, name: &str) -> String {
        self.inputs
            .with(|inputs| inputs.get(name).cloned())
            .unwrap_or_default()
    }

    fn set_text(&self, name: &'static str, text: String) {
        self.inputs.update(|inputs| {
            inputs.insert(name, text);
        });
        // The vendor's verdict was about the old value.
        self.server_errors
            .update(|errors| errors.retain(|error| error.field != name));
    }

    /// The field's problem: typed input first, then what the vendor said.
    pub fn field_error(&self, field: &FieldSpec) -> Option<String> {
        let local = field
            .parse_input(&self.text(field.name))
            .and_then(|value| field.check(value.as_ref()))
            .err();
        local.or_else(|| {
            self.server_errors.with(|errors| {
                errors
                    .iter()
                    .find(|error| error.field == field.name)
                    .map(|error| error.message.clone())
            })
        })
    }

    pub fn is_valid(&self) -> bool {
        self.description.input_fields().all(|field| {
            field
                .parse_input(&self.text(field.name))
                .and_then(|value| field.check(value.as_ref()))
                .is_ok()
        })
    }

    /// `base` with every described field replaced by the form's value; properties the form
    /// does not show are kept as they are.
    pub fn apply_to(&self, base: &Map<String, Value>) -> Map<String, Value> {
        let mut object = base.clone();
        for field in self.description.input_fields() {
            match field.parse_input(&self.text(field.name)) {
                Ok(Some(value)) => {
                    object.insert(field.name.to_owned(), value);
                }
                _ => {
                    object.remove(field.name);
                }
            }
        }
        object
    }
}

#[component]
pub fn ResourceForm(form: FormState) -> impl IntoView {
    form.description
        .fields
        .iter()
        .map(|field| {
            let input_id = format!("field-{}", field.name);
            let error_id = format!("error-{}", field.name);
            let error = move || form.field_error(field);
            let update = move |event: leptos::ev::Event| {
                form.set_text(field.name, event_target_value(&event))
            };
            let invalid = move || if error().is_some() { "true" } else { "false" };
            let read_only = field.access == Access::ReadOnly;
            let control = match field.kind {
                FieldKind::Bool => view! {
                    <input
                        id=input_id.clone()
                        type="checkbox"
                        disabled=read_only
                        prop:checked=move || form.text(field.name) == "true"
                        on:change=move |event| {
                            form.set_text(field.name, event_target_checked(&event).to_string())
                        }
                    />
                }
                .into_any(),
                FieldKind::Integer { min, max } => view! {
                    <input
                        id=input_id.clone()
                        type="number"
                        inputmode="numeric"
                        min=min
                        max=max
                        disabled=read_only
                        prop:value=move || form.text(field.name)
                        aria-invalid=invalid
                        aria-describedby=error_id.clone()
                        on:input=update
                        on:change=update
                    />
                }
                .into_any(),
                FieldKind::Choice(choices) => view! {
                    <select
                        id=input_id.clone()
                        disabled=read_only
                        prop:value=move || form.text(field.name)
                        aria-invalid=invalid
                        aria-describedby=error_id.clone()
                        on:change=update
                    >
                        <option value="">"—"</option>
                        {choices
                            .iter()
                            .map(|choice| view! { <option value=*choice>{*choice}</option> })
                            .collect_view()}
                    </select>
                }
                .into_any(),
                FieldKind::List { .. } | FieldKind::Object => view! {
                    <textarea
                        id=input_id.clone()
                        rows="3"
                        disabled=read_only
                        prop:value=move || form.text(field.name)
                        aria-invalid=invalid
                        aria-describedby=error_id.clone()
                        on:input=update
                    ></textarea>
                }
                .into_any(),
                FieldKind::Text | FieldKind::DateTime => view! {
                    <input
                        id=input_id.clone()
                        type="text"
                        disabled=read_only
                        prop:value=move || form.text(field.name)
                        aria-invalid=invalid
                        aria-describedby=error_id.clone()
                        on:input=update
                    />
                }
                .into_any(),
            };
            view! {
                <div class="field" class:invalid=move || error().is_some()>
                    <label for=input_id>{field.label}</label>
                    {control}
                    <p class="help">{field.help}</p>
                    {move || {
                        error().map(|message| view! {
                            <p class="field-error" id=error_id.clone()>{message}</p>
                        })
                    }}
                </div>
            }
        })
        .collect_view()
}
