"""python zeep drives the gateway through a full lifecycle, checking every answer.

Usage: python3 lifecycle.py BASE_URL SECRET_KEY
Prints "OK <number of checks>" and exits 0, or names the first failed check and exits 1.
zeep loads the WSDL from the gateway, including the SOAP encoding schema it imports
(served by the gateway itself: this works on a closed network).
"""

import hashlib
import sys

from zeep import Client
from zeep.exceptions import Fault

if len(sys.argv) < 3:
    sys.stderr.write("usage: python3 lifecycle.py BASE_URL SECRET_KEY\n")
    sys.exit(2)

BASE = sys.argv[1].rstrip("/")
KEY = sys.argv[2]
checks = 0


def check(cond, what, got=None):
    global checks
    if not cond:
        sys.stderr.write("FAIL: %s%s\n" % (what, "" if got is None else " -- got %r" % (got,)))
        sys.exit(1)
    checks += 1


client = Client(BASE + "/main/webservices/soap.php?wsdl")
service = client.service


def call(op, *args):
    try:
        return service[op](*args)
    except Fault as f:
        check(False, "%s answered fault %s %s" % (op, f.code, f.message))


def fault(op, *args):
    try:
        service[op](*args)
    except Fault as f:
        return (f.code, f.message)
    check(False, op + " should have faulted")


def items(result):
    """Array results as a list (zeep gives the `item` elements)."""
    if result is None:
        return []
    if isinstance(result, list):
        return result
    return list(getattr(result, "item", None) or result["item"] or [])


def codes(result):
    return [int(i["result"]["code"]) for i in items(result)]


def arr(rows):
    return {"item": rows}


def user(login, ext, password=None, method=""):
    return {
        "firstname": "F", "lastname": "L", "status": 5, "loginname": login,
        "password": password or "pw-" + login, "encrypt_method": method,
        "user_id_field_name": "zeep_ext", "user_id_value": ext, "visibility": 1,
        "email": login + "@example.org", "language": "english", "phone": "",
        "expiration_date": "", "extras": arr([{"field_name": "dept", "field_value": "math"}]),
    }


def uid(ext):
    return {"user_id_field_name": "zeep_ext", "user_id_value": ext}


check(call("WS.test") == "success", "WS.test")
check(call("WSReport.test") == "Hello world!", "WSReport.test")

# --- users
ada = call("WSUser.CreateUser", KEY, "Ada", "Lovelace", 5, "zeep_ada", "secret-pw", "",
           "zeep_ext", "Z1", 1, "ada@example.org", "english", "", "", arr([]))
check(isinstance(ada, int) and ada > 0, "CreateUser returns the new id", ada)
check(fault("WSUser.CreateUser", KEY, "Ada", "L", 5, "zeep_ada", "pw", "", "zeep_ext", "Z9", 1,
            "", "english", "", "", arr([])) == ("102", "This username is already taken"),
      "CreateUser with a taken username")
r = call("WSUser.CreateUsers", KEY, arr([
    user("zeep_bob", "Z2"), user("zeep_ada", "Z3"),
    user("zeep_dee", "Z5", hashlib.sha1(b"dee").hexdigest(), "sha1"),
    user("zeep_eve", "Z6", "nothex", "sha1"),
]))
check(codes(r) == [0, 102, 0, 103], "CreateUsers per-item codes", r)
check(items(r)[0]["user_id_value"] == "Z2" and items(r)[0]["user_id_generated"] > 0,
      "CreateUsers echoes the value and the new id", r)

call("WSUser.EditUser", KEY, "zeep_ext", "Z1", "Augusta", "", 5, "", "", "", "", "french", "",
     "", arr([]))
check(fault("WSUser.EditUser", KEY, "zeep_ext", "nobody", "x", "", 5, "", "", "", "", "", "", "",
            arr([]))[0] == "100", "EditUser unknown user")


def edit(ext, login):
    return {"user_id_field_name": "zeep_ext", "user_id_value": ext, "firstname": "E",
            "lastname": "", "status": 5, "loginname": login, "password": "", "encrypt_method": "",
            "email": "", "language": "", "phone": "", "expiration_date": "", "extras": arr([])}


r = call("WSUser.EditUsers", KEY, arr([edit("Z2", ""), edit("nobody", ""), edit("Z5", "zeep_ada")]))
check(codes(r) == [0, 100, 105], "EditUsers per-item codes", r)
r = call("WSUser.DisableUsers", KEY, arr([uid("Z2"), uid("nobody")]))
check(codes(r) == [0, 100], "DisableUsers", r)
r = call("WSUser.EnableUsers", KEY, arr([uid("Z2"), uid("nobody")]))
check(codes(r) == [0, 100], "EnableUsers", r)
call("WSUser.DisableUser", KEY, "zeep_ext", "Z5")
call("WSUser.EnableUser", KEY, "chamilo_user_id", str(ada))

# --- courses
course = call("WSCourse.CreateCourse", KEY, "Zeep Course", "", "", "", "zeep_ext", "Z1", "english",
              "zeep_course", "ZC1", arr([]))
