<?php
// PHP's SoapClient in WSDL mode drives registration.soap.php through a lifecycle: users created
// (in a batch, one by one, one with a pre-hashed password), looked up, edited, enrolled in a
// course (made over soap.php) and a session, listed, disabled, enabled and deleted; and every
// other family once: a course made and edited here with a description section, added to the
// session, enrolment by Chamilo ids and out again, a WSDL-typed un-enrolment, a pre-hashed
// password edit, the session listing, a class with a member, a catalogue rule. Every answer is
// checked. What is left behind is read back by the test (tests/soap/registration_clients.rs).
// Usage: php registration_lifecycle.php BASE_URL SECURITY_KEY
// The key is derived as integrators derive it: sha1(the address testip.php reports . security key).
// Prints "OK <number of checks>" and exits 0, or names the first failed check and exits 1.

if ($argc < 3) {
    fwrite(STDERR, "usage: php registration_lifecycle.php BASE_URL SECURITY_KEY\n");
    exit(2);
}
$base = rtrim($argv[1], '/');
$security_key = $argv[2];
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

ob_start(); // what the example prints is checked, stdout carries the verdict
try {
    // README registration.soap.php (PHP SoapClient): begin
    // the key: sha1 of your address as the server sees it (testip.php says) and the security key
    $ip = trim(strtok(file_get_contents("$base/main/webservices/testip.php"), "\n"));
    $secret_key = sha1($ip . $security_key);
    $client = new SoapClient("$base/main/webservices/registration.soap.php?wsdl", [
        'cache_wsdl' => WSDL_CACHE_NONE,
    ]);
    // every operation takes one struct, the key inside it; an account is active only with 'active'
    $id = $client->WSCreateUser([
        'firstname' => 'Ada', 'lastname' => 'Lovelace', 'status' => '5',
        'email' => 'ada@example.org', 'loginname' => 'php_reg_ada', 'password' => 'secret-pw',
        'language' => 'english', 'phone' => '', 'expiration_date' => '',
        'original_user_id_name' => 'php_reg', 'original_user_id_value' => 'PR-1',
        'extra' => [['field_name' => 'dept', 'field_value' => 'maths']],
        'secret_key' => $secret_key, 'active' => '1',
    ]);
    $user = $client->WSGetUser([
        'original_user_id_name' => 'php_reg', 'original_user_id_value' => 'PR-1',
        'secret_key' => $secret_key,
    ]);
    echo "user $id: {$user->firstname} {$user->lastname}\n";
    // README registration.soap.php (PHP SoapClient): end
} catch (SoapFault $f) {
    check(false, "the README example answered fault {$f->faultcode} {$f->faultstring}");
}
$printed = ob_get_clean();

function call($op, array $param)
{
    global $client;
    try {
        return $client->$op($param);
    } catch (SoapFault $f) {
        check(false, "$op answered fault {$f->faultcode} {$f->faultstring}", $client->__getLastRequest());
    }
}

check(is_numeric($id) && $id > 0, 'WSCreateUser answers the new id', $id);
check($printed === "user $id: Ada Lovelace\n", 'the example prints the user', $printed);
check([$user->user_id, $user->firstname, $user->lastname] === ["$id", 'Ada', 'Lovelace'], 'WSGetUser', $user);

function person($login, $ext, $first)
{
    return ['firstname' => $first, 'lastname' => 'Reg', 'status' => '5',
        'email' => "$login@example.org", 'loginname' => $login, 'password' => 'secret-pw',
        'language' => 'english', 'phone' => '', 'expiration_date' => '',
        'original_user_id_name' => 'php_reg', 'original_user_id_value' => $ext, 'extra' => []];
}

function ids(...$values)
{
    return array_map(function ($v) {
        return ['original_user_id_value' => $v, 'original_user_id_name' => 'php_reg'];
    }, $values);
}

/** [value, result] of each row of a batch answer. */
function rows($answer, $value = 'original_user_id_value')
{
    return array_map(function ($row) use ($value) {
        return [$row->$value, $row->result];
    }, $answer);
}

