//! The frame around every page: top bar, sidebar, and the dialog guarding unsaved edits.

mod header;
mod nav;
mod unsaved_dialog;

pub use header::Header;
pub use nav::{NavLink, Sidebar};
pub use unsaved_dialog::UnsavedDialog;
