//! A resource's objects as a table: columns from the description, search and sort in the app,
//! and only the rows in view rendered, so ten thousand objects scroll like ten.

use std::sync::Arc;

use gatehouse_wire::ResourceDescription;
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use super::ordering::{Direction, Narrowing, Orders};
use super::row::Row;
use crate::api::Target;
use crate::state::Toasts;

/// Must equal the height of `tr.resource-row` in styles.css: the window of rendered rows is
/// computed from it.
const ROW_HEIGHT: f64 = 36.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps. Every
/// rendered row is rewritten by a search or a sort: more of them cost each keystroke.
const OVERSCAN: usize = 5;
/// What the page holds above and below the scroll area (`.table-scroll`'s max-height in
/// styles.css is the window's height less this). With the desktop's 14 px sans-serif the page
/// around a list measures 241 px (top bar, heading, toolbar, count, padding); the rest is room
/// for a font with taller lines, so the page itself never scrolls beside its table.
const PAGE_AROUND_TABLE: f64 = 250.0;
/// The smallest scroll area the first window of rows is computed for.
const MIN_VIEWPORT: f64 = 360.0;

/// The scroll area's height until it is first measured: from the window's height, which
/// needs no layout (measuring the area itself would force one before the first paint).
fn first_viewport() -> f64 {
    let window_height = window()
        .inner_height()
        .ok()
        .and_then(|height| height.as_f64())
        .unwrap_or(900.0);
    (window_height - PAGE_AROUND_TABLE).max(MIN_VIEWPORT)
}

/// What the administrator did to a list that outlives its rows: the sort and how far it is
/// scrolled. The list page owns it, so a refresh or a save that loads the rows again keeps both.
#[derive(Clone, Copy)]
pub struct TableView {
    sort: RwSignal<Option<(usize, Direction)>>,
    scroll_top: RwSignal<f64>,
}

impl TableView {
    pub fn new() -> Self {
        Self {
            sort: RwSignal::new(None),
            scroll_top: RwSignal::new(0.0),
        }
    }
}

