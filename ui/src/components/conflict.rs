//! The object changed on the server after it was opened: nothing was sent, and the three
//! versions are shown side by side so nobody's change is overwritten unseen.

use gatehouse_wire::Conflict;
use leptos::prelude::*;

use crate::components::display_value;

#[component]
pub fn ConflictPanel(
    conflict: Conflict,
    on_rebase: impl Fn() + 'static,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <section id="conflict" class="review conflict" role="alert">
            <h2>"Someone changed this while you were editing"</h2>
            <p>
                "Nothing was sent. Compare the versions; applying your changes onto the server's \
                 version keeps everything else the server has, and you review again before sending."
            </p>
            <table class="conflicts">
                <thead>
                    <tr>
                        <th>"Field"</th>
                        <th>"When you opened it"</th>
                        <th>"Yours"</th>
                        <th>"On the server now"</th>
                    </tr>
                </thead>
                <tbody>
                    {conflict
                        .fields
                        .into_iter()
                        .map(|field| {
                            let mine_changed = field.mine != field.base;
                            let server_changed = field.server != field.base;
                            view! {
                                <tr class="conflict-row" data-field=field.field>
                                    <td>{field.label}</td>
                                    <td>{display_value(&field.base)}</td>
                                    <td class:changed=mine_changed>{display_value(&field.mine)}</td>
                                    <td class:changed=server_changed>{display_value(&field.server)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <div class="actions">
                <button id="rebase-button" class="primary" autofocus on:click=move |_| on_rebase()>
                    "Apply my changes to the server's version"
                </button>
                <button id="cancel-conflict" class="secondary" on:click=move |_| on_cancel()>
                    "Back to editing"
                </button>
            </div>
        </section>
    }
}
