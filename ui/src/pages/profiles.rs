//! Connections: the tenants Gatehouse can talk to. Secrets are typed here once and go to the
//! OS keychain; they are never shown again.

use gatehouse_wire::{ApiError, ConnectionReport, ProfileSource, ProfileView, SecretStatus};
use leptos::prelude::*;

use super::profile_form::{Draft, ProfileForm};
use super::refused_profiles::RefusedProfiles;
use super::sail_import::SailImport;
use crate::api;
use crate::components::ErrorPanel;
use crate::state::{Ready, Session};

fn source_label(source: ProfileSource) -> &'static str {
    match source {
        ProfileSource::Sandbox => "Sandbox",
        ProfileSource::Environment => "Environment",
        ProfileSource::Rehearsal => "Rehearsal (a sandbox opened from an export)",
        ProfileSource::User => "Saved",
    }
}

fn secret_label(status: SecretStatus) -> &'static str {
    match status {
        SecretStatus::Keychain => "Keychain",
        SecretStatus::Session => "This session only",
        SecretStatus::Missing => "Missing",
    }
}

#[component]
pub fn ProfilesPage() -> impl IntoView {
    let session = expect_context::<Session>();
    // The app shows routes once the connections are loaded: this page has its data.
    expect_context::<Ready>().mark();
    let error = RwSignal::new(None::<ApiError>);
    // The connection's name with what its test reached.
    let report = RwSignal::new(None::<(String, ConnectionReport)>);
    let testing = RwSignal::new(None::<String>);
    let draft = RwSignal::new(None::<Draft>);
    let pending_delete = RwSignal::new(None::<String>);

    let test_action = Action::new_local(move |(id, name): &(String, String)| {
        let (id, name) = (id.clone(), name.clone());
        testing.set(Some(id.clone()));
        report.set(None);
        error.set(None);
        async move {
            match api::test_connection(&id).await {
                Ok(reached) => report.set(Some((name, reached))),
                Err(failure) => error.set(Some(failure)),
            }
            testing.set(None);
        }
    });
    let test = move |id: String, name: String| {
        test_action.dispatch((id, name));
    };
    let delete_action = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            match api::delete_profile(&id).await {
                Ok(()) => {
                    pending_delete.set(None);
                    session.reload();
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    let delete = move |id: String| {
        delete_action.dispatch(id);
    };
    let activate = Action::new_local(move |id: &String| session.select(id.clone()));

    let row = move |view: ProfileView| {
        let id = view.profile.id.clone();
        let editable = view.source == ProfileSource::User;
        let test_name = view.profile.name.clone();
        let (test_id, use_id, edit_profile, delete_id, confirm_id) = (
            id.clone(),
            id.clone(),
            view.profile.clone(),
            id.clone(),
            id.clone(),
        );
        let is_testing = {
            let id = id.clone();
            move || testing.get().as_deref() == Some(id.as_str())
        };
        let confirming = {
            let id = id.clone();
            move || pending_delete.get().as_deref() == Some(id.as_str())
        };
        view! {
            <tr class="profile-row" class:active=view.active data-profile-id=id.clone()>
                <td>
                    <span class="profile-name">{view.profile.name.clone()}</span>
                    {view.active.then(|| view! { <span class="badge active">"Active"</span> })}
                </td>
                <td>{view.profile.vendor.label()}</td>
                <td class="mono">{view.profile.base_url.clone()}</td>
                <td class="mono">{view.profile.client_id.clone()}</td>
                <td>{source_label(view.source)}</td>
                <td class:warn=view.secret == SecretStatus::Missing>{secret_label(view.secret)}</td>
                <td class="row-actions">
                    <button class="test-connection" disabled=is_testing on:click=move |_| test(test_id.clone(), test_name.clone())>
                        "Test connection"
                    </button>
                    {(!view.active).then(|| view! {
                        <button class="use-profile" on:click=move |_| { activate.dispatch(use_id.clone()); }>"Use"</button>
                    })}
                    {editable.then(|| view! {
                        <button class="edit-profile" on:click=move |_| draft.set(Some(Draft::from_profile(&edit_profile)))>
                            "Edit"
                        </button>
                        <Show
                            when=confirming.clone()
                            fallback=move || {
                                let id = delete_id.clone();
                                view! {
                                    <button class="delete-profile danger-outline" on:click=move |_| pending_delete.set(Some(id.clone()))>
                                        "Delete"
                                    </button>
                                }
                            }
                        >
                            {
                                let id = confirm_id.clone();
                                view! {
                                    <span class="confirm-delete">
                                        "Delete this connection and its keychain entry? "
                                        <button class="danger confirm-delete-profile" on:click=move |_| delete(id.clone())>"Delete"</button>
                                        <button class="secondary" on:click=move |_| pending_delete.set(None)>"Keep"</button>
                                    </span>
                                }
                            }
                        </Show>
                    })}
                </td>
            </tr>
        }
    };

    view! {
        <section id="page-profiles" class="page">
            <header class="page-header">
                <h1>"Connections"</h1>
                <p class="subtitle">
                    "Tenants Gatehouse can manage. Secrets live in the system keychain; the profile file never holds one."
                </p>
            </header>
            <ErrorPanel error />
            <RefusedProfiles draft />
            <table class="profiles">
                <thead>
                    <tr>
                        <th>"Name"</th><th>"Vendor"</th><th>"Base URL"</th><th>"Client id"</th>
                        <th>"Source"</th><th>"Secret"</th><th></th>
                    </tr>
                </thead>
                <tbody>{move || session.profiles().into_iter().map(row).collect_view()}</tbody>
            </table>
            {move || report.get().map(|(name, reached)| view! {
                <div id="connection-report" class="report" role="status">
                    <h2>"Connected: " {name}</h2>
                    <dl>
                        <dt>"Token endpoint"</dt><dd class="mono">{reached.token_url}</dd>
                        <dt>"Scopes"</dt><dd>{reached.scopes.join(" ")}</dd>
                        <dt>"Token lifetime"</dt><dd>{format!("{} s", reached.expires_in_seconds)}</dd>
                        {reached.facts.into_iter().map(|(key, value)| view! {
                            <dt>{key}</dt><dd>{value}</dd>
                        }).collect_view()}
                    </dl>
                </div>
            })}
            <SailImport />
            <Show
                when=move || draft.get().is_some()
                fallback=move || view! {
                    <button id="add-profile" class="primary" on:click=move |_| draft.set(Some(Draft::default()))>
                        "Add connection"
                    </button>
                }
            >
                <ProfileForm draft />
            </Show>
        </section>
    }
}
