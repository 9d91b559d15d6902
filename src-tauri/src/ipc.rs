//! The window's commands, made from `gatehouse_wire::with_commands!`: for every entry a Tauri
//! command of that name taking the entry's request as its one argument, `request`, answering
//! the entry's answer, and forwarding to the handler of the same name in [`crate::commands`].
//! A handler that is missing, takes another request or answers otherwise does not compile.
//!
//! Every command is `async`: Tauri runs a synchronous command on the window's main thread,
//! where there is no Tokio runtime and a panic cannot unwind, so one mistake there would abort
//! the app with whatever the administrator had on screen.

macro_rules! ipc_commands {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident($request:ident { $($field:ident: $type:ty),* $(,)? }) -> $answer:ty;
    )*) => {
        $(
            #[tauri::command]
            async fn $name(
                shell: tauri::AppHandle,
                request: gatehouse_wire::commands::$request,
            ) -> Result<$answer, gatehouse_wire::ApiError> {
                crate::commands::$name(&shell, request).await
            }
        )*

        /// Dispatches an IPC call to the command it names.
        pub(crate) fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

gatehouse_wire::with_commands!(ipc_commands);
