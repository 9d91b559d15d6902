//! Every object the sandbox holds, both vendors', kept by the key of the resource whose
//! collection it is (`oauth-clients`, `servers`); a singleton (the password org config, the
//! tenant's settings) is kept apart, as the one object of its resource.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// One stored object, as the vendor answers with it.
pub type Object = Map<String, Value>;

#[derive(Default)]
pub struct Store {
    collections: HashMap<&'static str, Vec<Object>>,
    singletons: HashMap<&'static str, Object>,
}

/// The text of `object`'s `field`, when it has one.
pub fn text<'o>(object: &'o Object, field: &str) -> Option<&'o str> {
    object.get(field).and_then(Value::as_str)
}

impl Store {
    /// The objects of the collection `key`; none while it was never filled.
    pub fn objects(&self, key: &str) -> &[Object] {
        self.collections.get(key).map_or(&[], Vec::as_slice)
    }

    pub fn items(&mut self, key: &'static str) -> &mut Vec<Object> {
        self.collections.entry(key).or_default()
    }

    /// The object of the collection `key` whose `id_field` is `id`.
    pub fn find(&self, key: &str, id_field: &str, id: &str) -> Option<&Object> {
        self.objects(key)
            .iter()
            .find(|object| text(object, id_field) == Some(id))
    }

    pub fn find_mut(&mut self, key: &'static str, id_field: &str, id: &str) -> Option<&mut Object> {
        self.items(key)
            .iter_mut()
            .find(|object| text(object, id_field) == Some(id))
    }

    /// The one object of the resource `key`, once there is one.
    pub fn singleton(&self, key: &str) -> Option<&Object> {
        self.singletons.get(key)
    }

    pub fn set_singleton(&mut self, key: &'static str, object: Object) {
        self.singletons.insert(key, object);
    }

    pub fn remove_singleton(&mut self, key: &str) {
        self.singletons.remove(key);
    }
}
