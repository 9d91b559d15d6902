//! One typed async function per shell command. Failures arrive as the shell's `ApiError`.

use gatehouse_wire::{
    ApiError, ChangePreview, ConnectionReport, ErrorKind, PasswordOrgConfig, ProfileInput,
    ProfileView,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `withGlobalTauri` exposes the IPC entry point here.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(command: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

async fn invoke<T: DeserializeOwned>(command: &str, args: impl Serialize) -> Result<T, ApiError> {
    let unexpected = |message: String| ApiError::new(ErrorKind::Unexpected, message);
    // JSON-compatible: maps become plain objects and `None` becomes `null`, as serde_json would.
    let args = args
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| unexpected(error.to_string()))?;
    match tauri_invoke(command, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value).map_err(|error| {
            unexpected(format!(
                "{command} answered in an unexpected shape: {error}"
            ))
        }),
        Err(error) => Err(
            serde_wasm_bindgen::from_value(error.clone()).unwrap_or_else(|_| {
                unexpected(error.as_string().unwrap_or_else(|| format!("{error:?}")))
            }),
        ),
    }
}

pub async fn list_profiles() -> Result<Vec<ProfileView>, ApiError> {
    invoke("list_profiles", json!({})).await
}

pub async fn save_profile(input: &ProfileInput) -> Result<ProfileView, ApiError> {
    invoke("save_profile", json!({ "input": input })).await
}

pub async fn delete_profile(id: &str) -> Result<(), ApiError> {
    invoke("delete_profile", json!({ "id": id })).await
}

pub async fn select_profile(id: &str) -> Result<ProfileView, ApiError> {
    invoke("select_profile", json!({ "id": id })).await
}

pub async fn test_connection(id: &str) -> Result<ConnectionReport, ApiError> {
    invoke("test_connection", json!({ "id": id })).await
}

pub async fn get_password_org_config() -> Result<Option<PasswordOrgConfig>, ApiError> {
    invoke("get_password_org_config", json!({})).await
}

pub async fn preview_password_org_config(
    original: Option<&PasswordOrgConfig>,
    edited: &PasswordOrgConfig,
) -> Result<ChangePreview, ApiError> {
    invoke(
        "preview_password_org_config",
        json!({ "original": original, "edited": edited }),
    )
    .await
}

pub async fn save_password_org_config(
    original: Option<&PasswordOrgConfig>,
    edited: &PasswordOrgConfig,
) -> Result<PasswordOrgConfig, ApiError> {
    invoke(
        "save_password_org_config",
        json!({ "original": original, "edited": edited }),
    )
    .await
}
