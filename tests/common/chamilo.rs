//! A real Chamilo 1.11.32 database per test (`chamilo_platform_store::testing`, made by
//! `../shared/spec/chamilo-db/load` with the harness's security key), and the core over it.

use chamilo_core::passwords::Hasher;
use chamilo_core::Gateway;
use chamilo_platform_store::testing::LoadedPlatform;
use chamilo_platform_store::Platform;
use std::sync::Arc;

/// The loaded database (its fields through `Deref`); dropped with the test.
pub struct ChamiloDb(LoadedPlatform);

impl std::ops::Deref for ChamiloDb {
    type Target = LoadedPlatform;
    fn deref(&self) -> &LoadedPlatform {
        &self.0
    }
}

impl ChamiloDb {
    /// A fresh platform whose configuration.php says `password_encryption` = `method`, or
    /// `None` when no MariaDB server is configured (outside CI).
    pub fn load(method: &str) -> Option<ChamiloDb> {
        LoadedPlatform::load(method, crate::common::SECURITY_KEY).map(ChamiloDb)
    }

    pub fn platform(&self) -> Platform {
        Platform::read(&self.config).expect("the loaded configuration.php reads")
    }

    /// The core over this platform's database, with its password rules.
    pub async fn gateway(&self) -> Gateway {
        let platform = self.platform();
        let hasher = Hasher::Platform(platform.passwords);
        let store = chamilo_platform_store::connect(platform, None, &Default::default())
            .await
            .expect("connecting to the loaded Chamilo database");
        Gateway::new(Arc::new(store), hasher)
    }
}
