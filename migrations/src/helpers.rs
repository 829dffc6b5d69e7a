//! What the migrations from the third on share to declare tables the house way (the first two
//! carry their own copies and, having landed, stay as they are).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// `CREATE TABLE name`, InnoDB / `utf8mb4_bin` on MariaDB (compares exactly, as the others do).
pub fn create(backend: DbBackend, name: &'static str) -> TableCreateStatement {
    let mut table = Table::create();
    table.table(name);
    if backend == DbBackend::MySql {
        table
            .engine("InnoDB")
            .character_set("utf8mb4")
            .collate("utf8mb4_bin");
    }
    table
}

/// A foreign key to `parent.id`, deleting the row with its parent.
pub fn fk(table: &str, column: &'static str, parent: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from_col(column)
        .to(parent, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

pub async fn unique(
    m: &SchemaManager<'_>,
    table: &'static str,
    cols: &[&'static str],
) -> Result<(), DbErr> {
    create_index(m, table, cols, true).await
}

pub async fn index(
    m: &SchemaManager<'_>,
    table: &'static str,
    cols: &[&'static str],
) -> Result<(), DbErr> {
    create_index(m, table, cols, false).await
}

/// Index names are global on PostgreSQL and SQLite, hence the table in the name.
async fn create_index(
    m: &SchemaManager<'_>,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let prefix = if unique { "uq" } else { "idx" };
    let mut idx = Index::create();
    idx.name(format!("{prefix}_{table}_{}", cols.join("_")))
        .table(table);
    for col in cols {
        idx.col(*col);
    }
    if unique {
        idx.unique();
    }
    m.create_index(idx.to_owned()).await
}
