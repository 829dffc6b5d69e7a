//! The gateway's schema, one migration per change. A migration is never edited once it has
//! landed: change the schema with a new one.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_initial;
mod m20261122_000002_groups_messages_audit;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_initial::Migration),
            Box::new(m20261122_000002_groups_messages_audit::Migration),
        ]
    }
}
