//! WSRegistration (registration.soap.php): its table, one row per operation of the WSDL, and
//! the handlers beside it. Every operation takes one struct part and finds the caller's key in
//! it (`KeyPolicy::Member`); a wrong key is the original's `Server` fault, except in
//! WSEditCourseDescription, which answers an empty array (`KeyPolicy::MemberOrEmptyArray`).
//!
//! Served: user creation (clear and pre-hashed passwords, one or many; an inactive
//! account named by the external id is reactivated), user edits (WSEditUser(s)), the user
//! credentials edit (shared with soap.php's `WSUser.EditUserCredentials`), disabling, enabling
//! and deleting users, the user lookups (by external id, by username with its extra fields),
//! binding an external id by username, the user's `dokeos` api key; course creation (an
//! external id that names an open course updates it), course description sections, course
//! enrolment by external ids (WSSubscribeUserToCourse, WSUnsubscribeUserFromCourse,
//! WSUnSubscribeUserFromCourseSimple) and session enrolment (WSSuscribeUsersToSession,
//! WSUnsuscribeUsersFromSession), session composition (WSSuscribeCoursesToSession,
//! WSUnsuscribeCoursesFromSession), the deletes of courses (closed, the original's soft
//! delete) and sessions; the "Simple" session subscription and the course membership check by
//! Chamilo ids; session-course coaches; the course and session listings, the session search
//! and fetch; the classes ("usergroups": create, update, delete, parent binding, members and
//! their roles, by Chamilo ids) and the per-user course catalogue rules. Every operation of
//! the WSDL is served; any other name answers the `Client` fault of an operation the service
//! does not define.

mod catalogue;
mod certificates;
mod course;
mod course_create;
mod create;
mod description;
mod edit;
mod groups;
mod listing;
mod outcome;
mod rows;
mod search;
mod session;
mod session_create;
mod simple;
mod teacher;
mod unsubscribe;
mod user;

use crate::errors::Fault;
use crate::parts::PartShapes;
use crate::service::{operation, Operation, Service};

/// The original's answer to a wrong key (`registration-soap.md` §2.3).
pub const BAD_KEY: Fault = Fault::Named(
    "Server",
    "Secret key is not correct or params are not correctly set",
);

/// The original's answer to inputs it cannot use (`WS_ERROR_INVALID_INPUT`, "o" sic).
pub const INVALID_INPUT: Fault = Fault::Named(
    "Server",
    "The input variables are invalid o are not correctly set",
);

pub static SERVICE: Service = Service {
    name: "WSRegistration",
    namespace: "urn:WSRegistration",
    operations: OPERATIONS,
    part_shapes: PartShapes::Registration,
    allow_list: true,
    bad_key: BAD_KEY,
};

