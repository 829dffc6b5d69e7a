"""python zeep drives registration.soap.php through a lifecycle, checking every answer.

Usage: python3 registration_lifecycle.py BASE_URL SECURITY_KEY
Prints "OK <number of checks>" and exits 0, or names the first failed check and exits 1.
Users (a batch, one, one with a pre-hashed password) are created, looked up, edited, enrolled in a
course (made over soap.php) and a session, listed, disabled, enabled and deleted. zeep loads the
WSDL from the gateway, the SOAP encoding schema included: this works on a closed network.

Arrays: the WSDL declares each array type as a SOAP-ENC:Array restriction holding a sequence of
`item` elements, so zeep takes an array as {"item": [...]}; given a bare list it sends an empty
element (the check below proves it, so that the README's advice stays true).
"""

import contextlib
import hashlib
import io
import sys
import urllib.request

from zeep import Client
from zeep.exceptions import Fault

if len(sys.argv) < 3:
    sys.stderr.write("usage: python3 registration_lifecycle.py BASE_URL SECURITY_KEY\n")
    sys.exit(2)

base = sys.argv[1].rstrip("/")
security_key = sys.argv[2]
checks = 0


def check(cond, what, got=None):
    global checks
    if not cond:
        sys.stderr.write("FAIL: %s%s\n" % (what, "" if got is None else " -- got %r" % (got,)))
        sys.exit(1)
    checks += 1


printed = io.StringIO()
try:
    with contextlib.redirect_stdout(printed):
        # README registration.soap.php (zeep): begin
        # the key: sha1 of your address as the server sees it (testip.php says) and the security key
        with urllib.request.urlopen(base + "/main/webservices/testip.php") as answer:
            ip = answer.read().decode().splitlines()[0].strip()
        secret_key = hashlib.sha1((ip + security_key).encode()).hexdigest()
        client = Client(base + "/main/webservices/registration.soap.php?wsdl")
        # every operation takes one struct, the key inside it; arrays are {"item": [...]}
        answer = client.service.WSCreateUsers({
            "users": {"item": [{
                "firstname": "Ada", "lastname": "Lovelace", "status": "5",
                "email": "ada@example.org", "loginname": "zeep_reg_ada", "password": "secret-pw",
                "language": "english", "phone": "", "expiration_date": "",
                "original_user_id_name": "zeep_reg", "original_user_id_value": "ZR-1",
                "extra": {"item": [{"field_name": "dept", "field_value": "maths"}]},
            }]},
            "secret_key": secret_key,
        })
        for row in answer:  # one row per user: its external id and the new user id (0: refused)
            print(row["original_user_id_value"], row["result"])
        # README registration.soap.php (zeep): end
except Fault as f:
    check(False, "the README example answered fault %s %s" % (f.code, f.message))

service = client.service
check(len(answer) == 1 and int(answer[0]["result"]) > 0, "WSCreateUsers answers the new id", answer)
ada = int(answer[0]["result"])
check(printed.getvalue() == "ZR-1 %d\n" % ada, "the example prints the row", printed.getvalue())


def call(op, param):
    try:
        return service[op](param)
    except Fault as f:
        check(False, "%s answered fault %s %s" % (op, f.code, f.message))


def arr(rows):
    return {"item": rows}


def person(login, ext, first):
    return {"firstname": first, "lastname": "Reg", "status": "5", "email": login + "@example.org",
            "loginname": login, "password": "secret-pw", "language": "english", "phone": "",
            "expiration_date": "", "original_user_id_name": "zeep_reg",
            "original_user_id_value": ext, "extra": arr([])}


def ids(key, *values):
    return {"ids": arr([{"original_user_id_value": v, "original_user_id_name": "zeep_reg"}
                        for v in values]), "secret_key": key}


def rows(answer, value="original_user_id_value"):
    return [(r[value], r["result"]) for r in (answer or [])]


def get(ext):
    u = call("WSGetUser", {"original_user_id_value": ext, "original_user_id_name": "zeep_reg",
                           "secret_key": secret_key})
    return (u["user_id"] or "", u["firstname"] or "", u["lastname"] or "")