#[component]
pub fn ResourceTable(
    description: &'static ResourceDescription,
    /// Where the rows live: a row leads to its object's page there.
    target: Target,
    rows: Arc<[Row]>,
    /// What the search box holds; matched against every column.
    #[prop(into)]
    search: Signal<String>,
    /// `performance.now()` when the rows' data reached the page, stamped on the table for
    /// the benchmark's "first rows after the data arrives".
    arrived_at: f64,
    kept: TableView,
) -> impl IntoView {
    let total = rows.len();
    let target = StoredValue::new(target);
    let rows = StoredValue::new(rows);
    let TableView { sort, scroll_top } = kept;
    let orders = StoredValue::new(Orders::new(description.columns.len()));
    // Sorting depends on the sort only; searching filters the sorted order, so a keystroke
    // never sorts again.
    let order = Memo::new(move |_| match sort.get() {
        None => (0..total).collect::<Vec<_>>(),
        Some((column, direction)) => rows.with_value(|rows| {
            orders
                .try_update_value(|orders| orders.by(rows, column, direction))
                .unwrap_or_default()
        }),
    });
    let narrowing = StoredValue::new(Narrowing::default());
    let visible = Memo::new(move |_| {
        let needle = search.get().trim().to_lowercase();
        order.with(|order| {
            if needle.is_empty() {
                return order.clone();
            }
            let sorted_by = sort.get_untracked();
            rows.with_value(|rows| {
                narrowing
                    .try_update_value(|narrowing| {
                        narrowing.matches(rows, order, sorted_by, &needle)
                    })
                    .unwrap_or_default()
            })
        })
    });

    let scroller = NodeRef::<html::Div>::new();
    let viewport = RwSignal::new(first_viewport());
    // Rows loaded again appear where the administrator had scrolled to.
    Effect::new(move |_| {
        if let Some(scroller) = scroller.get() {
            scroller.set_scroll_top(scroll_top.get_untracked() as i32);
        }
    });
    let window = Memo::new(move |_| {
        let count = visible.with(Vec::len);
        let (start, end) = rendered_rows(scroll_top.get(), viewport.get(), count);
        (start, end, count)
    });
    let in_view = Memo::new(move |_| {
        let (start, end, _) = window.get();
        visible.with(|visible| visible[start..end].to_vec())
    });
    // As many row elements as a full window of rows, or every row of a short list: they stay
    // in the page whatever the search, and a slot without an object is hidden, so a keystroke
    // rewrites and hides rows instead of building and dropping them.
    let slots = Memo::new(move |_| rendered_rows(0.0, viewport.get(), total).1);
    let on_scroll = move |_| {
        if let Some(scroller) = scroller.get() {
            scroll_top.set(f64::from(scroller.scroll_top()));
            viewport.set(f64::from(scroller.client_height()));
        }
    };

    // The object whose row has keyboard focus. Rows are slots: when a scroll, search or sort
    // moves that object to another slot, the focus follows it, and it leaves the rows when the
    // object is no longer rendered, so Enter never opens an object the user did not pick.
    let focused = StoredValue::new(None::<usize>);
    Effect::new(move |_| {
        let slot = in_view.with(|in_view| {
            let object = focused.get_value()?;
            Some(in_view.iter().position(|&index| index == object))
        });
        if let (Some(slot), Some(scroller)) = (slot, scroller.get_untracked()) {
            follow_focus(&scroller, slot);
        }
    });

    let navigate = use_navigate();
    let toasts = expect_context::<Toasts>();
    // The rendered rows are slots, each showing whichever object is at its place in the view:
    // a search, a sort or a scroll rewrites their text instead of building rows anew. One
    // effect per slot writes its row, not one reactive node per cell: a keystroke would wake
    // hundreds of those.
    let slot_view = move |slot: usize| {
        let index = Memo::new(move |_| in_view.with(|in_view| in_view.get(slot).copied()));
        let row_ref = NodeRef::<html::Tr>::new();
        // Returns the index it wrote, so the next run knows what the row already shows.
        Effect::new(move |shown: Option<Option<usize>>| {
            let element = row_ref.get()?;
            let shown = shown.flatten();
            let Some(index) = index.get() else {
                hide(&element);
                return None;
            };
            rows.with_value(|rows| show(&element, &rows[index], shown.map(|shown| &rows[shown])));
            Some(index)
        });
        let route = move || target.with_value(|target| target.object_route(&index_id(rows, index)));
        let (open, open_by_key) = (navigate.clone(), navigate.clone());
        view! {
            <tr
                class="resource-row"
                node_ref=row_ref
                tabindex="0"
                on:focus=move |_| focused.set_value(index.get_untracked())
                on:blur=move |_| focused.set_value(None)
                on:click=move |_| open(&route(), Default::default())
                on:keydown=move |event| {
                    if event.key() == "Enter" {
                        open_by_key(&route(), Default::default());
                    }
                }
            >
                {(0..description.columns.len()).map(|_| view! { <td></td> }).collect_view()}
                <td class="row-tools">
                    <button
                        class="copy-id"
                        title="Copy id"
                        on:click=move |event| {
                            event.stop_propagation();
                            copy_to_clipboard(index_id(rows, index), toasts);
                        }
                    >
                        "Copy id"
                    </button>
                </td>
            </tr>
        }
    };

    // Every column shares the width; the last one holds the row's tools.
    let columns = format!(
        "--columns: repeat({}, minmax(0, 1fr)) 92px",
        description.columns.len()
    );
    view! {
        <p id="row-count" class="row-count">
            {move || format!("{} of {total}", visible.with(Vec::len))}
        </p>
        <div class="table-scroll" node_ref=scroller on:scroll=on_scroll>
            <table
                id="resource-table"
                class="resource-table"
                style=columns
                data-arrived-at=arrived_at.to_string()
            >
                <thead>
                    <tr>
                        {description
                            .columns
                            .iter()
                            .enumerate()
                            .map(|(column, name)| view! { <SortHeader description column name sort /> })
                            .collect_view()}
                        <th class="row-tools"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody on:mouseover=title_if_cut_short>
                    <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", window.get().0 as f64 * ROW_HEIGHT)></tr>
                    <For each=move || 0..slots.get() key=|slot| *slot children=slot_view />
                    <tr class="spacer" aria-hidden="true" style:height=move || {
                        let (_, end, count) = window.get();
                        format!("{}px", (count - end) as f64 * ROW_HEIGHT)
                    }></tr>
                    <Show when=move || visible.with(Vec::is_empty)>
                        <tr class="no-match">
                            <td colspan=description.columns.len() + 1>"Nothing matches the search."</td>
                        </tr>
                    </Show>
                </tbody>
            </table>
        </div>
    }
}

