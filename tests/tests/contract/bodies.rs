//! Request bodies with only the required or with every optional field, and how their
//! answers are checked.

use super::*;

/// Where a body goes and what it is based on: a create body the vendor accepts, or the current
/// object for an update.
pub(crate) struct Target {
    pub(crate) path: String,
    pub(crate) base: Value,
}

impl Cloudentity {
    pub(crate) async fn target(
        &self,
        raw: &RawClient,
        description: &'static ResourceDescription,
        operation: &Operation,
    ) -> Target {
        let (id, base) = match operation.verb {
            Verb::Create => (String::new(), self.new_object(description.key).await),
            Verb::Update if description.id_param.is_none() => (
                String::new(),
                self.resource(description).get(None).await.unwrap(),
            ),
            _ => {
                let object = self.fresh(description).await;
                (description.id_of(&object).unwrap().to_owned(), object)
            }
        };
        let path = filled(operation, |param| match param {
            "tid" => raw.tenant.clone(),
            "aid" if description.key != "servers" => "default".to_owned(),
            _ => id.clone(),
        });
        Target { path, base }
    }
}

/// The answer to a body, checked: a documented success within the schema, or a documented
/// error within the error schema, never a server error. `Ok(true)` for a success.
pub(crate) struct AnswerCheck<'s> {
    pub(crate) specs: &'s [VendorSpec],
    pub(crate) documented: Vec<u16>,
    pub(crate) operation: &'static Operation,
    pub(crate) provider: &'s str,
}

impl AnswerCheck<'_> {
    pub(crate) fn check(&self, status: u16, body: &Value) -> Result<bool, String> {
        let name = self.operation.name;
        if status >= 500 || !self.documented.contains(&status) {
            return Err(format!("{name}: undocumented {status}: {body}"));
        }
        let (schema, success) = if status == self.operation.status {
            (
                response_schema(self.specs, self.operation, status)
                    .ok()
                    .flatten(),
                true,
            )
        } else if status < 300 {
            return Err(format!(
                "{name}: {status} instead of {}",
                self.operation.status
            ));
        } else {
            (
                Some(error_schema(self.specs, self.operation, self.provider)(
                    status,
                )),
                false,
            )
        };
        let problems = schema.map_or_else(Vec::new, |schema| problems_against(&schema, body));
        if problems.is_empty() {
            Ok(success)
        } else {
            Err(format!("{name} {status}: {problems:#?}\n{body:#}"))
        }
    }
}

/// Every create and update with a JSON object body, by seed entry.
pub(crate) fn object_body_operations(
) -> Vec<(Value, &'static ResourceDescription, &'static Operation)> {
    endpoints()
        .into_iter()
        .filter_map(|endpoint| {
            let (description, operation) = operation_named(endpoint["operation"].as_str()?)?;
            let writes = matches!(operation.verb, Verb::Create | Verb::Update);
            (writes && operation.method != "PATCH").then_some((endpoint, description, operation))
        })
        .collect()
}
