//! Reading a tenant into a [`Snapshot`]: every resource the walk names, paced, with progress
//! and cancellation; a resource that cannot be read is recorded as a failure, not dropped.

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_client::{ClientError, ResourceClient};
use gatehouse_configfiles::system_export::SYSTEM_EXPORT;
use gatehouse_configfiles::{Failure, Resources};
use gatehouse_wire::{ApiError, ErrorKind, ResourceDescription, Vendor};
use serde_json::Value;

use super::pace::Pacer;
use super::walk::{plan, Source};
use super::{cancelled, Progress, ReadOptions};
use crate::sessions::Session;

pub(crate) struct TenantReader<'a> {
    pub session: &'a Session,
    pub options: &'a ReadOptions,
    pub pacer: Pacer,
}

impl TenantReader<'_> {
    /// The tenant's configuration; `Err` only when cancelled.
    pub async fn read(&mut self, vendor: Vendor) -> Result<(Resources, Vec<Failure>), ApiError> {
        let mut resources = Resources::new();
        let mut failures = Vec::new();
        for (description, source) in needed(plan(vendor), self.options.types.as_ref()) {
            if source == Source::ById && self.options.auth_user_ids.is_empty() {
                continue; // Not asked for: not covered, so never compared as empty.
            }
            let parents = match source.depends_on() {
                None => None,
                Some(parent) if failures.iter().any(|f: &Failure| f.resource == parent.key) => {
                    failures.push(Failure {
                        resource: description.key.to_owned(),
                        message: format!("not read: the {} could not be", parent.title),
                    });
                    continue;
                }
                Some(parent) => Some(ids_of(parent, &resources)),
            };
            let mut objects = Vec::new();
            if let Err(error) = self
                .read_resource(description, source, parents, &mut objects)
                .await
            {
                if error.kind == ErrorKind::Cancelled {
                    return Err(error);
                }
                failures.push(Failure {
                    resource: description.key.to_owned(),
                    message: error.message,
                });
            }
            resources.insert(description.key.to_owned(), objects);
        }
        let system_export_wanted = self
            .options
            .types
            .as_ref()
            .is_none_or(|types| types.contains(SYSTEM_EXPORT));
        if vendor == Vendor::Cloudentity && self.options.system_export && system_export_wanted {
            self.read_system_export(&mut resources, &mut failures)
                .await?;
        }
        Ok((resources, failures))
    }

    async fn read_resource(
        &mut self,
        description: &'static ResourceDescription,
        source: Source,
        parents: Option<Vec<String>>,
        objects: &mut Vec<Value>,
    ) -> Result<(), ApiError> {
        let targets: Vec<Option<String>> = match (source, parents) {
            (Source::ById, _) => self
                .options
                .auth_user_ids
                .iter()
                .cloned()
                .map(Some)
                .collect(),
            (_, Some(parents)) => parents.into_iter().map(Some).collect(),
            (_, None) => vec![None],
        };
        let total = targets.len();
        self.report(description, 0, total);
        for (done, target) in targets.into_iter().enumerate() {
            self.before_request().await?;
            // A request may wait out a long Retry-After: a cancel ends the wait too.
            let fetched = tokio::select! {
                fetched = self.fetch(description, source, target.as_deref()) => fetched?,
                () = self.options.cancel.until_cancelled() => return Err(cancelled()),
            };
            objects.extend(fetched);
            self.report(description, done + 1, total);
        }
        Ok(())
    }

    /// The objects one request gives: of the whole tenant, or under the parent `target`, or
    /// the object `target` names.
    async fn fetch(
        &self,
        description: &'static ResourceDescription,
        source: Source,
        target: Option<&str>,
    ) -> Result<Vec<Value>, ApiError> {
        let error = |error: ClientError| ApiError::from(error);
        match source {
            Source::List => self
                .client(description, None)?
                .list(&[])
                .await
                .map_err(error),
            Source::PerParent(_) => self
                .client(description, target)?
                .list(&[])
                .await
                .map_err(error),
            Source::ActionPer { home, operation } => {
                let mut client = self.client(description, None)?;
                if let (Some(param), Some(id)) = (home.id_param, target) {
                    client = client.with(param, id);
                }
                let request = client.action(operation, None).map_err(error)?;
                let answer = client.execute(&request).await.map_err(error)?.body;
                Ok(items_in(description, answer))
            }
            Source::Singleton => match self.client(description, None)?.get(None).await {
                Ok(object) => Ok(vec![object]),
                // A singleton the tenant never created: nothing to keep.
                Err(ClientError::Vendor { status: 404, .. }) => Ok(Vec::new()),
                Err(other) => Err(error(other)),
            },
            Source::ById => Ok(vec![self
                .client(description, None)?
                .get(target)
                .await
                .map_err(error)?]),
        }
    }

    async fn read_system_export(
        &mut self,
        resources: &mut Resources,
        failures: &mut Vec<Failure>,
    ) -> Result<(), ApiError> {
        let Session::Cloudentity(client) = self.session else {
            return Ok(());
        };
        let description =
            gatehouse_configfiles::model::description(SYSTEM_EXPORT).map_err(super::files_error)?;
        self.report(description, 0, 1);
        self.before_request().await?;
        let dump = tokio::select! {
            dump = client.export_configuration(Some(client.tenant_id())) => dump,
            () = self.options.cancel.until_cancelled() => return Err(cancelled()),
        };
        match dump {
            Ok(dump) => {
                resources.insert(SYSTEM_EXPORT.to_owned(), vec![dump]);
                self.report(description, 1, 1);
            }
            Err(error) => failures.push(Failure {
                resource: SYSTEM_EXPORT.to_owned(),
                message: ApiError::from(error).message,
            }),
        }
        Ok(())
    }

    fn client(
        &self,
        description: &'static ResourceDescription,
        scope: Option<&str>,
    ) -> Result<ResourceClient<'_>, ApiError> {
        self.session.resource(description, scope)
    }

    async fn before_request(&mut self) -> Result<(), ApiError> {
        if self.options.cancel.is_cancelled() {
            return Err(cancelled());
        }
        self.pacer.wait().await;
        Ok(())
    }

    fn report(&self, description: &'static ResourceDescription, done: usize, total: usize) {
        if let Some(progress) = &self.options.progress {
            progress(&Progress {
                resource: description.key,
                done,
                total,
            });
        }
    }
}

