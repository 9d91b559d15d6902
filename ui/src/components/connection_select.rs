//! The choice of connection the Export and Compare screens offer: every connection by name
//! and vendor, the chosen one selected (the active one until another is picked).

use gatehouse_wire::ProfileView;
use leptos::prelude::*;

use crate::state::Session;

/// The connection `chosen` names, or the active one when it names none (or one since gone).
pub fn chosen_connection(session: Session, chosen: Option<String>) -> Option<ProfileView> {
    let profiles = session.profiles();
    chosen
        .and_then(|id| profiles.iter().find(|view| view.profile.id == id).cloned())
        .or_else(|| profiles.into_iter().find(|view| view.active))
}

#[component]
pub fn ConnectionSelect(
    id: &'static str,
    /// The connection's id; `None` is the active one.
    chosen: RwSignal<Option<String>>,
    /// Told after the administrator picks another.
    #[prop(optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <select
            id=id
            on:change=move |event| {
                chosen.set(Some(event_target_value(&event)));
                if let Some(on_change) = on_change {
                    on_change.run(());
                }
            }
        >
            {move || {
                let current = chosen_connection(session, chosen.get()).map(|view| view.profile.id);
                session
                    .profiles()
                    .into_iter()
                    .map(|view| {
                        let selected = Some(&view.profile.id) == current.as_ref();
                        view! {
                            <option value=view.profile.id.clone() selected=selected>
                                {format!("{} · {}", view.profile.name, view.profile.vendor.label())}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
}