// --- users: a batch (the third reuses a login: refused), a pre-hashed password
$r = call('WSCreateUsers', ['users' => [
    person('php_reg_bob', 'PR-2', 'Bob'),
    person('php_reg_cy', 'PR-3', 'Cy'),
    person('php_reg_bob', 'PR-4', 'Bis'),
    person('php_reg_gus', 'PR-7', 'Gus'),
], 'secret_key' => $secret_key]);
check($r[2]->result === '0' && array_column(rows($r), 0) === ['PR-2', 'PR-3', 'PR-4', 'PR-7'],
    'WSCreateUsers: a row per item, the taken login refused', $r);
[$bob, $cy, $gus] = [(int) $r[0]->result, (int) $r[1]->result, (int) $r[3]->result];
check($bob > $id && $cy > $bob && $gus > $cy, 'WSCreateUsers answers the new ids', $r);
// as Chamilo's example client: the password as sha1, official code and extras
$dee = call('WSCreateUserPasswordCrypted', ['firstname' => 'Dee', 'lastname' => 'Hash', 'status' => '5',
    'email' => 'dee@example.org', 'loginname' => 'php_reg_dee', 'password' => sha1('dee-secret'),
    'encrypt_method' => 'sha1', 'language' => 'english', 'phone' => '00000000',
    'expiration_date' => '0000-00-00', 'official_code' => 'official',
    'original_user_id_name' => 'php_reg', 'original_user_id_value' => 'PR-5',
    'extra' => [['field_name' => 'ruc', 'field_value' => '123']], 'secret_key' => $secret_key]);
check(is_numeric($dee) && $dee > $gus, 'WSCreateUserPasswordCrypted answers the new id', $dee);
check(call('WSCreateUserPasswordCrypted', ['firstname' => 'Eve', 'lastname' => 'Hash', 'status' => '5',
    'email' => 'eve@example.org', 'loginname' => 'php_reg_eve', 'password' => 'not-a-hash',
    'encrypt_method' => 'sha1', 'language' => 'english', 'phone' => '', 'expiration_date' => '',
    'official_code' => '', 'original_user_id_name' => 'php_reg', 'original_user_id_value' => 'PR-6',
    'extra' => [], 'secret_key' => $secret_key]) === 'Encryption sha1 is invalid', 'a malformed hash is refused');

// --- lookups and an edit
$get = function ($ext) use ($secret_key) {
    $u = call('WSGetUser', ['original_user_id_value' => $ext, 'original_user_id_name' => 'php_reg',
        'secret_key' => $secret_key]);
    return [$u->user_id, $u->firstname, $u->lastname];
};
check($get('PR-5') === ["$dee", 'Dee', 'Hash'], 'WSGetUser finds the pre-hashed user', $get('PR-5'));
check($get('nobody') === ['', '', ''], 'WSGetUser of an unknown id: empty strings', $get('nobody'));
$edited = call('WSEditUser', ['original_user_id_value' => 'PR-3', 'original_user_id_name' => 'php_reg',
    'firstname' => 'Cyrus', 'lastname' => 'Edited', 'username' => 'php_reg_cyrus', 'password' => '',
    'email' => 'cyrus@example.org', 'status' => '5', 'phone' => '+33', 'expiration_date' => '',
    'enable' => true, 'language' => 'french', 'extra' => [], 'secret_key' => $secret_key]);
check($edited === "$cy", 'WSEditUser answers the user id', $edited);
check($get('PR-3') === ["$cy", 'Cyrus', 'Edited'], 'WSGetUser sees the edit', $get('PR-3'));

// --- a course, made over soap.php (the same core, the same data), taught by Ada
$ws = new SoapClient("$base/main/webservices/soap.php?wsdl", ['cache_wsdl' => WSDL_CACHE_NONE]);
$course = $ws->__soapCall('WSCourse.CreateCourse', [$secret_key, 'PHP Registration', '', 'PHPREG', '',
    'php_reg', 'PR-1', 'english', 'php_reg_course', 'PRC-1', []]);
