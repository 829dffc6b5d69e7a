<?php
// NuSOAP in WSDL mode, called as Chamilo's own example client (main/webservices/client_soap.php)
// calls registration.soap.php: $client->call('WSOp', ['partName' => $params]). A lifecycle of
// users (a batch, one, one with a sha1-hashed password as the example's), a lookup, an edit,
// course and session enrolment, the catalogue, disable, enable and delete; every answer checked.
// Usage: php registration_nusoap_lifecycle.php BASE_URL SECURITY_KEY NUSOAP_PHP
// Prints "OK <number of checks>" and exits 0, or names the first failed check and exits 1.

// PHP's own messages (NuSOAP warns on PHP 8) go to stderr: stdout carries the verdict
ini_set('display_errors', 'stderr');
ini_set('log_errors', '0');
if ($argc < 4) {
    fwrite(STDERR, "usage: php registration_nusoap_lifecycle.php BASE_URL SECURITY_KEY NUSOAP_PHP\n");
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
$secret_key = sha1($ip . $argv[2]);

$client = new nusoap_client("$base/main/webservices/registration.soap.php?wsdl", true);
check(!$client->getError(), 'the client is built', $client->getError());

/** Calls $op with its one part; fails the run on a fault or a transport error. */
function call($op, $part, array $params)
{
    global $client;
    $r = $client->call($op, [$part => $params]);
    check(!$client->fault, "$op answered a fault", $r);
    check(!$client->getError(), "$op failed", $client->getError() . "\n" . $client->request . "\n" . $client->response);
    return $r;
}

function person($login, $ext, $first)
{
    return ['firstname' => $first, 'lastname' => 'Reg', 'status' => '5',
        'email' => "$login@example.org", 'loginname' => $login, 'password' => 'secret-pw',
        'language' => 'english', 'phone' => '', 'expiration_date' => '',
        'original_user_id_name' => 'nusoap_reg', 'original_user_id_value' => $ext, 'extra' => []];
}

function ids($key, ...$values)
{
    return ['ids' => array_map(function ($v) {
        return ['original_user_id_name' => 'nusoap_reg', 'original_user_id_value' => $v];
    }, $values), 'secret_key' => $key];
}

/** [value, result] of each row of a batch answer. */
function rows($answer, $value = 'original_user_id_value')
{
    return array_map(function ($row) use ($value) {
        return [$row[$value], $row['result']];
    }, $answer);
}

// --- users: one (active), a batch (the third reuses a login: refused), a pre-hashed password
$ada = call('WSCreateUser', 'createUser', person('nusoap_reg_ada', 'NR-1', 'Ada') +
    ['secret_key' => $secret_key, 'active' => '1']);
check(is_numeric($ada) && $ada > 0, 'WSCreateUser answers the new id', $ada);
$r = call('WSCreateUsers', 'createUsers', ['users' => [
    person('nusoap_reg_bob', 'NR-2', 'Bob'),
    person('nusoap_reg_cy', 'NR-3', 'Cy'),
    person('nusoap_reg_bob', 'NR-4', 'Bis'),
    person('nusoap_reg_gus', 'NR-7', 'Gus'),
], 'secret_key' => $secret_key]);
check($r[2]['result'] === '0' && array_column(rows($r), 0) === ['NR-2', 'NR-3', 'NR-4', 'NR-7'],
    'WSCreateUsers: a row per item, the taken login refused', $r);
[$bob, $cy, $gus] = [(int) $r[0]['result'], (int) $r[1]['result'], (int) $r[3]['result']];
check($bob > $ada && $cy > $bob && $gus > $cy, 'WSCreateUsers answers the new ids', $r);
// Chamilo's example client, as it is: the password as sha1(login), official code, two extras
$login = 'nusoap_reg_jbrion42';
$params = [
    'firstname' => 'Jon', 'lastname' => 'Brion', 'status' => '5', 'email' => 'jon@example.com',
    'loginname' => $login, 'password' => sha1($login), 'encrypt_method' => 'sha1',
    'language' => 'english', 'official_code' => 'official', 'phone' => '00000000',
    'expiration_date' => '0000-00-00', 'original_user_id_name' => 'nusoap_reg',
    'original_user_id_value' => 42, 'secret_key' => $secret_key,
    'extra' => [['field_name' => 'ruc', 'field_value' => '123'], ['field_name' => 'DNI', 'field_value' => '4200000']],
];
$jon = call('WSCreateUserPasswordCrypted', 'createUserPasswordCrypted', $params);
check(is_numeric($jon) && $jon > $gus, 'WSCreateUserPasswordCrypted answers the new id', $jon);

// --- lookups and an edit
$get = function ($ext) use ($secret_key) {
    $u = call('WSGetUser', 'GetUser', ['original_user_id_value' => $ext,
        'original_user_id_name' => 'nusoap_reg', 'secret_key' => $secret_key]);
    return [$u['user_id'] ?? null, $u['firstname'] ?? null, $u['lastname'] ?? null];
};
check($get('42') === ["$jon", 'Jon', 'Brion'], 'WSGetUser finds the example client\'s user', $get('42'));
check($get('nobody') === ['', '', ''], 'WSGetUser of an unknown id: empty strings', $get('nobody'));
$edited = call('WSEditUser', 'editUser', ['original_user_id_value' => 'NR-3',
    'original_user_id_name' => 'nusoap_reg', 'firstname' => 'Cyrus', 'lastname' => 'Edited',
    'username' => 'nusoap_reg_cyrus', 'password' => '', 'email' => 'cyrus@example.org', 'status' => '5',
    'phone' => '+33', 'expiration_date' => '', 'enable' => true, 'language' => 'french', 'extra' => [],
    'secret_key' => $secret_key]);
check($edited === "$cy", 'WSEditUser answers the user id', $edited);
check($get('NR-3') === ["$cy", 'Cyrus', 'Edited'], 'WSGetUser sees the edit', $get('NR-3'));

// --- a course, made over soap.php (the same core, the same data), taught by Ada
$ws = new nusoap_client("$base/main/webservices/soap.php?wsdl", true);
$ws_call = function ($op, array $parts) use ($ws) {
    $r = $ws->call($op, $parts);
    check(!$ws->fault && !$ws->getError(), "soap.php $op", [$r, $ws->getError()]);
    return $r;
};
$course = $ws_call('WSCourse.CreateCourse', ['secret_key' => $secret_key, 'title' => 'NuSOAP Registration',
    'category_code' => '', 'wanted_code' => 'NUREG', 'tutor_name' => '',
    'course_admin_user_id_field_name' => 'nusoap_reg', 'course_admin_user_id_value' => 'NR-1',
    'language' => 'english', 'course_id_field_name' => 'nusoap_reg_course', 'course_id_value' => 'NRC-1',
    'extras' => []]);
check(is_int($course) && $course > 0, 'soap.php CreateCourse', $course);

$enrol = function ($course_ext, $user_ext, $status) {
    return ['course_id' => ['original_course_id_name' => 'nusoap_reg_course', 'original_course_id_value' => $course_ext],
        'user_id' => ['original_user_id_value' => $user_ext, 'original_user_id_name' => 'nusoap_reg'],
        'status' => $status];
};
$r = call('WSSubscribeUserToCourse', 'subscribeUserToCourse', ['userscourses' => [
    $enrol('NRC-1', 'NR-2', 5), $enrol('NRC-1', 'NR-3', 0), $enrol('NRC-1', 'NR-2', 5),
    $enrol('nope', 'NR-2', 5), $enrol('NRC-1', 'nobody', 5),
], 'secret_key' => $secret_key]);
check(rows($r) === [['NR-2', 1], ['NR-3', 1], ['NR-2', 0], ['NR-2', 0], ['nobody', 0]],
    'WSSubscribeUserToCourse: 1 enrolled, 0 again or unknown (ints)', rows($r));
$in = function ($user) use ($secret_key) {
    return call('WSUserSubscribedInCourse', 'UserSubscribedInCourse', ['course' => 'NUREG',
        'user_id' => (string) $user, 'secret_key' => $secret_key]);
};
check($in($jon) === '', 'WSUserSubscribedInCourse: the empty string when not subscribed', $in($jon));
// the example client's simple form: Chamilo's course code and user id
$simple = call('WSSubscribeUserToCourseSimple', 'subscribeUserToCourseSimple', ['course' => 'NUREG',
    'user_id' => $jon, 'secret_key' => $secret_key]);
check($simple === '1', 'WSSubscribeUserToCourseSimple', $simple);
check($in($jon) === '1', 'WSUserSubscribedInCourse: 1 once subscribed', $in($jon));

// --- a session coached by Ada, and two students (and one unknown) in it
$r = call('WSCreateSession', 'createSession', ['sessions' => [[
    'name' => 'NuSOAP Registration Session', 'year_start' => '2031', 'month_start' => '1', 'day_start' => '1',
    'year_end' => '2031', 'month_end' => '6', 'day_end' => '30', 'nb_days_access_before' => '0',
    'nb_days_access_after' => '0', 'nolimit' => '', 'user_id' => (string) $ada, 'duration' => '',
    'original_session_id_name' => 'nusoap_reg_session', 'original_session_id_value' => 'NRS-1', 'extra' => [],
]], 'secret_key' => $secret_key]);
check(count($r) === 1 && $r[0]['original_session_id_value'] === 'NRS-1' && (int) $r[0]['result'] > 0,
    'WSCreateSession answers the new id', $r);
$r = call('WSSuscribeUsersToSession', 'subscribeUsersToSession', ['userssessions' => [[
    'original_user_id_values' => [['original_user_id_value' => 'NR-2'], ['original_user_id_value' => 'NR-3'],
        ['original_user_id_value' => 'nobody']],
    'original_user_id_name' => 'nusoap_reg', 'original_session_id_value' => 'NRS-1',
    'original_session_id_name' => 'nusoap_reg_session',
]], 'secret_key' => $secret_key]);
check(rows($r, 'original_user_id_values') === [['NR-2', '1'], ['NR-3', '1'], ['nobody', '0']],
    'WSSuscribeUsersToSession: a row per user', $r);

// --- the catalogue: the course with its external id and its three students
$r = call('WSListCourses', 'listCourseInput', ['secret_key' => $secret_key,
    'original_course_id_name' => 'nusoap_reg_course', 'from' => 0, 'to' => 0]);
$listed = array_values(array_filter($r, function ($c) { return $c['code'] === 'NUREG'; }));
check(count($listed) === 1 && $listed[0]['id'] === $course && $listed[0]['external_course_id'] === 'NRC-1'
    && $listed[0]['title'] === 'NuSOAP Registration' && $listed[0]['number_students'] === 3,
    'WSListCourses lists the course', $r);

// --- disable, enable, delete (as the example client: disable then enable)
$r = call('WSDisableUsers', 'user_ids', ids($secret_key, 'NR-2', 'nobody'));
check(rows($r) === [['NR-2', '1'], ['nobody', '0']], 'WSDisableUsers', rows($r));
$r = call('WSEnableUsers', 'user_ids', ids($secret_key, 'NR-2'));
check(rows($r) === [['NR-2', '1']], 'WSEnableUsers', rows($r));
$r = call('WSDisableUsers', 'user_ids', ids($secret_key, 'NR-1'));
check(rows($r) === [['NR-1', '1']], 'WSDisableUsers leaves Ada disabled', rows($r));
$r = call('WSDeleteUsers', 'user_ids', ids($secret_key, 'NR-7', 'NR-7'));
check(rows($r) === [['NR-7', '1'], ['NR-7', '0']], 'WSDeleteUsers: once', rows($r));
check($get('NR-7') === ['', '', ''], 'the deleted user is gone', $get('NR-7'));

// --- read back over soap.php: the course as registration.soap.php left it
$r = $ws_call('WSCourse.ListCourses', ['secret_key' => $secret_key, 'course_id_field_name' => 'nusoap_reg_course',
    'visibilities' => '']);
$listed = array_values(array_filter($r, function ($c) { return $c['code'] === 'NUREG'; }));
check(count($listed) === 1 && $listed[0]['external_course_id'] === 'NRC-1' && $listed[0]['id'] === $course,
    'soap.php ListCourses reads the same course', $r);

// --- a wrong key: the original's fault, nothing done
$r = $client->call('WSDeleteUsers', ['user_ids' => ids(str_repeat('0', 40), 'NR-2')]);
check($client->fault && [$r['faultcode'], $r['faultstring']] === ['Server', 'Secret key is not correct or params are not correctly set'],
    'the wrong-key fault', $r);
check($get('NR-2')[0] === "$bob", 'the wrong key deleted nothing');

echo "OK $checks\n";
