//! Where Gatehouse records the ids a tenant gave the objects its restores re-created: one
//! file beside the connections, shared by the window and the subcommands, read by every
//! compare and plan against that tenant so a restored object is neither drift nor re-created
//! again.

use gatehouse_configfiles::recreated::{LiveIds, RecreatedIdsFile, Tenant};
use gatehouse_wire::{ApiError, Profile};

use super::{files_error, tenant_name};
use crate::app::Gatehouse;

/// The file's name, in the folder of the connections' file.
const FILE_NAME: &str = "recreated-ids.json";

/// A tenant's record, kept up to date while a plan runs.
pub(crate) struct LiveIdsRecord {
    file: RecreatedIdsFile,
    tenant: Tenant,
    pub ids: LiveIds,
}

impl LiveIdsRecord {
    /// Records that the plan's `resource/planned_id` now lives as `live_id`, on disk before
    /// this returns.
    pub fn record(
        &mut self,
        resource: &str,
        planned_id: &str,
        live_id: &str,
    ) -> Result<(), ApiError> {
        self.ids.record(resource, planned_id, live_id);
        self.file
            .write(&self.tenant, &self.ids)
            .map_err(files_error)
    }
}

impl Gatehouse {
    /// What is recorded of `profile`'s tenant.
    pub(crate) fn live_ids(&self, profile: &Profile) -> Result<LiveIdsRecord, ApiError> {
        let file = self.recreated_ids_file();
        let tenant = Tenant::new(profile.vendor, &profile.base_url, &tenant_name(profile));
        let ids = file.read(&tenant).map_err(files_error)?;
        Ok(LiveIdsRecord { file, tenant, ids })
    }

    /// Forgets what is recorded at `base_url`, where a sandbox started (or stopped): ports are
    /// reused, and a fresh sandbox holds nothing restored there before. A record that cannot
    /// be rewritten is logged, not a reason to refuse the sandbox.
    pub(crate) fn forget_live_ids_at(&self, base_url: &str) {
        if let Err(error) = self.recreated_ids_file().forget_address(base_url) {
            tracing::warn!(%error, %base_url, "the re-created ids of a sandbox's address could not be forgotten");
        }
    }

    fn recreated_ids_file(&self) -> RecreatedIdsFile {
        RecreatedIdsFile::new(self.store.path().with_file_name(FILE_NAME))
    }
}