/// The operations served, in WSDL order: name, parts, key policy, error family, handler.
#[rustfmt::skip]
static OPERATIONS: &[Operation] = &[
    operation!("WSCreateUsers", &["createUsers"], Member, None, create::create_users),
    operation!("WSCreateUser", &["createUser"], Member, None, create::create_user),
    operation!("WSCreateUsersPasswordCrypted", &["createUsersPasswordCrypted"], Member, None, create::create_users_password_crypted),
    operation!("WSSubscribeTeacherToSessionCourse", &["SubscribeTeacherToSessionCourse"], Member, None, teacher::subscribe_teacher),
    operation!("WSUnsubscribeTeacherFromSessionCourse", &["UnsubscribeTeacherFromSessionCourse"], Member, None, teacher::unsubscribe_teacher),
    operation!("WSCreateUserPasswordCrypted", &["createUserPasswordCrypted"], Member, None, create::create_user_password_crypted),
    operation!("WSEditUserCredentials", &["editUserCredentials"], Member, None, user::edit_user_credentials),
    operation!("WSEditUsers", &["editUsers"], Member, None, edit::edit_users),
    operation!("WSEditUser", &["editUser"], Member, None, edit::edit_user),
    operation!("WSEditUserWithPicture", &["editUserWithPicture"], Member, None, edit::edit_user_with_picture),
    operation!("WSEditUsersPasswordCrypted", &["editUsersPasswordCrypted"], Member, None, edit::edit_users_password_crypted),
    operation!("WSEditUserPasswordCrypted", &["editUserPasswordCrypted"], Member, None, edit::edit_user_password_crypted),
    operation!("WSDeleteUsers", &["user_ids"], Member, None, user::delete_users),
    operation!("WSDisableUsers", &["user_ids"], Member, None, user::disable_users),
    operation!("WSEnableUsers", &["user_ids"], Member, None, user::enable_users),
    operation!("WSCreateCourse", &["createCourse"], Member, None, course_create::create_course),
    operation!("WSCreateCourseByTitle", &["createCourseByTitle"], Member, None, course_create::create_course_by_title),
    operation!("WSEditCourse", &["editCourse"], Member, None, course::edit_course),
    operation!("WSCourseDescription", &["courseDescription"], Member, None, description::course_description),
    operation!("WSEditCourseDescription", &["editCourseDescription"], MemberOrEmptyArray("tns:result_editCourseDescription"), None, description::edit_course_description),
    operation!("WSDeleteCourse", &["deleteCourse"], Member, None, course::delete_course),
    operation!("WSCreateSession", &["createSession"], Member, None, session_create::create_session),
    operation!("WSEditSession", &["editSession"], Member, None, session_create::edit_session),
    operation!("WSDeleteSession", &["deleteSession"], Member, None, session::delete_session),
    operation!("WSSubscribeUserToCourse", &["subscribeUserToCourse"], Member, None, course::subscribe_user_to_course),
    operation!("WSSubscribeUserToCourseSimple", &["subscribeUserToCourseSimple"], Member, None, simple::subscribe_user_to_course_simple),
    operation!("WSGetUser", &["GetUser"], Member, None, user::get_user),
    operation!("WSGetUserFromUsername", &["GetUserFromUsername"], Member, None, user::get_user_from_username),
    operation!("WSUpdateUserOriginalIdFromUsername", &["WSUpdateUserOriginalIdFromUsername"], Member, None, user::update_user_original_id_from_username),
    operation!("WSUnsubscribeUserFromCourse", &["unsuscribeUserFromCourse"], Member, None, unsubscribe::unsubscribe_user_from_course),
    operation!("WSUnSubscribeUserFromCourseSimple", &["unSubscribeUserFromCourseSimple"], Member, None, course::unsubscribe_user_from_course_simple),
    operation!("WSSuscribeUsersToSession", &["subscribeUsersToSession"], Member, None, session::subscribe_users_to_session),
    operation!("WSSubscribeUserToSessionSimple", &["subscribeUserToSessionSimple"], Member, None, simple::subscribe_user_to_session_simple),
    operation!("WSUnsuscribeUsersFromSession", &["unsubscribeUsersFromSession"], Member, None, session::unsubscribe_users_from_session),
    operation!("WSSuscribeCoursesToSession", &["subscribeCoursesToSession"], Member, None, session::subscribe_courses_to_session),
    operation!("WSUnsuscribeCoursesFromSession", &["unsubscribeCoursesFromSession"], Member, None, session::unsubscribe_courses_from_session),
    operation!("WSListCourses", &["listCourseInput"], Member, None, listing::list_courses),
    operation!("WSUpdateUserApiKey", &["userApiKey"], Member, None, user::update_user_api_key),
    operation!("WSListSessions", &["input"], Member, None, listing::list_sessions),
    operation!("WSUserSubscribedInCourse", &["UserSubscribedInCourse"], Member, None, simple::user_subscribed_in_course),
    operation!("WSSearchSession", &["SearchSession"], Member, None, search::search_session),
    operation!("WSFetchSession", &["SearchSession"], Member, None, search::fetch_session),
    operation!("WSCertificatesList", &["startingDate", "endingDate"], NotChecked, None, certificates::certificates_list),
    operation!("WSCreateGroup", &["createGroup"], Member, None, groups::create_group),
    operation!("WSUpdateGroup", &["updateGroup"], Member, None, groups::update_group),
    operation!("WSDeleteGroup", &["deleteGroup"], Member, None, groups::delete_group),
    operation!("GroupBindToParent", &["groupBindToParent"], Member, None, groups::bind_to_parent),
    operation!("GroupUnbindFromParent", &["groupUnbindFromParent"], Member, None, groups::unbind_from_parent),
    operation!("WSAddUserToGroup", &["addUserToGroup"], Member, None, groups::add_user_to_group),
    operation!("WSUpdateUserRoleInGroup", &["updateUserRoleInGroup"], Member, None, groups::update_user_role_in_group),
    operation!("WSDeleteUserFromGroup", &["deleteUserFromGroup"], Member, None, groups::delete_user_from_group),
    operation!("WSAddUserVisibilityToCourseInCatalogue", &["registerUserToCourseCatalogue"], Member, None, catalogue::add_user_visibility),
    operation!("WSRemoveUserVisibilityToCourseInCatalogue", &["registerUserToCourseCatalogue"], Member, None, catalogue::remove_user_visibility),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wsdl::{SoapEncImport, WS_REGISTRATION};

    /// The parts the served WSDL declares for `operation`, in order.
    fn declared_parts(wsdl: &str, operation: &str) -> Vec<String> {
        let start = wsdl
            .find(&format!("<message name=\"{operation}Request\">"))
            .unwrap_or_else(|| panic!("{operation} in the WSDL"));
        let end = start + wsdl[start..].find("</message>").unwrap();
        wsdl[start..end]
            .split("<part name=\"")
            .skip(1)
            .map(|p| p[..p.find('"').unwrap()].to_owned())
            .collect()
    }

    #[test]
    fn every_row_is_a_wsdl_operation_with_its_parts_in_wsdl_order() {
        let wsdl = WS_REGISTRATION.render("http://localhost", SoapEncImport::Located);
        let order = WS_REGISTRATION.operations();
        let positions: Vec<usize> = SERVICE
            .operations
            .iter()
            .map(|o| {
                order
                    .iter()
                    .position(|n| *n == o.name)
                    .unwrap_or_else(|| panic!("{} is not in the WSDL", o.name))
            })
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "rows in WSDL order"
        );
        for o in SERVICE.operations {
            assert_eq!(declared_parts(&wsdl, o.name), o.parts, "{}", o.name);
        }
    }
}
