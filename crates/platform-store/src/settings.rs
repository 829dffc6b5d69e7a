//! Platform settings: Chamilo's `settings_current` rows of the first access URL, read only.
//! The gateway's one stored setting, the SOAP security key, lives in configuration.php in this
//! mode (the binary passes it), so nothing is ever written here.

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::one;
use async_trait::async_trait;
use chamilo_core::ports::SettingsRepo;
use chamilo_core::{CoreError, CoreResult};
use sea_orm::FromQueryResult;

pub(crate) const TABLES: &[Needs] = &[(
    "settings_current",
    &["variable", "subkey", "selected_value", "access_url"],
)];

#[async_trait]
impl<C: Conn> SettingsRepo for Repos<C> {
    async fn get_setting(&self, name: &str) -> CoreResult<Option<String>> {
        #[derive(FromQueryResult)]
        struct Setting {
            selected_value: Option<String>,
        }
        let row: Option<Setting> = one(
            self.db(),
            "SELECT selected_value FROM settings_current \
             WHERE variable = ? AND subkey IS NULL AND access_url = 1 ORDER BY id LIMIT 1",
            vec![name.into()],
        )
        .await?;
        Ok(row.and_then(|s| s.selected_value))
    }

    async fn set_setting(&self, name: &str, _value: &str) -> CoreResult<()> {
        Err(CoreError::Storage(format!(
            "setting {name} is the Chamilo platform's: change it in Chamilo or its configuration.php"
        )))
    }
}
