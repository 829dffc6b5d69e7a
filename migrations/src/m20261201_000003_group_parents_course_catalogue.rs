//! A class's parent class (`usergroup_rel_usergroup`) and the per-user course catalogue rules
//! (`course_rel_user_catalogue`), both as Chamilo names them.
//!
//! Chamilo keeps at most one parent row per class and lets rules of both visibilities pile up
//! for one user and course; here a class has one parent at most and a (user, course) pair one
//! rule, by unique indexes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, big_pk_auto, integer};

use crate::helpers::{create, fk, index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &["usergroup_rel_usergroup", "course_rel_user_catalogue"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let backend = m.get_database_backend();

        // group_id is the parent, subgroup_id the child; relation_type as Chamilo writes it
        m.create_table(
            create(backend, "usergroup_rel_usergroup")
                .col(big_pk_auto("id"))
                .col(big_integer("group_id"))
                .col(big_integer("subgroup_id"))
                .col(integer("relation_type"))
                .foreign_key(&mut fk("usergroup_rel_usergroup", "group_id", "usergroup"))
                .foreign_key(&mut fk(
                    "usergroup_rel_usergroup",
                    "subgroup_id",
                    "usergroup",
                ))
                .to_owned(),
        )
        .await?;
        unique(m, "usergroup_rel_usergroup", &["subgroup_id"]).await?;
        index(m, "usergroup_rel_usergroup", &["group_id"]).await?;

        // visible 1: the course is shown to this user, 0: hidden from this user
        m.create_table(
            create(backend, "course_rel_user_catalogue")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(big_integer("c_id"))
                .col(integer("visible"))
                .foreign_key(&mut fk("course_rel_user_catalogue", "user_id", "user"))
                .foreign_key(&mut fk("course_rel_user_catalogue", "c_id", "course"))
                .to_owned(),
        )
        .await?;
        unique(m, "course_rel_user_catalogue", &["user_id", "c_id"]).await?;
        index(m, "course_rel_user_catalogue", &["c_id"]).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            m.drop_table(Table::drop().table(*table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
