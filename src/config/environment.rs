//! `GATEWAY_*` variables as a figment layer. Values stay the text they were given: figment's
//! own `Env` provider reads `007` as the number 7 and `true` as a boolean, which would change a
//! security key or a database password. Keys that want a number or a boolean read it from the
//! text when the configuration is extracted (`Figment::extract_lossy`).

use figment::value::{Dict, Map, Value};
use figment::{Error, Metadata, Profile, Provider};
use serde::de::{self, Deserializer, SeqAccess, Visitor};

pub const PREFIX: &str = "GATEWAY_";

/// Variables that carry our prefix but are not configuration keys.
const NOT_KEYS: &[&str] = &[
    // the command line's --config
    "GATEWAY_CONFIG",
];

/// The name figment's errors and `config show` give this layer.
pub const LAYER_NAME: &str = "environment";

pub struct Environment {
    vars: Vec<(String, String)>,
}

impl Environment {
    /// The process's own variables.
    pub fn of_process() -> Self {
        Self::from_vars(std::env::vars_os().map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        }))
    }

    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        Environment {
            vars: vars
                .into_iter()
                .filter(|(name, _)| name.starts_with(PREFIX) && !NOT_KEYS.contains(&name.as_str()))
                .collect(),
        }
    }

    /// The variable that sets `key`.
    pub fn variable(key: &str) -> String {
        format!("{PREFIX}{}", key.to_ascii_uppercase())
    }
}

impl Provider for Environment {
    fn metadata(&self) -> Metadata {
        Metadata::named(LAYER_NAME).interpolater(|_, keys| Environment::variable(&keys.join(".")))
    }

    fn data(&self) -> Result<Map<Profile, Dict>, Error> {
        let dict: Dict = self
            .vars
            .iter()
            .map(|(name, value)| {
                let key = name[PREFIX.len()..].to_ascii_lowercase();
                (key, Value::from(value.clone()))
            })
            .collect();
        Ok(Profile::Default.collect(dict))
    }
}

/// A list key: an array in gateway.toml, or one text of comma-separated items (what a variable
/// can hold); blank items are dropped.
pub fn comma_separated<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    struct List;
    impl<'de> Visitor<'de> for List {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list, or a text of comma-separated items")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<String>, E> {
            Ok(text
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(String::from)
                .collect())
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Vec<String>, A::Error> {
            let mut list = Vec::new();
            while let Some(item) = items.next_element::<String>()? {
                list.push(item);
            }
            Ok(list)
        }
    }
    deserializer.deserialize_any(List)
}
