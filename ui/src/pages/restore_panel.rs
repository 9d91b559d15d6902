//! The restore under the Compare screen's differences: those picked planned (nothing sent),
//! the plan shown step by step with each request, then applied; run again, only what is left
//! runs. New secrets of re-created objects appear in the one-time secret dialog.

use std::collections::BTreeSet;

use gatehouse_wire::{
    catalog, ApiError, Change, ObjectRef, PlanItem, RestoreAction, RestorePicks, RestorePlan,
    RestoreReport,
};
use leptos::prelude::*;

use crate::api;
use crate::components::ErrorPanel;
use crate::state::NewSecret;

/// The differences picked to restore, by type and id, with what each is.
pub type Picked = RwSignal<BTreeSet<(String, String, Change)>>;

fn picks(picked: &BTreeSet<(String, String, Change)>) -> RestorePicks {
    let mut picks = RestorePicks::default();
    for (resource, id, change) in picked {
        let object = ObjectRef {
            resource: resource.clone(),
            id: id.clone(),
        };
        match change {
            Change::Added => picks.delete.push(object),
            Change::Removed | Change::Changed => picks.restore.push(object),
        }
    }
    picks
}

fn action_label(action: RestoreAction) -> &'static str {
    match action {
        RestoreAction::Create => "Re-create",
        RestoreAction::Update => "Restore",
        RestoreAction::Delete => "Delete",
    }
}

fn type_title(key: &str) -> String {
    catalog::resource(key).map_or_else(
        || key.to_owned(),
        |description| description.title.to_owned(),
    )
}

#[component]
pub fn RestorePanel(
    /// The connection compared with: the plan and its run are for its tenant.
    connection: String,
    folder: RwSignal<String>,
    picked: Picked,
) -> impl IntoView {
    let connection = StoredValue::new(connection);
    let new_secret = expect_context::<NewSecret>();
    let error = RwSignal::new(None::<ApiError>);
    let plan = RwSignal::new(None::<RestorePlan>);
    let report = RwSignal::new(None::<RestoreReport>);
    let make_plan = Action::new_local(move |_: &()| {
        let (connection, typed, picks) = (
            connection.get_value(),
            folder.get_untracked(),
            picks(&picked.get_untracked()),
        );
        async move {
            error.set(None);
            report.set(None);
            match api::plan_restore(&connection, &typed, &picks).await {
                Ok(made) => plan.set(Some(made)),
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    let apply = Action::new_local(move |_: &()| {
        let connection = connection.get_value();
        async move {
            error.set(None);
            match api::apply_restore(&connection).await {
                Ok(ran) => {
                    new_secret.show_restored(ran.secrets.clone());
                    report.set(Some(ran));
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    let busy = move || make_plan.pending().get() || apply.pending().get();
    view! {
        <section class="action-panel restore-panel">
            <h2>"Restore from the export"</h2>
            <p class="muted">"Tick the differences to undo above, then plan: nothing is sent until you apply the plan, and a step whose object changed since is not sent."</p>
            <div class="actions">
                <button id="plan-restore" class="secondary" disabled=move || busy() || picked.with(BTreeSet::is_empty) on:click=move |_| { make_plan.dispatch(()); }>
                    {move || format!("Plan the restore of {} picked", picked.with(BTreeSet::len))}
                </button>
            </div>
            <ErrorPanel error />
            {move || plan.get().map(|made| {
                let steps = made.items.len();
                view! {
                    <div id="restore-plan" data-steps=steps.to_string()>
                        <p class="muted">"Plan written to " <span class="mono">{made.path.clone()}</span> " (its journal beside it)."</p>
                        <table class="changes plan-steps">
                            <thead><tr><th>"Step"</th><th>"Action"</th><th>"Object"</th><th>"Request"</th></tr></thead>
                            <tbody>
                                {made.items.iter().map(|item| view! { <PlanStep item=item.clone() /> }).collect_view()}
                            </tbody>
                        </table>
                        {(!made.unrestorable.is_empty()).then(|| view! {
                            <p class="warning">"Not in the plan:"</p>
                            <ul>{made.unrestorable.iter().map(|left| view! { <li>{format!("{} {}: {}", type_title(&left.resource), left.id, left.reason)}</li> }).collect_view()}</ul>
                        })}
                        <div class="actions">
                            <button id="apply-restore" class="primary" disabled=move || busy() || steps == 0 on:click=move |_| { apply.dispatch(()); }>
                                {move || if report.with(|ran| ran.as_ref().is_some_and(|ran| !ran.refused.is_empty() || !ran.failed.is_empty())) { "Apply what is left".to_owned() } else { format!("Apply {steps} steps") }}
                            </button>
                        </div>
                    </div>
                }
            })}
            {move || report.get().map(|ran| view! { <RestoreOutcome ran /> })}
        </section>
    }
}

#[component]
fn PlanStep(item: PlanItem) -> impl IntoView {
    let request = item
        .request
        .as_ref()
        .map(|request| format!("{} {}", request.method, request.path))
        .unwrap_or_default();
    let body = item
        .request
        .as_ref()
        .filter(|request| !request.body.is_null())
        .and_then(|request| serde_json::to_string_pretty(&request.body).ok());
    let needs = item
        .needs_value
        .iter()
        .map(|needed| needed.pointer.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr class="plan-step" data-type=item.resource.clone() data-id=item.id.clone()>
            <td>{item.step}</td>
            <td>{action_label(item.action)}</td>
            <td>{format!("{} · {}", type_title(&item.resource), item.name)}</td>
            <td>
                <span class="mono">{request}</span>
                {body.map(|body| view! { <details class="request-body"><summary>"Body"</summary><pre class="mono">{body}</pre></details> })}
                {(!needs.is_empty()).then(|| view! { <p class="help">{format!("Needs a value (left out, never sent as a placeholder): {needs}")}</p> })}
            </td>
        </tr>
    }
}

#[component]
fn RestoreOutcome(ran: RestoreReport) -> impl IntoView {
    let complete = ran.refused.is_empty() && ran.failed.is_empty();
    let problems = ran
        .refused
        .iter()
        .map(|step| ("Not sent", step))
        .chain(ran.failed.iter().map(|step| ("Failed", step)));
    // It appears under the plan, often below the window's edge: brought into view, so the
    // administrator sees what the apply did without looking for it.
    let report = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(report) = report.get() {
            report.scroll_into_view();
        }
    });
    view! {
        <div id="restore-report" node_ref=report data-complete=complete.to_string() role="status">
            <p>
                {format!("{} steps done, {} done before.", ran.done, ran.already_done)}
                " The differences above are from before the apply: compare again to see the tenant as it is now."
            </p>
            <ul>
                {problems.map(|(what, step)| view! { <li>{format!("{what}: step {}, {} {}: {}", step.step, type_title(&step.resource), step.id, step.reason)}</li> }).collect_view()}
            </ul>
        </div>
    }
}
