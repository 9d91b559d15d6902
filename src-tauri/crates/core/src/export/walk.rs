//! Which resources an export reads and how, decided from the catalogue alone: a list of
//! its own, a list per parent object, a list action offered on another resource's objects
//! (a server's APIs), a singleton's read, or a read per id the administrator names.

use gatehouse_configfiles::system_export::SYSTEM_EXPORT;
use gatehouse_wire::catalog::RESOURCES;
use gatehouse_wire::{registry, ResourceDescription, Vendor, Verb};

/// How the objects of one resource are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// One list of the whole tenant.
    List,
    /// One list per object of the parent (a server's clients).
    PerParent(&'static ResourceDescription),
    /// The list action `operation`, offered on each object of `home`.
    ActionPer {
        home: &'static ResourceDescription,
        operation: &'static str,
    },
    /// The one object; a singleton the tenant has not created yet is none.
    Singleton,
    /// One read per id given with the export's options (auth users: the vendor lists none).
    ById,
}

impl Source {
    /// The resource whose objects must be read first.
    pub fn depends_on(&self) -> Option<&'static ResourceDescription> {
        match *self {
            Source::PerParent(parent) => Some(parent),
            Source::ActionPer { home, .. } => Some(home),
            _ => None,
        }
    }
}

/// Whether a resource is read as configuration; the system export is read apart.
fn is_configuration(description: &ResourceDescription) -> bool {
    registry::is_configuration(description) && description.key != SYSTEM_EXPORT
}

/// How `description` is read, if it can be.
pub(crate) fn source_of(description: &'static ResourceDescription) -> Option<Source> {
    if let Some(parent) = description.parent {
        return gatehouse_wire::catalog::resource(parent.resource).map(Source::PerParent);
    }
    if description.can(Verb::List) {
        return Some(Source::List);
    }
    let listed_elsewhere = description.operations.iter().find_map(|operation| {
        let home = registry::action_home(operation)?;
        (operation.verb == Verb::Action
            && operation.name.starts_with("list")
            && home.key != description.key)
            .then_some(Source::ActionPer {
                home,
                operation: operation.name,
            })
    });
    if listed_elsewhere.is_some() {
        return listed_elsewhere;
    }
    if description.is_singleton() && description.can(Verb::Get) {
        return Some(Source::Singleton);
    }
    description.can(Verb::Get).then_some(Source::ById)
}

/// Every resource of `vendor` an export reads, each after the one it depends on.
pub(crate) fn plan(vendor: Vendor) -> Vec<(&'static ResourceDescription, Source)> {
    let mut pending: Vec<_> = RESOURCES
        .iter()
        .copied()
        .filter(|description| description.vendor == vendor && is_configuration(description))
        .filter_map(|description| Some((description, source_of(description)?)))
        .collect();
    let mut ordered = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let before = pending.len();
        let (ready, waiting): (Vec<_>, Vec<_>) = pending.into_iter().partition(|(_, source)| {
            source.depends_on().is_none_or(|needed| {
                ordered
                    .iter()
                    .any(|(done, _): &(&ResourceDescription, Source)| done.key == needed.key)
            })
        });
        ordered.extend(ready);
        pending = waiting;
        if pending.len() == before {
            // What depends on a resource that is not read cannot be read either.
            break;
        }
    }
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(vendor: Vendor) -> Vec<&'static str> {
        plan(vendor)
            .iter()
            .map(|(description, _)| description.key)
            .collect()
    }

    #[test]
    fn cloudentity_reads_servers_before_what_lives_under_them() {
        let keys = keys(Vendor::Cloudentity);
        let position = |key| keys.iter().position(|found| *found == key).unwrap();
        for child in [
            "clients", "scopes", "claims", "services", "gateways", "apis",
        ] {
            assert!(position("servers") < position(child), "{child}");
        }
        for top in ["policies", "consents", "consent-actions", "tenant"] {
            assert!(keys.contains(&top), "{top}");
        }
        for left_out in [
            "privacy-ledger-events",
            "developer-clients",
            "developer-servers",
            "configuration",
        ] {
            assert!(!keys.contains(&left_out), "{left_out}");
        }
    }

    #[test]
    fn each_resource_is_read_the_way_the_catalogue_allows() {
        let sources: Vec<_> = plan(Vendor::SailPoint)
            .into_iter()
            .chain(plan(Vendor::Cloudentity))
            .map(|(description, source)| (description.key, source))
            .collect();
        let source = |key| sources.iter().find(|(found, _)| *found == key).unwrap().1;
        assert_eq!(source("oauth-clients"), Source::List);
        assert_eq!(source("personal-access-tokens"), Source::List);
        assert_eq!(source("auth-users"), Source::ById);
        assert_eq!(source("password-org-config"), Source::Singleton);
        assert_eq!(source("tenant"), Source::Singleton);
        assert!(matches!(source("clients"), Source::PerParent(parent) if parent.key == "servers"));
        assert!(matches!(
            source("apis"),
            Source::ActionPer { home, operation: "listAPIsByServer" } if home.key == "servers"
        ));
    }
}