check(is_int($course) && $course > 0, 'soap.php CreateCourse', $course);

$enrol = function ($course_ext, $user_ext, $status) {
    return ['course_id' => ['original_course_id_name' => 'php_reg_course', 'original_course_id_value' => $course_ext],
        'user_id' => ['original_user_id_value' => $user_ext, 'original_user_id_name' => 'php_reg'],
        'status' => $status];
};
$r = call('WSSubscribeUserToCourse', ['userscourses' => [
    $enrol('PRC-1', 'PR-2', 5), $enrol('PRC-1', 'PR-3', 0), $enrol('PRC-1', 'PR-2', 5),
    $enrol('nope', 'PR-2', 5), $enrol('PRC-1', 'nobody', 5),
], 'secret_key' => $secret_key]);
check(rows($r) === [['PR-2', 1], ['PR-3', 1], ['PR-2', 0], ['PR-2', 0], ['nobody', 0]],
    'WSSubscribeUserToCourse: 1 enrolled, 0 again or unknown (ints)', rows($r));
check(array_column(rows($r, 'original_course_id_value'), 0) === ['PRC-1', 'PRC-1', 'PRC-1', 'nope', 'PRC-1'],
    'WSSubscribeUserToCourse echoes the course values', $r);
$in = function ($user) use ($secret_key) {
    return call('WSUserSubscribedInCourse', ['course' => 'PHPREG', 'user_id' => (string) $user,
        'secret_key' => $secret_key]);
};
check($in($bob) === '1', 'WSUserSubscribedInCourse: 1', $in($bob));
check($in($dee) === '', 'WSUserSubscribedInCourse: the empty string when not', $in($dee));

// --- a session coached by Ada, and two students (and one unknown) in it
$r = call('WSCreateSession', ['sessions' => [[
    'name' => 'PHP Registration Session', 'year_start' => '2031', 'month_start' => '1', 'day_start' => '1',
    'year_end' => '2031', 'month_end' => '6', 'day_end' => '30', 'nb_days_access_before' => '0',
    'nb_days_access_after' => '0', 'nolimit' => '', 'user_id' => (string) $id, 'duration' => '',
    'original_session_id_name' => 'php_reg_session', 'original_session_id_value' => 'PRS-1', 'extra' => [],
]], 'secret_key' => $secret_key]);
check(count($r) === 1 && $r[0]->original_session_id_value === 'PRS-1' && (int) $r[0]->result > 0,
    'WSCreateSession answers the new id', $r);
$session = (int) $r[0]->result;
$r = call('WSSuscribeUsersToSession', ['userssessions' => [[
    'original_user_id_values' => [['original_user_id_value' => 'PR-2'], ['original_user_id_value' => 'PR-3'],
        ['original_user_id_value' => 'nobody']],
    'original_user_id_name' => 'php_reg', 'original_session_id_value' => 'PRS-1',
    'original_session_id_name' => 'php_reg_session',
]], 'secret_key' => $secret_key]);
check(rows($r, 'original_user_id_values') === [['PR-2', '1'], ['PR-3', '1'], ['nobody', '0']],
    'WSSuscribeUsersToSession: a row per user', $r);

// --- the catalogue: the course with its external id and its two students
$r = call('WSListCourses', ['secret_key' => $secret_key, 'original_course_id_name' => 'php_reg_course',
    'from' => 0, 'to' => 0]);
$listed = array_values(array_filter($r, function ($c) { return $c->code === 'PHPREG'; }));
check(count($listed) === 1 && $listed[0]->id === $course && $listed[0]->external_course_id === 'PRC-1'
    && $listed[0]->title === 'PHP Registration' && $listed[0]->number_students === 2,
    'WSListCourses lists the course', $r);

