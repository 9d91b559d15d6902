//! The connection form: a new or edited profile, its secret typed here once and sent to the
//! OS keychain (or, when there is none and the user agrees, this run's memory).

use gatehouse_wire::{
    ApiError, ErrorKind, FieldError, Profile, ProfileInput, SecretStorage, Vendor,
};
use leptos::prelude::*;

use crate::api;
use crate::components::ErrorPanel;
use crate::state::Session;

/// The profile form's text, as typed.
#[derive(Clone, Default, PartialEq)]
pub struct Draft {
    id: Option<String>,
    name: String,
    vendor: Option<Vendor>,
    base_url: String,
    client_id: String,
    client_secret: String,
    tenant_id: String,
    admin_token_url: String,
    system_token_url: String,
    ca_certificate_pem: String,
    /// Cloudentity's developer-portal client, through which a developer signs in.
    developer_client_id: String,
    remember_developer_sign_in: bool,
    /// The token host other than the base URL's that the administrator ticked as confirmed.
    confirmed_token_host: Option<String>,
}

impl Draft {
    pub fn from_profile(profile: &Profile) -> Self {
        Self {
            id: Some(profile.id.clone()),
            name: profile.name.clone(),
            vendor: Some(profile.vendor),
            base_url: profile.base_url.clone(),
            client_id: profile.client_id.clone(),
            client_secret: String::new(),
            tenant_id: profile.tenant_id.clone().unwrap_or_default(),
            admin_token_url: profile.admin_token_url.clone().unwrap_or_default(),
            system_token_url: profile.system_token_url.clone().unwrap_or_default(),
            ca_certificate_pem: profile.ca_certificate_pem.clone().unwrap_or_default(),
            developer_client_id: profile.developer_client_id.clone().unwrap_or_default(),
            remember_developer_sign_in: profile.remember_developer_sign_in,
            // A saved profile's token host was confirmed when it was saved.
            confirmed_token_host: profile.other_token_host(),
        }
    }

    fn profile(&self) -> Profile {
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|text| !text.is_empty());
        let id = self
            .id
            .clone()
            .unwrap_or_else(|| format!("user-{}", js_sys::Date::now() as u64));
        Profile {
            id,
            name: self.name.clone(),
            vendor: self.vendor.unwrap_or(Vendor::SailPoint),
            base_url: self.base_url.clone(),
            client_id: self.client_id.clone(),
            tenant_id: optional(&self.tenant_id),
            admin_token_url: optional(&self.admin_token_url),
            system_token_url: optional(&self.system_token_url),
            ca_certificate_pem: optional(&self.ca_certificate_pem),
            developer_client_id: optional(&self.developer_client_id),
            remember_developer_sign_in: self.remember_developer_sign_in,
        }
    }

    /// The token host to confirm, while the confirmation still names it (an edit of the URL
    /// to yet another host asks again).
    fn confirmation(&self) -> Option<String> {
        let host = self.profile().other_token_host()?;
        (self.confirmed_token_host.as_deref() == Some(host.as_str())).then_some(host)
    }

    fn input(&self, storage: SecretStorage) -> ProfileInput {
        ProfileInput {
            profile: self.profile(),
            client_secret: Some(self.client_secret.trim().to_owned())
                .filter(|secret| !secret.is_empty()),
            storage,
            confirm_token_host: self.confirmation(),
        }
    }
}