# --- why {"item": [...]}: a bare list goes out as an empty array, and nothing is created
r = call("WSCreateUsers", {"users": [person("zeep_reg_lost", "ZR-0", "Lost")],
                           "secret_key": secret_key})
check(rows(r) == [], "a bare list is sent empty: no rows", r)
check(get("ZR-0") == ("", "", ""), "a bare list created nobody", get("ZR-0"))

# --- users: a batch (the third reuses a login: refused), one, a pre-hashed password
r = call("WSCreateUsers", {"users": arr([person("zeep_reg_bob", "ZR-2", "Bob"),
                                         person("zeep_reg_cy", "ZR-3", "Cy"),
                                         person("zeep_reg_bob", "ZR-4", "Bis"),
                                         person("zeep_reg_gus", "ZR-7", "Gus")]),
                           "secret_key": secret_key})
check([v for v, _ in rows(r)] == ["ZR-2", "ZR-3", "ZR-4", "ZR-7"] and r[2]["result"] == "0",
      "WSCreateUsers: a row per item, the taken login refused", r)
bob, cy, gus = int(r[0]["result"]), int(r[1]["result"]), int(r[3]["result"])
check(ada < bob < cy < gus, "WSCreateUsers answers the new ids", r)
one = dict(person("zeep_reg_fay", "ZR-6", "Fay"), secret_key=secret_key, active="1")
fay = int(call("WSCreateUser", one))
check(fay > gus, "WSCreateUser answers the new id", fay)
dee = call("WSCreateUserPasswordCrypted", {
    "firstname": "Dee", "lastname": "Hash", "status": "5", "email": "dee@example.org",
    "loginname": "zeep_reg_dee", "password": hashlib.md5(b"dee-secret").hexdigest(),
    "encrypt_method": "md5", "language": "english", "phone": "", "expiration_date": "",
    "official_code": "", "original_user_id_name": "zeep_reg", "original_user_id_value": "ZR-5",
    "extra": arr([]), "secret_key": secret_key})
check(int(dee) > fay, "WSCreateUserPasswordCrypted answers the new id", dee)

# --- lookups and an edit
check(get("ZR-5") == (dee, "Dee", "Hash"), "WSGetUser finds the pre-hashed user", get("ZR-5"))
check(get("nobody") == ("", "", ""), "WSGetUser of an unknown id: empty strings", get("nobody"))
edited = call("WSEditUser", {
    "original_user_id_value": "ZR-3", "original_user_id_name": "zeep_reg", "firstname": "Cyrus",
    "lastname": "Edited", "username": "zeep_reg_cyrus", "password": "",
    "email": "cyrus@example.org", "status": "5", "phone": "+33", "expiration_date": "",
    "enable": True, "language": "french", "extra": arr([]), "secret_key": secret_key})
check(edited == str(cy), "WSEditUser answers the user id", edited)
check(get("ZR-3") == (str(cy), "Cyrus", "Edited"), "WSGetUser sees the edit", get("ZR-3"))

# --- a course, made over soap.php (the same core, the same data), taught by Ada
ws = Client(base + "/main/webservices/soap.php?wsdl").service
course = ws["WSCourse.CreateCourse"](secret_key, "Zeep Registration", "", "ZEEPREG", "",
                                     "zeep_reg", "ZR-1", "english", "zeep_reg_course", "ZRC-1",
                                     arr([]))
check(isinstance(course, int) and course > 0, "soap.php CreateCourse", course)


def enrol(course_ext, user_ext, status):
    return {"course_id": {"original_course_id_name": "zeep_reg_course",
                          "original_course_id_value": course_ext},
            "user_id": {"original_user_id_value": user_ext, "original_user_id_name": "zeep_reg"},
            "status": status}


r = call("WSSubscribeUserToCourse", {"userscourses": arr([
    enrol("ZRC-1", "ZR-2", 5), enrol("ZRC-1", "ZR-3", 0), enrol("ZRC-1", "ZR-2", 5),
    enrol("nope", "ZR-2", 5), enrol("ZRC-1", "nobody", 5)]), "secret_key": secret_key})
check(rows(r) == [("ZR-2", 1), ("ZR-3", 1), ("ZR-2", 0), ("ZR-2", 0), ("nobody", 0)],
      "WSSubscribeUserToCourse: 1 enrolled, 0 again or unknown (ints)", rows(r))