/// Which of `count` rows to render, `start..end`, for a scroll area `viewport` px high scrolled
/// `scroll_top` px down: the rows in view and `OVERSCAN` more on either side.
fn rendered_rows(scroll_top: f64, viewport: f64, count: usize) -> (usize, usize) {
    let start = ((scroll_top / ROW_HEIGHT) as usize)
        .saturating_sub(OVERSCAN)
        .min(count);
    let in_view = (viewport / ROW_HEIGHT).ceil() as usize;
    let end = (start + in_view + 2 * OVERSCAN).min(count);
    (start, end)
}

/// Moves the keyboard focus to the row in `slot`, where the focused object now is, or out of
/// the rows when it is no longer rendered (`None`). Not scrolled into view: the user scrolled.
fn follow_focus(scroller: &web_sys::HtmlDivElement, slot: Option<usize>) {
    let rows = scroller.get_elements_by_class_name("resource-row");
    let target = slot.and_then(|slot| rows.item(slot as u32));
    let active = document().active_element();
    if target.is_some() && target == active {
        return;
    }
    match target.and_then(|row| row.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(row) => {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            // Focusing a row in the page does not fail.
            let _ = row.focus_with_options(&options);
        }
        None => {
            if let Some(row) = active
                .filter(|active| active.class_list().contains("resource-row"))
                .and_then(|active| active.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = row.blur();
            }
        }
    }
}

/// Writes `row` into a rendered row that `shown` was in: its id, the copy button's label, and
/// the cells whose text differs. A cell's text node is rewritten in place; what is written
/// is what the next frame repaints, so less of it keeps a keystroke within one frame.
fn show(element: &web_sys::HtmlTableRowElement, row: &Row, shown: Option<&Row>) {
    if shown.is_none() {
        element.set_hidden(false);
    }
    if shown.is_none_or(|shown| shown.id != row.id) {
        // Setting an attribute of an element in the page does not fail.
        let _ = element.set_attribute("data-id", &row.id);
        if let Some(button) = copy_button(element) {
            let _ = button.set_attribute("aria-label", &format!("Copy id {}", row.id));
        }
    }
    let cells = element.cells();
    for (column, text) in row.cells.iter().enumerate() {
        if shown.is_some_and(|shown| shown.cells[column] == *text) {
            continue;
        }
        if let Some(cell) = cells.item(column as u32) {
            match text_node(&cell) {
                Some(text_node) => text_node.set_node_value(Some(text)),
                None => cell.set_text_content(Some(text)),
            }
        }
    }
}

/// Hides a rendered row that no object is in, and empties it: neither a selector nor the
/// page's text finds the object it last showed. The next object it shows is written whole.
fn hide(element: &web_sys::HtmlTableRowElement) {
    element.set_hidden(true);
    let _ = element.remove_attribute("data-id");
    if let Some(button) = copy_button(element) {
        let _ = button.remove_attribute("aria-label");
    }
    let cells = element.cells();
    // Every cell but the last, which holds the row's tools.
    for column in 0..cells.length().saturating_sub(1) {
        if let Some(cell) = cells.item(column) {
            // A tooltip given on hover holds the cell's text too.
            let _ = cell.remove_attribute("title");
            if let Some(text_node) = text_node(&cell) {
                text_node.set_node_value(Some(""));
            }
        }
    }
}

/// The copy button in the last cell of a rendered row.
fn copy_button(element: &web_sys::HtmlTableRowElement) -> Option<web_sys::Element> {
    element
        .last_element_child()
        .and_then(|tools| tools.first_element_child())
}

