//! One module per screen.

mod password_config;
mod profiles;

pub use password_config::PasswordConfigPage;
pub use profiles::ProfilesPage;
