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
    save_user_json, update_user_from_username, user_profile, username_exist, DELETE_USER,
    GET_USERS, PROFILES_BY_EXTRA_FIELD, SAVE_USER, SAVE_USER_GET_APIKEY, SAVE_USER_JSON,
    UPDATE_USER_FROM_USERNAME, USERNAME_EXIST, USER_PROFILE,
};
pub use connexions::{last_connexion, total_connexion_time, LAST_CONNEXION, TOTAL_CONNEXION_TIME};
pub use device::{authenticate, gcm_id, logout, AUTHENTICATE, GCM_FIELD, GCM_ID, LOGOUT};