check(isinstance(course, int) and course > 0, "CreateCourse", course)


def course_create(title, admin, ext):
    return {"title": title, "category_code": "", "wanted_code": 0, "tutor_name": "",
            "course_admin_user_id_field_name": "zeep_ext", "course_admin_user_id_value": admin,
            "language": "english", "course_id_field_name": "zeep_course", "course_id_value": ext,
            "extras": arr([])}


r = call("WSCourse.CreateCourses", KEY, arr([course_create("Zeep 2", "Z2", "ZC2"),
                                             course_create("Orphan", "nobody", "ZC3")]))
check(codes(r) == [0, 100], "CreateCourses", r)
call("WSCourse.EditCourse", KEY, "zeep_course", "ZC1", "Zeep Course I", "", "", "", "english", 0, 1,
     0, "", arr([]))
listed = items(call("WSCourse.ListCourses", KEY, "closed", ""))
check(len(listed) == 1 and listed[0]["title"] == "Zeep Course I", "ListCourses", listed)
call("WSCourse.SubscribeUserToCourse", KEY, "zeep_course", "ZC1", "zeep_ext", "Z2", 5)
check(fault("WSCourse.SubscribeUserToCourse", KEY, "zeep_course", "ZC1", "zeep_ext", "Z2", 5)[0]
      == "203", "subscribing twice is 203")
call("WSCourse.UnsubscribeUserFromCourse", KEY, "zeep_course", "ZC1", "zeep_ext", "Z2")
call("WSCourse.EditCourseDescription", KEY, "zeep_course", "ZC1", 3, "Topics", "<b>all</b>")
d = items(call("WSCourse.GetCourseDescriptions", KEY, "zeep_course", "ZC1"))
check(len(d) == 1 and d[0]["course_desc_content"] == "<b>all</b>", "GetCourseDescriptions", d)

# --- sessions
session = call("WSSession.CreateSession", KEY, "Zeep Session", "2031-01-01", "2031-02-01", 0, 0, 0,
               1, "zeep_ext", "Z1", "zeep_session", "ZS1", arr([]))
check(isinstance(session, int) and session > 0, "CreateSession", session)
call("WSSession.EditSession", KEY, "Zeep Session 2", "", "", 0, 0, 1, 2, "zeep_ext", "Z1",
     "zeep_session", "ZS1", arr([]))
call("WSSession.SubscribeUserToSession", KEY, "zeep_ext", "Z2", "zeep_session", "ZS1")
call("WSSession.SubscribeCourseToSession", KEY, "zeep_course", "ZC1", "zeep_session", "ZS1")
call("WSSession.SubscribeTeacherToSessionCourse", KEY, "zeep_ext", "Z1", "zeep_session", "ZS1",
     "zeep_course", "ZC1")
call("WSSession.UnsubscribeTeacherFromSessionCourse", KEY, "zeep_ext", "Z1", "zeep_session", "ZS1",
     "zeep_course", "ZC1")
call("WSSession.UnsubscribeUserFromSession", KEY, "zeep_ext", "Z2", "zeep_session", "ZS1")
call("WSSession.UnsubscribeCourseFromSession", KEY, "zeep_course", "ZC1", "zeep_session", "ZS1")

# --- reports
check(call("WSReport.GetTimeSpentOnPlatform", KEY, "zeep_ext", "Z2") == "0",
      "GetTimeSpentOnPlatform")
check(call("WSReport.GetTimeSpentOnCourseInSession", KEY, "zeep_ext", "Z2", "zeep_course", "ZC1",
           "zeep_session", "ZS1") == "0", "GetTimeSpentOnCourseInSession")
check(items(call("WSReport.GetLearnpathsByCourse", KEY, "zeep_ext", "Z2", "zeep_course", "ZC1"))
      == [], "GetLearnpathsByCourse")
check(fault("WSReport.GetLearnpathStatusSingleItem", KEY, "zeep_ext", "Z2", "zeep_course", "ZC1",
            "1", "1") == ("400", "Learnpath not found"), "learnpath status is a fault")

# --- a wrong key
check(fault("WSUser.DisableUser", "0" * 40, "zeep_ext", "Z2") == ("1", "API key is invalid"),
      "wrong key")

# --- teardown
call("WSSession.DeleteSession", KEY, "zeep_session", "ZS1")
r = call("WSCourse.DeleteCourses", KEY, arr([{"course_id_field_name": "zeep_course",
                                               "course_id_value": "ZC1"},
                                              {"course_id_field_name": "zeep_course",
                                               "course_id_value": "nothing"}]))
check(codes(r) == [0, 200], "DeleteCourses", r)
call("WSCourse.DeleteCourse", KEY, "zeep_course", "ZC2")
r = call("WSUser.DeleteUsers", KEY, arr([uid("Z5"), uid("nobody")]))
check(codes(r) == [0, 100], "DeleteUsers", r)
call("WSUser.DeleteUser", KEY, "zeep_ext", "Z2")

print("OK %d" % checks)
