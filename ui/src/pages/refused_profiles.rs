//! Saved connections the file holds but Gatehouse does not use (one an earlier version saved
//! with `http://` for a real tenant): each named with why, to correct and save again, or delete.

use gatehouse_wire::{ApiError, RefusedProfile};
use leptos::prelude::*;

use super::profile_form::Draft;
use crate::api;
use crate::components::ErrorPanel;
use crate::state::Session;

#[component]
pub fn RefusedProfiles(
    /// The connection form's draft: "Correct it" opens the form on the refused connection.
    draft: RwSignal<Option<Draft>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let error = RwSignal::new(None::<ApiError>);
    let refused = LocalResource::new(move || {
        // Read again whenever the connections are.
        session.profiles();
        api::refused_profiles()
    });
    let delete = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            match api::delete_profile(&id).await {
                Ok(()) => session.reload(),
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    let row = move |refused: RefusedProfile| {
        let (id, delete_id) = (refused.profile.id.clone(), refused.profile.id.clone());
        let profile = refused.profile.clone();
        view! {
            <li class="refused-profile" data-profile-id=id>
                <p>{refused.message}</p>
                <div class="actions">
                    <button class="edit-refused" on:click=move |_| draft.set(Some(Draft::from_profile(&profile)))>
                        "Correct it"
                    </button>
                    <button class="delete-refused danger-outline" on:click=move |_| { delete.dispatch(delete_id.clone()); }>
                        "Delete it"
                    </button>
                </div>
            </li>
        }
    };
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match refused.await {
                    Ok(refused) if refused.is_empty() => ().into_any(),
                    Ok(refused) => view! {
                        <section id="refused-profiles" class="warning" role="alert">
                            <h2>"Saved connections not in use"</h2>
                            <ul>{refused.into_iter().map(row).collect_view()}</ul>
                        </section>
                    }
                    .into_any(),
                    Err(failure) => {
                        error.set(Some(failure));
                        ().into_any()
                    }
                }
            })}
        </Transition>
        <ErrorPanel error />
    }
}
