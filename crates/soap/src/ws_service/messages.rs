//! WSService's input messages: the part names of each operation, in WSDL order. Operations
//! declaring the same parts share one list.

pub const NONE: &[&str] = &[];

// WSUser
pub const USER_REF: &[&str] = &["secret_key", "user_id_field_name", "user_id_value"];
pub const USERS: &[&str] = &["secret_key", "users"];
pub const EDIT_USER_CREDENTIALS: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "username",
    "password",
];
pub const CREATE_USER: &[&str] = &[
    "secret_key",
    "firstname",
    "lastname",
    "status",
    "loginname",
    "password",
    "encrypt_method",
    "user_id_field_name",
    "user_id_value",
    "visibility",
    "email",
    "language",
    "phone",
    "expiration_date",
    "extras",
];
pub const EDIT_USER: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "firstname",
    "lastname",
    "status",
    "loginname",
    "password",
    "encrypt_method",
    "email",
    "language",
    "phone",
    "expiration_date",
    "extras",
];

// WSCourse
pub const COURSE_REF: &[&str] = &["secret_key", "course_id_field_name", "course_id_value"];
pub const COURSES: &[&str] = &["secret_key", "courses"];
pub const CREATE_COURSE: &[&str] = &[
    "secret_key",
    "title",
    "category_code",
    "wanted_code",
    "tutor_name",
    "course_admin_user_id_field_name",
    "course_admin_user_id_value",
    "language",
    "course_id_field_name",
    "course_id_value",
    "extras",
];
pub const EDIT_COURSE: &[&str] = &[
    "secret_key",
    "course_id_field_name",
    "course_id_value",
    "title",
    "category_code",
    "department_name",
    "department_url",
    "language",
    "visibility",
    "subscribe",
    "unsubscribe",
    "visual_code",
    "extras",
];
pub const LIST_COURSES: &[&str] = &["secret_key", "course_id_field_name", "visibilities"];
pub const SUBSCRIBE_USER_TO_COURSE: &[&str] = &[
    "secret_key",
    "course_id_field_name",
    "course_id_value",
    "user_id_field_name",
    "user_id_value",
    "status",
];
pub const COURSE_USER: &[&str] = &[
    "secret_key",
    "course_id_field_name",
    "course_id_value",
    "user_id_field_name",
    "user_id_value",
];
pub const EDIT_COURSE_DESCRIPTION: &[&str] = &[
    "secret_key",
    "course_id_field_name",
    "course_id_value",
    "course_desc_id",
    "course_desc_title",
    "course_desc_content",
];

// WSSession
pub const SESSION: &[&str] = &[
    "secret_key",
    "name",
    "start_date",
    "end_date",
    "nb_days_access_before",
    "nb_days_access_after",
    "nolimit",
    "visibility",
    "user_id_field_name",
    "user_id_value",
    "session_id_field_name",
    "session_id_value",
    "extras",
];
pub const SESSION_REF: &[&str] = &["secret_key", "session_id_field_name", "session_id_value"];
pub const USER_SESSION: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "session_id_field_name",
    "session_id_value",
];
pub const USER_SESSION_COURSE: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "session_id_field_name",
    "session_id_value",
    "course_id_field_name",
    "course_id_value",
];
pub const COURSE_SESSION: &[&str] = &[
    "secret_key",
    "course_id_field_name",
    "course_id_value",
    "session_id_field_name",
    "session_id_value",
];

// WSReport
pub const USER_COURSE: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "course_id_field_name",
    "course_id_value",
];
pub const USER_COURSE_SESSION: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "course_id_field_name",
    "course_id_value",
    "session_id_field_name",
    "session_id_value",
];
pub const USER_COURSE_LP: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "course_id_field_name",
    "course_id_value",
    "learnpath_id",
];
pub const USER_COURSE_LP_ITEM: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "course_id_field_name",
    "course_id_value",
    "learnpath_id",
    "learnpath_item_id",
];