#[component]
pub fn ProfileForm(draft: RwSignal<Option<Draft>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let keychain_unavailable = RwSignal::new(false);

    let text = move |read: fn(&Draft) -> &String| {
        move || draft.with(|draft| draft.as_ref().map(|d| read(d).clone()).unwrap_or_default())
    };
    let edit = move |write: fn(&mut Draft, String)| {
        move |event: leptos::ev::Event| {
            let value = event_target_value(&event);
            draft.update(|draft| {
                if let Some(draft) = draft {
                    write(draft, value);
                }
            });
        }
    };
    let error_for = move |field: &'static str| {
        move || {
            field_errors.with(|errors| {
                errors
                    .iter()
                    .find(|error| error.field == field)
                    .map(|error| view! { <p class="field-error" id=format!("error-profile-{field}")>{error.message.clone()}</p> })
            })
        }
    };
    let vendor = move || {
        draft.with(|d| {
            d.as_ref()
                .and_then(|d| d.vendor)
                .unwrap_or(Vendor::SailPoint)
        })
    };
    let editing_existing = move || draft.with(|d| d.as_ref().is_some_and(|d| d.id.is_some()));
    let other_token_host =
        move || draft.with(|d| d.as_ref().and_then(|d| d.profile().other_token_host()));

    let save_action = Action::new_local(move |storage: &SecretStorage| {
        let input = draft.get_untracked().map(|current| current.input(*storage));
        async move {
            let Some(input) = input else { return };
            match api::save_profile(&input).await {
                Ok(_) => {
                    // The secret leaves the page with the draft.
                    draft.set(None);
                    session.reload();
                }
                Err(failure) => {
                    keychain_unavailable.set(failure.kind == ErrorKind::KeychainUnavailable);
                    field_errors.set(failure.details.field_errors.clone());
                    if failure.kind != ErrorKind::KeychainUnavailable {
                        error.set(Some(failure));
                    }
                }
            }
        }
    });
    let save = move |storage: SecretStorage| {
        save_action.dispatch(storage);
    };
    let saving = save_action.pending();

    view! {
        <form class="profile-form" on:submit=|event| event.prevent_default() autocomplete="off">
            <h2>{move || if editing_existing() { "Edit connection" } else { "Add connection" }}</h2>
            <ErrorPanel error />
            <div class="field">
                <label for="profile-name">"Name"</label>
                <input id="profile-name" prop:value=text(|d| &d.name) on:input=edit(|d, v| d.name = v) />
                {error_for("name")}
            </div>
            <div class="field">
                <label for="profile-vendor">"Vendor"</label>
                <select
                    id="profile-vendor"
                    on:change=move |event| {
                        let chosen = match event_target_value(&event).as_str() {
                            "cloudentity" => Vendor::Cloudentity,
                            _ => Vendor::SailPoint,
                        };
                        draft.update(|d| if let Some(d) = d { d.vendor = Some(chosen) });
                    }
                >
                    <option value="sail_point" selected=move || vendor() == Vendor::SailPoint>"SailPoint Identity Security Cloud"</option>
                    <option value="cloudentity" selected=move || vendor() == Vendor::Cloudentity>"Cloudentity ACP"</option>
                </select>
            </div>
            <div class="field">
                <label for="profile-base-url">"Base URL"</label>
                <input
                    id="profile-base-url"
                    placeholder=move || match vendor() {
                        Vendor::SailPoint => "https://acme.api.identitynow.com",
                        Vendor::Cloudentity => "https://acme.us.authz.cloudentity.io",
                    }
                    prop:value=text(|d| &d.base_url)
                    on:input=edit(|d, v| d.base_url = v)
                />
                {error_for("base_url")}
            </div>
            <Show when=move || vendor() == Vendor::Cloudentity>
                <div class="field">
                    <label for="profile-tenant-id">"Tenant id"</label>
                    <input id="profile-tenant-id" prop:value=text(|d| &d.tenant_id) on:input=edit(|d, v| d.tenant_id = v) />
                    {error_for("tenant_id")}
                </div>
            </Show>
            <div class="field">
                <label for="profile-client-id">"Client id"</label>
                <input id="profile-client-id" prop:value=text(|d| &d.client_id) on:input=edit(|d, v| d.client_id = v) />
                {error_for("client_id")}
            </div>
            <div class="field">
                <label for="profile-client-secret">"Client secret"</label>
                <input
                    id="profile-client-secret"
                    type="password"
                    autocomplete="off"
                    placeholder=move || if editing_existing() { "Leave empty to keep the stored secret" } else { "Stored in the system keychain" }
                    prop:value=text(|d| &d.client_secret)
                    on:input=edit(|d, v| d.client_secret = v)
                />
                {error_for("client_secret")}
            </div>
            <Show when=move || vendor() == Vendor::Cloudentity>
                <div class="field">
                    <label for="profile-admin-token-url">"Admin token endpoint"</label>
                    <input id="profile-admin-token-url" placeholder="{base}/{tid}/admin/oauth2/token" prop:value=text(|d| &d.admin_token_url) on:input=edit(|d, v| d.admin_token_url = v) />
                    {error_for("admin_token_url")}
                </div>
                <div class="field">
                    <label for="profile-system-token-url">"System token endpoint"</label>
                    <input id="profile-system-token-url" placeholder="{base}/system/system/oauth2/token" prop:value=text(|d| &d.system_token_url) on:input=edit(|d, v| d.system_token_url = v) />
                    {error_for("system_token_url")}
                </div>
                <div class="field">
                    <label for="profile-developer-client-id">"Developer portal client (optional)"</label>
                    <input id="profile-developer-client-id" placeholder="The public client developers sign in through" prop:value=text(|d| &d.developer_client_id) on:input=edit(|d, v| d.developer_client_id = v) />
                    {error_for("developer_client_id")}
                    <span class="choice-label">
                        <input
                            id="profile-remember-developer-sign-in"
                            type="checkbox"
                            prop:checked=move || draft.with(|d| d.as_ref().is_some_and(|d| d.remember_developer_sign_in))
                            on:change=move |event| {
                                let on = event_target_checked(&event);
                                draft.update(|d| if let Some(d) = d { d.remember_developer_sign_in = on });
                            }
                        />
                        "Remember a developer's sign-in (its refresh token goes to the system keychain)"
                    </span>
                </div>
                {move || other_token_host().map(|host| {
                    let confirmed = host.clone();
                    let checked = move || draft.with(|d| d.as_ref().is_some_and(|d| d.confirmed_token_host.as_deref() == Some(confirmed.as_str())));
                    let ticked = host.clone();
                    view! {
                        <div class="field" id="confirm-token-host">
                            <label for="profile-confirm-token-host">"Token endpoint elsewhere"</label>
                            <span class="choice-label">
                                <input
                                    id="profile-confirm-token-host"
                                    type="checkbox"
                                    prop:checked=checked
                                    on:change=move |event| {
                                        let on = event_target_checked(&event);
                                        let host = ticked.clone();
                                        draft.update(|d| if let Some(d) = d { d.confirmed_token_host = on.then_some(host) });
                                    }
                                />
                                {format!("Send token requests, and with them the client secret, to {host}")}
                            </span>
                            <p class="help">"That is not the base URL's origin (scheme, host and port). Tick this only if your vendor told you to use it."</p>
                        </div>
                    }
                })}
            </Show>
            <div class="field">
                <label for="profile-ca-certificate">"Private CA certificate (optional)"</label>
                <textarea
                    id="profile-ca-certificate"
                    rows="4"
                    spellcheck="false"
                    placeholder="-----BEGIN CERTIFICATE-----  (PEM; trusted in addition to what the system trusts)"
                    prop:value=text(|d| &d.ca_certificate_pem)
                    on:input=edit(|d, v| d.ca_certificate_pem = v)
                ></textarea>
                {error_for("ca_certificate_pem")}
            </div>
            <Show when=move || keychain_unavailable.get()>
                <div id="keychain-unavailable" class="warning" role="alert">
                    <p>
                        "No system keychain is available, so the secret cannot be stored safely on this machine. "
                        "Gatehouse can keep it in memory for this run only: you will have to enter it again after a restart."
                    </p>
                    <button id="keep-for-session" class="primary" on:click=move |_| save(SecretStorage::SessionOnly)>
                        "Keep for this session only"
                    </button>
                </div>
            </Show>
            <div class="actions">
                <button id="save-profile" class="primary" disabled=move || saving.get() on:click=move |_| save(SecretStorage::Keychain)>
                    "Save connection"
                </button>
                <button id="cancel-profile" class="secondary" type="button" on:click=move |_| draft.set(None)>"Cancel"</button>
            </div>
        </form>
    }
}
