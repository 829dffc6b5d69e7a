//! The gateway's schema, one migration per change. A migration is never edited once it has
//! landed: change the schema with a new one.

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261122_000001_initial;
mod m20261122_000002_groups_messages_audit;
mod m20261201_000003_group_parents_course_catalogue;
mod m20261206_000004_audit_tally_index;
mod m20261207_000005_call_counts;
mod m20261207_000006_drop_audit_tally_index;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_initial::Migration),
            Box::new(m20261122_000002_groups_messages_audit::Migration),
            Box::new(m20261201_000003_group_parents_course_catalogue::Migration),
            Box::new(m20261206_000004_audit_tally_index::Migration),
            Box::new(m20261207_000005_call_counts::Migration),
            Box::new(m20261207_000006_drop_audit_tally_index::Migration),
        ]
    }
}
