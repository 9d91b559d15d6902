//! Pieces several pages use.

mod conflict;
mod connection_select;
mod delete_dialog;
mod dialog;
mod display;
mod error_panel;
mod file_problem;
mod filters;
mod ordering;
mod review;
mod row;
mod save_as;
mod secret_dialog;
mod table;

pub use conflict::ConflictPanel;
pub use connection_select::{chosen_connection, ConnectionSelect};
pub use delete_dialog::DeleteDialog;
pub use dialog::Modal;
pub use display::{display_value, in_sentence};
pub use error_panel::{ErrorPanel, LoadFailed};
pub use file_problem::ProfileFileBanner;
pub use filters::{FilterBar, FilterInputs};
pub use review::ReviewPanel;
pub use row::Row;
pub use save_as::{file_stem, SaveAs};
pub use secret_dialog::SecretDialog;
pub use table::{ResourceTable, TableView};