/// The steps of `plan` that read `types` or what they are read under; all without `types`.
fn needed(
    plan: Vec<(&'static ResourceDescription, Source)>,
    types: Option<&BTreeSet<String>>,
) -> Vec<(&'static ResourceDescription, Source)> {
    let Some(types) = types else {
        return plan;
    };
    let mut needed: BTreeSet<&str> = types.iter().map(String::as_str).collect();
    // The plan reads a parent before its children: backwards, each child adds its parent.
    for (description, source) in plan.iter().rev() {
        if let (true, Some(parent)) = (needed.contains(description.key), source.depends_on()) {
            needed.insert(parent.key);
        }
    }
    plan.into_iter()
        .filter(|(description, _)| needed.contains(description.key))
        .collect()
}

/// The ids of the objects read of `parent`, in the order read.
fn ids_of(parent: &ResourceDescription, resources: &Resources) -> Vec<String> {
    resources
        .get(parent.key)
        .into_iter()
        .flatten()
        .filter_map(|object| parent.id_of(object).map(str::to_owned))
        .collect()
}

/// The objects in a list action's answer: the list itself, the list under the resource's
/// list field, or lists grouped under keys (a server's APIs by service).
fn items_in(description: &ResourceDescription, answer: Value) -> Vec<Value> {
    match answer {
        Value::Array(items) => items,
        Value::Object(mut object) => {
            if let Some(Value::Array(items)) = description
                .list_field
                .and_then(|field| object.remove(field))
            {
                return items;
            }
            let groups: BTreeMap<String, Value> = object.into_iter().collect();
            groups
                .into_values()
                .flat_map(|group| items_in(description, group))
                .collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::catalog::APIS;
    use serde_json::json;

    #[test]
    fn asking_for_some_types_reads_them_and_what_they_live_under() {
        let types = BTreeSet::from(["clients".to_owned(), "apis".to_owned()]);
        let keys: Vec<_> = needed(plan(Vendor::Cloudentity), Some(&types))
            .into_iter()
            .map(|(description, _)| description.key)
            .collect();
        assert_eq!(keys, ["servers", "clients", "apis"]);
        assert_eq!(
            needed(plan(Vendor::SailPoint), None).len(),
            plan(Vendor::SailPoint).len()
        );
    }

    #[test]
    fn a_list_action_answer_gives_its_objects_however_they_are_grouped() {
        let api = |id: &str| json!({"id": id, "path": "/x"});
        assert_eq!(items_in(&APIS, json!([api("a")])), [api("a")]);
        assert_eq!(items_in(&APIS, json!({"apis": [api("a")]})), [api("a")]);
        let grouped = json!({"apis_by_services": {"s2": [api("c")], "s1": [api("a"), api("b")]}});
        assert_eq!(items_in(&APIS, grouped), [api("a"), api("b"), api("c")]);
    }
}