def subscribed(user):
    return call("WSUserSubscribedInCourse", {"course": "ZEEPREG", "user_id": str(user),
                                             "secret_key": secret_key})


check(subscribed(bob) == "1", "WSUserSubscribedInCourse: 1", subscribed(bob))
# the empty string, which zeep reads as an empty element: None or ""
check(subscribed(dee) in ("", None), "WSUserSubscribedInCourse: empty when not", subscribed(dee))

# --- a session coached by Ada, and two students (and one unknown) in it
r = call("WSCreateSession", {"sessions": arr([{
    "name": "Zeep Registration Session", "year_start": "2031", "month_start": "1",
    "day_start": "1", "year_end": "2031", "month_end": "6", "day_end": "30",
    "nb_days_access_before": "0", "nb_days_access_after": "0", "nolimit": "",
    "user_id": str(ada), "duration": "", "original_session_id_name": "zeep_reg_session",
    "original_session_id_value": "ZRS-1", "extra": arr([])}]), "secret_key": secret_key})
check(len(r) == 1 and r[0]["original_session_id_value"] == "ZRS-1" and int(r[0]["result"]) > 0,
      "WSCreateSession answers the new id", r)
r = call("WSSuscribeUsersToSession", {"userssessions": arr([{
    "original_user_id_values": arr([{"original_user_id_value": v}
                                    for v in ("ZR-2", "ZR-3", "nobody")]),
    "original_user_id_name": "zeep_reg", "original_session_id_value": "ZRS-1",
    "original_session_id_name": "zeep_reg_session"}]), "secret_key": secret_key})
check(rows(r, "original_user_id_values") == [("ZR-2", "1"), ("ZR-3", "1"), ("nobody", "0")],
      "WSSuscribeUsersToSession: a row per user", r)

# --- the catalogue: the course with its external id and its two students
r = call("WSListCourses", {"secret_key": secret_key, "original_course_id_name": "zeep_reg_course",
                           "from": 0, "to": 0})
listed = [c for c in r if c["code"] == "ZEEPREG"]
check(len(listed) == 1 and listed[0]["id"] == course
      and listed[0]["external_course_id"] == "ZRC-1"
      and listed[0]["title"] == "Zeep Registration" and listed[0]["number_students"] == 2,
      "WSListCourses lists the course", r)

# --- disable, enable, delete
r = call("WSDisableUsers", ids(secret_key, "ZR-2", "nobody"))
check(rows(r) == [("ZR-2", "1"), ("nobody", "0")], "WSDisableUsers", rows(r))
r = call("WSEnableUsers", ids(secret_key, "ZR-2"))
check(rows(r) == [("ZR-2", "1")], "WSEnableUsers", rows(r))
r = call("WSDisableUsers", ids(secret_key, "ZR-1"))
check(rows(r) == [("ZR-1", "1")], "WSDisableUsers leaves Ada disabled", rows(r))
r = call("WSDeleteUsers", ids(secret_key, "ZR-7", "ZR-7"))
check(rows(r) == [("ZR-7", "1"), ("ZR-7", "0")], "WSDeleteUsers: once", rows(r))
check(get("ZR-7") == ("", "", ""), "the deleted user is gone", get("ZR-7"))

# --- read back over soap.php: the course as registration.soap.php left it
listed = [c for c in ws["WSCourse.ListCourses"](secret_key, "zeep_reg_course", "")
          if c["code"] == "ZEEPREG"]
check(len(listed) == 1 and listed[0]["external_course_id"] == "ZRC-1" and listed[0]["id"] == course,
      "soap.php ListCourses reads the same course", listed)

# --- a wrong key: the original's fault, nothing done
try:
    service.WSDeleteUsers(ids("0" * 40, "ZR-2"))
    check(False, "a wrong key should fault")
except Fault as f:
    check((f.code, f.message) == ("Server", "Secret key is not correct or params are not correctly set"),
          "the wrong-key fault", (f.code, f.message))
check(get("ZR-2")[0] == str(bob), "the wrong key deleted nothing")

print("OK %d" % checks)
