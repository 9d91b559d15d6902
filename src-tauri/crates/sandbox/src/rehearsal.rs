//! A sandbox seeded from an export: a copy of the exported tenant to rehearse a restore plan
//! on with the same screens and commands before it touches the real one.

use gatehouse_configfiles::system_export::SYSTEM_EXPORT;
use gatehouse_configfiles::{is_placeholder, Export};
use gatehouse_wire::catalog::{resource, RESOURCES};
use serde_json::Value;

use crate::state::State;

/// Replaces what the sandbox holds of the export's vendor with the export's objects. A secret
/// the export holds only as a placeholder gets a new random value, as the vendor would give;
/// the system export is not stored but made from the objects, so it is not read back.
pub fn seed_from_export(state: &mut State, export: &Export) {
    let vendor = export.manifest.vendor;
    let exported_vendor = || {
        RESOURCES.iter().copied().filter(move |description| {
            description.vendor == vendor && description.alias_of.is_none()
        })
    };
    for description in exported_vendor() {
        if description.is_singleton() {
            state.store.remove_singleton(description.collection());
        } else {
            state.store.items(description.collection()).clear();
        }
    }
    for (key, objects) in &export.resources {
        let Some(description) = resource(key).filter(|description| {
            key != SYSTEM_EXPORT && description.vendor == vendor && description.alias_of.is_none()
        }) else {
            continue;
        };
        for object in objects {
            let Value::Object(mut object) = object.clone() else {
                continue;
            };
            for field in description.secret_fields() {
                if object.get(field.name).is_some_and(is_placeholder) {
                    let secret = state.random_hex(crate::dialect::of(vendor).secret_bytes());
                    object.insert(field.name.to_owned(), Value::String(secret));
                }
            }
            if description.is_singleton() {
                state.store.set_singleton(description.collection(), object);
            } else {
                state.store.items(description.collection()).push(object);
            }
        }
    }
}
