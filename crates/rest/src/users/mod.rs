//! Users and the device/session actions (`rest-v2.md` §2.1, §3.3, §3.5), split by reason:
//! `device` (authenticate, push token, logout), `actions` (profiles, listing, create,
//! update, delete), `connexions` (login reports), `fields` (decoding the user fields) and
//! `json` (the hot answers written straight to JSON).

mod actions;
mod connexions;
mod device;
mod fields;
mod json;

pub use actions::{
    delete_user, get_users, profiles_by_extra_field, save_user, save_user_get_apikey,
    save_user_json, update_user_from_username, user_profile, username_exist,
};
pub use connexions::{last_connexion, total_connexion_time};
pub use device::{authenticate, gcm_id, logout, GCM_FIELD};
