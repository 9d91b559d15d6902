//! What differs between the vendors for all their resources alike: how a request body is read
//! and checked, the words of a refusal, the size of ids and secrets, whether secrets are kept,
//! and what the vendor writes into every object it creates.

use gatehouse_wire::Vendor;

use crate::call::Call;
use crate::errors::{self, Refusal};
use crate::state::State;
use crate::store::Object;
use crate::{cloudentity, sailpoint};

pub trait Dialect: Sync {
    fn vendor(&self) -> Vendor;

    /// Refuses a call its path does not allow before anything else (another tenant's).
    fn admits(&self, _state: &mut State, _call: &Call) -> Result<(), Refusal> {
        Ok(())
    }

    /// The request body as an object to create (`creating`) or to update with, checked
    /// against the call's description; a null in it sets nothing.
    fn body(&self, state: &mut State, call: &Call, creating: bool) -> Result<Object, Refusal>;

    /// `stored` with the call's JSON Patch applied and checked; only vendors that take
    /// patches have one.
    fn patched(&self, state: &mut State, call: &Call, _stored: &Object) -> Result<Object, Refusal> {
        Err(self.not_found(state, call.operation.name))
    }

    /// 404: `what` (`Client abc`) is not there, or not for this caller to see.
    fn not_found(&self, state: &mut State, what: &str) -> Refusal;

    /// The answer to a create or update that would repeat what must be unique.
    fn conflict(&self, state: &mut State, message: &str) -> Refusal;

    /// The id an error body carries to tie it to the vendor's logs; empty where it has none.
    fn tracking_id(&self, state: &mut State) -> String;

    /// Random bytes in a generated id.
    fn id_bytes(&self) -> usize;

    /// Random bytes in a generated secret.
    fn secret_bytes(&self) -> usize;

    /// Whether the vendor keeps an object's secrets and answers with them on reads; SailPoint
    /// shows a secret once, in the create's answer.
    fn keeps_secrets(&self) -> bool;

    /// What the vendor writes into every object it creates.
    fn stamp(&self, _state: &State, _object: &mut Object) {}

    /// The vendor's 403 when `what`, holding `len` objects, cannot take `adding` more.
    fn full(
        &self,
        state: &mut State,
        what: &str,
        len: usize,
        adding: usize,
    ) -> Result<(), Refusal> {
        if state.has_room(len, adding) {
            return Ok(());
        }
        let (limit, tracking) = (state.limits.collection, self.tracking_id(state));
        Err(Box::new(errors::collection_full(
            self.vendor(),
            what,
            limit,
            tracking,
        )))
    }
}

pub fn of(vendor: Vendor) -> &'static dyn Dialect {
    match vendor {
        Vendor::SailPoint => &sailpoint::SailPoint,
        Vendor::Cloudentity => &cloudentity::Cloudentity,
    }
}
