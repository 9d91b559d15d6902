//! The application: shared contexts, the frame, and one route per kind of page. Every
//! resource is served by the same routes; what differs comes from its description.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

use crate::components::{ErrorPanel, ProfileFileBanner};
use crate::pages::{ComparePage, ExportPage, ObjectRoute, ProfilesPage, ResourceRoute};
use crate::shell::{Header, Sidebar, UnsavedDialog};
use crate::state::{
    apply_stored_theme, ExportSetup, NewSecret, NewSecretHost, Ready, Session, Toaster, Toasts,
    UnsavedGuard,
};

#[component]
pub fn App() -> impl IntoView {
    apply_stored_theme();
    let session = Session::new();
    let guard = UnsavedGuard::new();
    let ready = Ready::new();
    provide_context(session);
    provide_context(guard);
    provide_context(Toasts::new());
    provide_context(NewSecret::new());
    provide_context(ExportSetup::new());
    provide_context(ready);
    guard.guard_window_close();
    let load_error = Signal::derive(move || session.load_error());
    Effect::new(move |_| {
        if load_error.get().is_some() {
            ready.give_up_waiting();
        }
    });
    // index.html's start-up frame stays until the app is shown, and goes in the same turn.
    Effect::new(move |_| {
        if ready.shown() {
            if let Some(boot) = document().get_element_by_id("boot") {
                boot.remove();
            }
        }
    });

    view! {
        <div id="app" style:display=move || if ready.shown() { "contents" } else { "none" }>
        <Router>
            <Header />
            <div class="layout">
                <Sidebar />
                <main class="content" data-ready=move || ready.is_ready().then_some("true")>
                    <ErrorPanel error=load_error />
                    <ErrorPanel error=session.switch_error />
                    <ProfileFileBanner />
                    <Pages>
                        <Routes fallback=|| view! { <NotFound /> }>
                            <Route path=path!("/") view=Home />
                            <Route path=path!("/connections") view=ProfilesPage />
                            <Route path=path!("/export") view=ExportPage />
                            <Route path=path!("/compare") view=ComparePage />
                            <Route path=path!("/r/:key") view=ResourceRoute />
                            // Before `:id`: the first matching route wins.
                            <Route path=path!("/r/:key/new") view=ObjectRoute />
                            <Route path=path!("/r/:key/:id") view=ObjectRoute />
                            // Within a parent's object: `/r/servers/{aid}/clients/...`.
                            <Route path=path!("/r/:parent/:scope/:key") view=ResourceRoute />
                            <Route path=path!("/r/:parent/:scope/:key/new") view=ObjectRoute />
                            <Route path=path!("/r/:parent/:scope/:key/:id") view=ObjectRoute />
                        </Routes>
                    </Pages>
                </main>
            </div>
            <UnsavedDialog />
            <NewSecretHost />
            <Toaster />
        </Router>
        </div>
    }
}

/// The routes, once the connections are known (pages key their data on the active one). The
/// window opens at `/`: it starts at the active connection's first screen directly, rather than
/// building the start page only for it to redirect there.
#[component]
fn Pages(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    let pathname = use_location().pathname;
    let navigate = use_navigate();
    let started = RwSignal::new(false);
    Effect::new(move |_| {
        if session.loaded() && !started.get_untracked() {
            if pathname.with_untracked(|path| path == "/") {
                navigate(&session.home_route(), replace());
            }
            started.set(true);
        }
    });
    view! {
        <Show
            when=move || started.get()
            fallback=|| view! { <p class="muted loading">"Loading connections…"</p> }
        >
            {children()}
        </Show>
    }
}

/// `/` after start-up (the brand link): the active connection's first screen, or the
/// connections when there is none.
#[component]
fn Home() -> impl IntoView {
    let session = expect_context::<Session>();
    view! { <Redirect path=session.home_route() options=replace() /> }
}

/// A navigation that replaces the current entry, so Back does not lead to a redirect.
fn replace() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..Default::default()
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section id="page-not-found" class="page">
            <h1>"Nothing here"</h1>
            <p class="muted">"This page does not exist, or the active connection has no such screen."</p>
            <a href="/">"Go to the start page"</a>
        </section>
    }
}
