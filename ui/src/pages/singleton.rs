//! A resource with exactly one object per tenant (the password org config, the system
//! configuration export): its only page.

use gatehouse_wire::{ResourceDescription, Verb};
use leptos::prelude::*;

use super::document::DocumentView;
use super::PageHeader;
use crate::api::{self, Target};
use crate::components::{in_sentence, LoadFailed};
use crate::editor::Editor;
use crate::state::{Ready, Session};

#[component]
pub fn SingletonPage(description: &'static ResourceDescription, target: Target) -> impl IntoView {
    let target = StoredValue::new(target);
    let session = expect_context::<Session>();
    let ready = expect_context::<Ready>();
    let version = RwSignal::new(0_u32);
    let creating = RwSignal::new(false);
    let object = LocalResource::new(move || {
        session.active_id();
        version.track();
        let target = target.get_value();
        async move { api::resource_get(&target, None).await }
    });

    view! {
        <section id=format!("page-{}", description.key) class="page">
            <PageHeader description />
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let loaded = object.await;
                    ready.mark();
                    match loaded {
                        // Nothing to edit: one document, shown as it is.
                        Ok(Some(document)) if description.fields.is_empty() => view! {
                            <DocumentView description target=target.get_value() document />
                        }
                        .into_any(),
                        Ok(Some(object)) => view! {
                            <Editor description target=target.get_value() id=None loaded=Some(object) version />
                        }
                        .into_any(),
                        Ok(None) => view! { <NotCreatedYet description target creating version /> }.into_any(),
                        Err(error) => view! { <LoadFailed id="load-error" error version /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The tenant has none yet: creating starts from the vendor's defaults, reviewed before sending.
#[component]
fn NotCreatedYet(
    description: &'static ResourceDescription,
    target: StoredValue<Target>,
    creating: RwSignal<bool>,
    version: RwSignal<u32>,
) -> impl IntoView {
    move || {
        if creating.get() {
            view! { <Editor description target=target.get_value() id=None loaded=None version /> }
                .into_any()
        } else {
            view! {
                <div class="empty">
                    <p>
                        {format!("This tenant has no {} yet.", in_sentence(description.singular))}
                        {description.can(Verb::Create).then_some(
                            " Creating one starts from the vendor's defaults; review them before saving.",
                        )}
                    </p>
                    {description.can(Verb::Create).then(|| view! {
                        <button id="create-button" class="primary" on:click=move |_| creating.set(true)>
                            {format!("Create {}", in_sentence(description.singular))}
                        </button>
                    })}
                </div>
            }
            .into_any()
        }
    }
}