// --- the other families: a course made and edited here, its description, the session's
// second course, enrolment by Chamilo ids, a class, a catalogue rule, the session listing
$r = call('WSCreateCourse', ['courses' => [[
    'title' => 'PHP Registration Two', 'category_code' => '', 'wanted_code' => 'PHPREG2',
    'tutor_name' => '', 'course_language' => 'english', 'disk_quota' => '', 'subscribe' => '', 'unsubscribe' => '',
    'original_course_id_name' => 'php_reg_course', 'original_course_id_value' => 'PRC-2', 'extra' => [],
]], 'secret_key' => $secret_key]);
check(count($r) === 1 && $r[0]->original_course_id_value === 'PRC-2' && $r[0]->result === 'PHPREG2',
    'WSCreateCourse answers the new code', $r);
$r = call('WSEditCourse', ['courses' => [[
    'tutor_id' => (string) $id, 'title' => 'PHP Registration 2', 'category_code' => '', 'department_name' => '',
    'department_url' => '', 'course_language' => 'english', 'visibility' => '2', 'subscribe' => '1',
    'unsubscribe' => '0', 'visual_code' => '', 'disk_quota' => '',
    'original_course_id_name' => 'php_reg_course', 'original_course_id_value' => 'PRC-2', 'extra' => [],
]], 'secret_key' => $secret_key]);
check(rows($r, 'original_course_id_value') === [['PRC-2', '1']], 'WSEditCourse', $r);
$r = call('WSEditCourseDescription', ['course_desc' => [[
    'course_desc_id' => '2', 'course_desc_title' => 'Goals', 'course_desc_content' => '<p>Learn</p>',
    'original_course_id_name' => 'php_reg_course', 'original_course_id_value' => 'PRC-2',
]], 'secret_key' => $secret_key]);
check(count($r) === 1 && (string) $r[0]->result === '1', 'WSEditCourseDescription', $r);
$r = call('WSCourseDescription', ['original_course_id_name' => 'php_reg_course',
    'original_course_id_value' => 'PRC-2', 'secret_key' => $secret_key]);
check(count($r) === 8 && $r[1]->course_desc_title === 'Goals' && $r[0]->course_desc_default_title === 'Description',
    'WSCourseDescription: eight sections, the edited one', $r);
$r = call('WSSuscribeCoursesToSession', ['coursessessions' => [[
    'original_course_id_values' => [['course_code' => 'PRC-2']], 'original_course_id_name' => 'php_reg_course',
    'original_session_id_value' => 'PRS-1', 'original_session_id_name' => 'php_reg_session',
]], 'secret_key' => $secret_key]);
check(rows($r, 'original_course_id_values') === [['PRC-2', '1']], 'WSSuscribeCoursesToSession', $r);
check(call('WSSubscribeUserToSessionSimple', ['session' => (string) $session, 'user_id' => (string) $dee,
    'secret_key' => $secret_key]) === '1', 'WSSubscribeUserToSessionSimple');
$r = call('WSUnsuscribeUsersFromSession', ['userssessions' => [[
    'original_user_id_values' => [['original_user_id_value' => 'PR-5']], 'original_user_id_name' => 'php_reg',
    'original_session_id_value' => 'PRS-1', 'original_session_id_name' => 'php_reg_session',
]], 'secret_key' => $secret_key]);
check(rows($r, 'original_user_id_values') === [['PR-5', '1']], 'WSUnsuscribeUsersFromSession', $r);
$r = call('WSListSessions', ['from' => 0, 'to' => 0, 'date_start' => '', 'date_end' => '',
    'secret_key' => $secret_key]);
$mine = array_values(array_filter($r, function ($s) use ($session) { return $s->id === $session; }));
check(count($mine) === 1 && $mine[0]->title === 'PHP Registration Session'
    && strpos($mine[0]->url, "session/index.php?session_id=$session") !== false, 'WSListSessions', $r);
