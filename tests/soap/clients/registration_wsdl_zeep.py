"""python zeep loads registration.soap.php's WSDL on a closed network.

Usage: python3 registration_wsdl_zeep.py BASE_URL
Prints "OK <number of checks>" and exits 0, or names the first failed check and exits 1.
The SOAP encoding schema the WSDL imports comes from the gateway itself (schemaLocation).
"""

import sys

from zeep import Client

if len(sys.argv) < 2:
    sys.stderr.write("usage: python3 registration_wsdl_zeep.py BASE_URL\n")
    sys.exit(2)

BASE = sys.argv[1].rstrip("/")
checks = 0


def check(cond, what, got=None):
    global checks
    if not cond:
        sys.stderr.write("FAIL: %s%s\n" % (what, "" if got is None else " -- got %r" % (got,)))
        sys.exit(1)
    checks += 1


client = Client(BASE + "/main/webservices/registration.soap.php?wsdl")
port = client.wsdl.services["WSRegistration"].ports["WSRegistrationPort"]
ops = list(port.binding._operations)
check(len(ops) == 53, "53 operations", ops)
check(
    port.binding_options["address"] == BASE + "/main/webservices/registration.soap.php",
    "address",
    port.binding_options["address"],
)
# the array types resolve to their declared items: a batch message can be built offline
users = client.get_type("ns0:usersParamsList")
check(users is not None, "usersParamsList")
message = client.create_message(
    client.service,
    "WSCreateUsers",
    {"users": [{"firstname": "Ada", "loginname": "ada"}], "secret_key": "k"},
)
check(message is not None, "WSCreateUsers message")
print("OK %d" % checks)
