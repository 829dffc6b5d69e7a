<?php
// NuSOAP in WSDL mode (nusoap_client($wsdl_url, true), as Chamilo's example client and most
// legacy PHP integrations use it) loads the gateway's WSDL and drives a user's lifecycle.
// Usage: php nusoap_lifecycle.php BASE_URL SECURITY_KEY NUSOAP_PHP
// The secret key is derived as such clients do: sha1(address testip.php reports . security key).
// Prints "OK <number of checks>" and exits 0, or names the first failed check and exits 1.

// PHP's own messages (NuSOAP warns on PHP 8) go to stderr, once: stdout carries the verdict
ini_set('display_errors', 'stderr');
ini_set('log_errors', '0');
if ($argc < 4) {
    fwrite(STDERR, "usage: php nusoap_lifecycle.php BASE_URL SECURITY_KEY NUSOAP_PHP\n");
    exit(2);
}
$base = rtrim($argv[1], '/');
require $argv[3];
$checks = 0;

function check($cond, $what, $got = null)
{
    global $checks;
    if (!$cond) {
        fwrite(STDERR, "FAIL: $what" . ($got === null ? '' : ' -- got ' . var_export($got, true)) . "\n");
        exit(1);
    }
    $checks++;
}

$ip = trim(strtok(file_get_contents("$base/main/webservices/testip.php"), "\n"));
check($ip !== '', 'testip.php names the caller');
$key = sha1($ip . $argv[2]);

$c = new nusoap_client("$base/main/webservices/soap.php?wsdl", true);
check(!$c->getError(), 'the client is built', $c->getError());

/** Calls $op with named parts; fails the run on a fault or a transport error. */
function call($op, array $parts)
{
    global $c;
    $r = $c->call($op, $parts);
    check(!$c->fault, "$op answered a fault", $r);
    check(!$c->getError(), "$op failed", $c->getError() . "\n" . $c->request . "\n" . $c->response);
    return $r;
}

/** Calls $op expecting a fault; returns [faultcode, faultstring]. */
function fault($op, array $parts)
{
    global $c;
    $r = $c->call($op, $parts);
    check($c->fault, "$op should have faulted", $r);
    return [(string) $r['faultcode'], $r['faultstring']];
}

function codes($items)
{
    return array_map(function ($i) { return (int) $i['result']['code']; }, $items);
}

function user_ref($ext)
{
    return ['user_id_field_name' => 'nusoap_ext', 'user_id_value' => $ext];
}

function new_user($key, $login, $ext, $first)
{
    return ['secret_key' => $key, 'firstname' => $first, 'lastname' => 'Soap', 'status' => 5,
        'loginname' => $login, 'password' => 'secret-pw', 'encrypt_method' => '',
        'user_id_field_name' => 'nusoap_ext', 'user_id_value' => $ext, 'visibility' => 1,
        'email' => "$login@example.org", 'language' => 'english', 'phone' => '',
        'expiration_date' => '', 'extras' => [['field_name' => 'dept', 'field_value' => 'maths']]];
}

// --- no key: the WSDL loads (every operation of the soap binding) and the test operations answer
check(call('WS.test', []) === 'success', 'WS.test');
check(count($c->wsdl->getOperations()) === 41, "41 operations in the WSDL (Chamilo's 40 and WSUser.EditUserCredentials)", array_keys($c->wsdl->getOperations()));
check(call('WSReport.test', []) === 'Hello world!', 'WSReport.test');

// --- create (the WSDL types the parts: ints, and extras as a SOAP-ENC array of structs)
$id = call('WSUser.CreateUser', new_user($key, 'nusoap_ada', 'N1', 'Ada'));
check(is_int($id) && $id > 0, 'CreateUser returns the new id', $id);
check(fault('WSUser.CreateUser', new_user($key, 'nusoap_ada', 'N9', 'Ada')) === ['102', 'This username is already taken'],
    'CreateUser with a taken username');
// NuSOAP declares ISO-8859-1 by default and sends a string's bytes as they are, so a legacy
// script hands it Latin-1 text; the gateway must store "Zoë" in UTF-8 (the test checks)
$r = call('WSUser.CreateUsers', ['secret_key' => $key, 'users' => [
    array_slice(new_user($key, 'nusoap_bob', 'N2', 'Bob'), 1),
    array_slice(new_user($key, 'nusoap_zoe', 'N3', iconv('UTF-8', 'ISO-8859-1', 'Zoë')), 1),
]]);
check(codes($r) === [0, 0], 'CreateUsers per-item codes', $r);
check($r[0]['user_id_value'] === 'N2' && (int) $r[0]['user_id_generated'] > $id, 'CreateUsers echoes the value and the new id', $r[0]);

// --- get: the reports know the new user; edit: its username changes
$ada = ['secret_key' => $key, 'user_id_field_name' => 'nusoap_ext', 'user_id_value' => 'N1'];
check(call('WSReport.GetTimeSpentOnPlatform', $ada) === '0', 'GetTimeSpentOnPlatform finds the new user');
call('WSUser.EditUser', $ada + ['firstname' => 'Ada', 'lastname' => 'Lovelace', 'status' => 5,
    'loginname' => 'nusoap_lovelace', 'password' => '', 'encrypt_method' => '', 'email' => 'ada@example.org',
    'language' => 'french', 'phone' => '+44', 'expiration_date' => '',
    'extras' => [['field_name' => 'dept', 'field_value' => 'engines']]]);
check(fault('WSUser.CreateUser', new_user($key, 'nusoap_lovelace', 'N8', 'Ada'))[0] === '102', 'EditUser renamed the user');
$r = call('WSUser.DisableUsers', ['secret_key' => $key, 'users' => [user_ref('N3'), user_ref('nobody')]]);
check(codes($r) === [0, 100] && $r[1]['user_id_value'] === 'nobody', 'DisableUsers', $r);

// --- a wrong key is refused
check(fault('WSUser.DeleteUser', ['secret_key' => str_repeat('0', 40)] + $ada) === ['1', 'API key is invalid'], 'wrong key');

// --- delete: the users are gone afterwards (nusoap_zoe stays, for the test to inspect)
call('WSUser.DeleteUser', $ada);
check(fault('WSUser.DeleteUser', $ada) === ['100', 'User not found'], 'the deleted user is gone');
check(fault('WSReport.GetTimeSpentOnPlatform', $ada)[0] === '100', 'the reports no longer know the deleted user');
$r = call('WSUser.DeleteUsers', ['secret_key' => $key, 'users' => [user_ref('N2'), user_ref('nobody')]]);
check(codes($r) === [0, 100], 'DeleteUsers', $r);
$r = call('WSUser.DeleteUsers', ['secret_key' => $key, 'users' => [user_ref('N2')]]);
check(codes($r) === [100], 'the batch-deleted user is gone', $r);

echo "OK $checks\n";