$r = call('WSUnsubscribeUserFromCourse', ['userscourses' => [[
    'original_user_id_values' => [['original_user_id_value' => 'PR-5']], 'original_user_id_name' => 'php_reg',
    'original_course_id_value' => 'PRC-2', 'original_course_id_name' => 'php_reg_course',
]], 'secret_key' => $secret_key]);
check(count($r) === 1 && (string) $r[0]->result === '1', 'WSUnsubscribeUserFromCourse (WSDL-typed items)', $r);
$edited = call('WSEditUserPasswordCrypted', ['original_user_id_value' => 'PR-5',
    'original_user_id_name' => 'php_reg', 'firstname' => 'Dee', 'lastname' => 'Hash', 'username' => 'php_reg_dee',
    'password' => sha1('dee-secret'), 'encrypt_method' => 'sha1', 'email' => 'dee@example.org',
    'status' => '5', 'phone' => '', 'expiration_date' => '', 'extra' => [], 'secret_key' => $secret_key]);
check($edited === '1', 'WSEditUserPasswordCrypted', $edited);
$group = call('WSCreateGroup', ['name' => 'PHP Registration Class', 'secret_key' => $secret_key]);
check(is_numeric($group) && $group > 0, 'WSCreateGroup answers the new id', $group);
check(call('WSAddUserToGroup', ['user_id' => (string) $bob, 'group_id' => (string) $group,
    'relation_type' => '', 'secret_key' => $secret_key]) === '1', 'WSAddUserToGroup');
$r = call('WSAddUserVisibilityToCourseInCatalogue', ['userscourses' => [[
    'course_id' => ['original_course_id_name' => 'php_reg_course', 'original_course_id_value' => 'PRC-2'],
    'user_id' => ['original_user_id_name' => 'php_reg', 'original_user_id_value' => 'PR-2'], 'visible' => 1,
]], 'secret_key' => $secret_key]);
check(count($r) === 1 && $r[0]->result === 1, 'WSAddUserVisibilityToCourseInCatalogue', $r);

// --- disable, enable, delete
$r = call('WSDisableUsers', ['ids' => ids('PR-2', 'nobody'), 'secret_key' => $secret_key]);
check(rows($r) === [['PR-2', '1'], ['nobody', '0']], 'WSDisableUsers', rows($r));
$r = call('WSEnableUsers', ['ids' => ids('PR-2'), 'secret_key' => $secret_key]);
check(rows($r) === [['PR-2', '1']], 'WSEnableUsers', rows($r));
$r = call('WSDisableUsers', ['ids' => ids('PR-1'), 'secret_key' => $secret_key]);
check(rows($r) === [['PR-1', '1']], 'WSDisableUsers leaves Ada disabled', rows($r));
$r = call('WSDeleteUsers', ['ids' => ids('PR-7', 'PR-7'), 'secret_key' => $secret_key]);
check(rows($r) === [['PR-7', '1'], ['PR-7', '0']], 'WSDeleteUsers: once', rows($r));
check($get('PR-7') === ['', '', ''], 'the deleted user is gone', $get('PR-7'));

// --- read back over soap.php: the course as registration.soap.php left it
$r = $ws->__soapCall('WSCourse.ListCourses', [$secret_key, 'php_reg_course', '']);
$listed = array_values(array_filter($r, function ($c) { return $c->code === 'PHPREG'; }));
check(count($listed) === 1 && $listed[0]->external_course_id === 'PRC-1' && $listed[0]->id === $course,
    'soap.php ListCourses reads the same course', $r);

// --- a wrong key: the original's fault, nothing done
try {
    $client->WSDeleteUsers(['ids' => ids('PR-2'), 'secret_key' => str_repeat('0', 40)]);
    check(false, 'a wrong key should fault');
} catch (SoapFault $f) {
    check([$f->faultcode, $f->faultstring] === ['Server', 'Secret key is not correct or params are not correctly set'],
        'the wrong-key fault', [$f->faultcode, $f->faultstring]);
}
check($get('PR-2')[0] === "$bob", 'the wrong key deleted nothing');

echo "OK $checks\n";