/// A cell's text node, once written: until then the cell is empty, or holds the framework's
/// placeholder comment in a debug build.
fn text_node(cell: &web_sys::Element) -> Option<web_sys::Node> {
    cell.first_child()
        .filter(|child| child.node_type() == web_sys::Node::TEXT_NODE)
}

/// Gives the cell under the pointer its text as a tooltip when the text is cut short: set on
/// hover rather than with every row written, which would double a keystroke's writes.
fn title_if_cut_short(event: web_sys::MouseEvent) {
    let Some(cell) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| {
            element
                .closest("tr.resource-row > td:not(.row-tools)")
                .ok()
                .flatten()
        })
    else {
        return;
    };
    if cell.scroll_width() > cell.client_width() {
        let _ = cell.set_attribute("title", &cell.text_content().unwrap_or_default());
    } else {
        let _ = cell.remove_attribute("title");
    }
}

/// The id of the object a slot shows now, read when the row is used rather than rendered.
fn index_id(rows: StoredValue<Arc<[Row]>>, index: Memo<Option<usize>>) -> String {
    index
        .get_untracked()
        .map(|index| rows.with_value(|rows| rows[index].id.clone()))
        .unwrap_or_default()
}

/// A column header whose button sorts by the column, ascending first, then toggling.
#[component]
fn SortHeader(
    description: &'static ResourceDescription,
    column: usize,
    name: &'static str,
    sort: RwSignal<Option<(usize, Direction)>>,
) -> impl IntoView {
    let label = description.field(name).map_or(name, |field| field.label);
    let direction = move || {
        sort.get()
            .filter(|(sorted, _)| *sorted == column)
            .map(|(_, d)| d)
    };
    let toggle = move |_| {
        let next = match direction() {
            Some(Direction::Ascending) => Direction::Descending,
            _ => Direction::Ascending,
        };
        sort.set(Some((column, next)));
    };
    view! {
        <th
            data-column=name
            aria-sort=move || match direction() {
                Some(Direction::Ascending) => "ascending",
                Some(Direction::Descending) => "descending",
                None => "none",
            }
        >
            <button class="sort" on:click=toggle>
                {label}
                <span class="sort-mark" aria-hidden="true">
                    {move || match direction() {
                        Some(Direction::Ascending) => "▲",
                        Some(Direction::Descending) => "▼",
                        None => "",
                    }}
                </span>
            </button>
        </th>
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// Ids are not secret, so the page writes them to the clipboard itself.
    #[wasm_bindgen(js_namespace = ["navigator", "clipboard"], js_name = writeText, catch)]
    fn write_text(text: &str) -> Result<js_sys::Promise, wasm_bindgen::JsValue>;
}

fn copy_to_clipboard(text: String, toasts: Toasts) {
    leptos::task::spawn_local(async move {
        let written = match write_text(&text) {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
            Err(_) => false,
        };
        toasts.show(if written {
            format!("Copied {text}")
        } else {
            "The clipboard is not available".to_owned()
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_in_view_and_a_few_around_them_are_rendered() {
        // 580 px shows 17 rows of 36 px (the last in part).
        assert_eq!(rendered_rows(0.0, 580.0, 10_000), (0, 17 + 2 * OVERSCAN));
        // Scrolled to row 100: from OVERSCAN rows above it.
        let (start, end) = rendered_rows(100.0 * ROW_HEIGHT, 580.0, 10_000);
        assert_eq!(
            (start, end),
            (100 - OVERSCAN, 100 - OVERSCAN + 17 + 2 * OVERSCAN)
        );
        // Never past the end, and nothing of an empty list.
        assert_eq!(rendered_rows(0.0, 580.0, 3), (0, 3));
        assert_eq!(rendered_rows(9_999.0 * ROW_HEIGHT, 580.0, 10_000).1, 10_000);
        assert_eq!(rendered_rows(500.0, 580.0, 0), (0, 0));
    }

    #[test]
    fn a_search_or_sort_rewrites_few_rows_in_a_window_of_usual_height() {
        // Every rendered row is rewritten by a keystroke: the app's window as it opens
        // (800 px high, tauri.conf.json) renders 26 of them.
        let (start, end) = rendered_rows(0.0, 800.0 - PAGE_AROUND_TABLE, 10_000);
        assert_eq!(end - start, 26);
    }
}
