//! "Save as…": the system's save dialog, then the write the caller names. The dialog itself
//! asks before a file that exists is replaced (GTK's, like macOS's and Windows', confirms it),
//! so only a file chosen that way is replaced; one that appears after the dialog closed is
//! never written over.

use std::future::Future;

use gatehouse_wire::{ApiError, FilePurpose, SavedFile};
use leptos::prelude::*;

use crate::api;
use crate::components::ErrorPanel;
use crate::state::Toasts;

#[component]
pub fn SaveAs<Write, Written>(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// The name the dialog suggests.
    #[prop(into)]
    suggested_name: String,
    /// Writes to the file the grant names; over an existing file only when told to replace it.
    write: Write,
) -> impl IntoView
where
    Write: Fn(String, bool) -> Written + Clone + 'static,
    Written: Future<Output = Result<SavedFile, ApiError>> + 'static,
{
    let toasts = expect_context::<Toasts>();
    let suggested_name = StoredValue::new(suggested_name);
    let error = RwSignal::new(None::<ApiError>);
    let save = Action::new_local(move |_: &()| {
        let write = write.clone();
        async move {
            let suggested = suggested_name.get_value();
            let saved = match api::choose_file(FilePurpose::Save, Some(&suggested)).await {
                // Replacing a file that was there is what the dialog asked about.
                Ok(Some(file)) => write(file.grant, file.exists).await,
                Ok(None) => return,
                Err(failure) => Err(failure),
            };
            match saved {
                Ok(saved) => {
                    error.set(None);
                    toasts.show(format!("Saved {} bytes to {}", saved.bytes, saved.path));
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });

    view! {
        <div class="save-as">
            <button id=id disabled=move || save.pending().get() on:click=move |_| { save.dispatch(()); }>
                {label}
            </button>
            <ErrorPanel error />
        </div>
    }
}

/// A name safe in a file name: letters, digits, dots, dashes and underscores, the rest dashes.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    match stem.trim_matches('-') {
        "" => "file".to_owned(),
        stem => stem.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn a_name_becomes_a_safe_file_stem() {
        assert_eq!(file_stem("Edge (EU) / prod"), "Edge--EU----prod");
        assert_eq!(file_stem("   "), "file");
        assert_eq!(file_stem("gw_1.a"), "gw_1.a");
    }
}
