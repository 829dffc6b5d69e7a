<?php
// A PHP SoapClient drives the gateway through a full lifecycle, checking every answer.
// Usage: php lifecycle.php BASE_URL SECRET_KEY
// Prints "OK <number of checks>" and exits 0, or names the first failed check and exits 1.

if ($argc < 3) {
    fwrite(STDERR, "usage: php lifecycle.php BASE_URL SECRET_KEY\n");
    exit(2);
}
$base = rtrim($argv[1], '/');
$key = $argv[2];
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

$c = new SoapClient("$base/main/webservices/soap.php?wsdl", [
    'trace' => 1,
    'cache_wsdl' => WSDL_CACHE_NONE,
    'exceptions' => true,
]);

function call($op, array $args)
{
    global $c;
    try {
        return $c->__soapCall($op, $args);
    } catch (SoapFault $f) {
        check(false, "$op answered fault {$f->faultcode} {$f->faultstring}", $c->__getLastRequest());
    }
}

/** Calls $op expecting a fault; returns [faultcode, faultstring]. */
function fault($op, array $args)
{
    global $c;
    try {
        $c->__soapCall($op, $args);
    } catch (SoapFault $f) {
        return [$f->faultcode, $f->faultstring];
    }
    check(false, "$op should have faulted");
}

function codes($items)
{
    return array_map(function ($i) { return (int) $i->result->code; }, $items);
}

function user_args($key, $login, $ext)
{
    return [$key, "First $login", "Last $login", 5, $login, 'secret-pw', '', 'php_ext', $ext, 1,
        "$login@example.org", 'english', '', '', []];
}

$functions = $c->__getFunctions();
check(count($functions) === 41, "41 operations in the WSDL (Chamilo's 40 and WSUser.EditUserCredentials)", count($functions));
check(call('WS.test', []) === 'success', 'WS.test');
check(call('WSReport.test', []) === 'Hello world!', 'WSReport.test');

// --- users
$ada = call('WSUser.CreateUser', user_args($key, 'php_ada', 'P1'));
check(is_int($ada) && $ada > 0, 'CreateUser returns the new id', $ada);
check(fault('WSUser.CreateUser', user_args($key, 'php_ada', 'P9')) === ['102', 'This username is already taken'],
    'CreateUser with a taken username');

// batch with associative arrays
$assoc = function ($login, $ext) {
    return ['firstname' => 'F', 'lastname' => 'L', 'status' => 5, 'loginname' => $login,
        'password' => 'pw-' . $login, 'encrypt_method' => '', 'user_id_field_name' => 'php_ext',
        'user_id_value' => $ext, 'visibility' => 1, 'email' => "$login@example.org",
        'language' => 'english', 'phone' => '', 'expiration_date' => '',
        'extras' => [['field_name' => 'dept', 'field_value' => 'math']]];
};
$r = call('WSUser.CreateUsers', [$key, [$assoc('php_bob', 'P2'), $assoc('php_ada', 'P3'), $assoc('php_cy', 'P4')]]);
check(codes($r) === [0, 102, 0], 'CreateUsers (associative arrays) per-item codes', $r);
check($r[0]->user_id_value === 'P2' && $r[0]->user_id_generated > 0, 'CreateUsers echoes the value and the new id', $r[0]);
check($r[1]->user_id_generated === 0, 'a failed item has id 0', $r[1]);

// batch with objects; md5 pre-hashed password
$obj = (object) $assoc('php_dee', 'P5');
$obj->password = md5('dee-secret');
$obj->encrypt_method = 'md5';
$bad = (object) $assoc('php_eve', 'P6');
$bad->password = 'not-a-hash';
$bad->encrypt_method = 'md5';
$r = call('WSUser.CreateUsers', [$key, [$obj, $bad]]);
check(codes($r) === [0, 103], 'CreateUsers (objects) per-item codes', $r);
check($r[1]->result->message === 'The encryption of the password is invalid', '103 message', $r[1]);

// edit
call('WSUser.EditUser', [$key, 'php_ext', 'P1', 'Ada', 'Lovelace', 5, '', '', '', 'ada@example.org', 'french', '+44', '', [['field_name' => 'dept', 'field_value' => 'maths']]]);
check(true, 'EditUser');
check(fault('WSUser.EditUser', [$key, 'php_ext', 'nobody', 'x', '', 5, '', '', '', '', '', '', '', []]) === ['100', 'User not found'], 'EditUser unknown user');
$edit = function ($ext, $login) {
    return ['user_id_field_name' => 'php_ext', 'user_id_value' => $ext, 'firstname' => 'E', 'lastname' => '',
        'status' => 5, 'loginname' => $login, 'password' => '', 'encrypt_method' => '', 'email' => '',
        'language' => '', 'phone' => '', 'expiration_date' => '', 'extras' => []];
};
$r = call('WSUser.EditUsers', [$key, [$edit('P2', ''), $edit('nobody', ''), $edit('P4', 'php_ada')]]);
check(codes($r) === [0, 100, 105], 'EditUsers per-item codes', $r);

// disable / enable
$ids = [['user_id_field_name' => 'php_ext', 'user_id_value' => 'P2'], ['user_id_field_name' => 'php_ext', 'user_id_value' => 'nobody']];
$r = call('WSUser.DisableUsers', [$key, $ids]);
check(codes($r) === [0, 100] && $r[1]->user_id_value === 'nobody', 'DisableUsers', $r);
$r = call('WSUser.EnableUsers', [$key, $ids]);
check(codes($r) === [0, 100], 'EnableUsers', $r);
call('WSUser.DisableUser', [$key, 'php_ext', 'P4']);
call('WSUser.EnableUser', [$key, 'chamilo_user_id', (string) $ada]);
check(fault('WSUser.DisableUser', [$key, 'php_ext', 'nobody'])[0] === '100', 'DisableUser unknown');

// --- courses
$course = call('WSCourse.CreateCourse', [$key, 'PHP Course', 'LANG', '', 'Ada', 'php_ext', 'P1', 'english', 'php_course', 'PC1', []]);
check(is_int($course) && $course > 0, 'CreateCourse', $course);
$r = call('WSCourse.CreateCourses', [$key, [
    ['title' => 'PHP Course 2', 'category_code' => '', 'wanted_code' => 0, 'tutor_name' => '', 'course_admin_user_id_field_name' => 'php_ext',
        'course_admin_user_id_value' => 'P2', 'language' => 'english', 'course_id_field_name' => 'php_course', 'course_id_value' => 'PC2', 'extras' => []],
    ['title' => 'Orphan', 'category_code' => '', 'wanted_code' => 0, 'tutor_name' => '', 'course_admin_user_id_field_name' => 'php_ext',
        'course_admin_user_id_value' => 'nobody', 'language' => 'english', 'course_id_field_name' => 'php_course', 'course_id_value' => 'PC3', 'extras' => []],
]]);
check(codes($r) === [0, 100] && $r[0]->course_id_generated > 0, 'CreateCourses', $r);
call('WSCourse.EditCourse', [$key, 'php_course', 'PC1', 'PHP Course I', '', 'Dept', '', 'english', 0, 1, 0, '', []]);
$list = call('WSCourse.ListCourses', [$key, 'closed', '']);
check(count($list) === 1 && $list[0]->title === 'PHP Course I' && (int) $list[0]->visibility === 0, 'ListCourses (filter in part 2) sees the closed course', $list);
$list = call('WSCourse.ListCourses', [$key, 'php_course', '']);
check(count($list) === 2, 'ListCourses (no filter) lists both', $list);
call('WSCourse.SubscribeUserToCourse', [$key, 'php_course', 'PC1', 'php_ext', 'P2', 5]);
check(fault('WSCourse.SubscribeUserToCourse', [$key, 'php_course', 'PC1', 'php_ext', 'P2', 5])[0] === '203', 'subscribing twice is 203');
call('WSCourse.UnsubscribeUserFromCourse', [$key, 'php_course', 'PC1', 'php_ext', 'P2']);
call('WSCourse.EditCourseDescription', [$key, 'php_course', 'PC1', 2, 'Objectives', '<p>Learn</p>']);
$d = call('WSCourse.GetCourseDescriptions', [$key, 'php_course', 'PC1']);
check(count($d) === 1 && (int) $d[0]->course_desc_id === 2 && $d[0]->course_desc_content === '<p>Learn</p>', 'GetCourseDescriptions', $d);
check(call('WSCourse.GetCourseDescriptions', [$key, 'php_course', 'nothing']) === [], 'descriptions of an unknown course are empty');

// --- sessions
$session = call('WSSession.CreateSession', [$key, 'PHP Session', '2030-01-01', '2030-12-31', 1, 1, 0, 1, 'php_ext', 'P1', 'php_session', 'PS1', []]);
check(is_int($session) && $session > 0, 'CreateSession', $session);
check(fault('WSSession.CreateSession', [$key, 'PHP Session', '2030-01-01', '2030-12-31', 1, 1, 0, 1, 'php_ext', 'P1', 'php_session', 'PS2', []])[0] === '301', 'duplicate session name is 301');
call('WSSession.EditSession', [$key, 'PHP Session 2030', '2030-01-01 08:00', '2030-12-31 18:00', 0, 0, 0, 2, 'php_ext', 'P1', 'php_session', 'PS1', []]);
call('WSSession.SubscribeUserToSession', [$key, 'php_ext', 'P2', 'php_session', 'PS1']);
call('WSSession.SubscribeUserToSession', [$key, 'php_ext', 'P4', 'php_session', 'PS1']);
call('WSSession.SubscribeCourseToSession', [$key, 'php_course', 'PC1', 'php_session', 'PS1']);
call('WSSession.SubscribeTeacherToSessionCourse', [$key, 'php_ext', 'P1', 'php_session', 'PS1', 'php_course', 'PC1']);
call('WSSession.UnsubscribeTeacherFromSessionCourse', [$key, 'php_ext', 'P1', 'php_session', 'PS1', 'php_course', 'PC1']);
check(fault('WSSession.UnsubscribeTeacherFromSessionCourse', [$key, 'php_ext', 'P1', 'php_session', 'PS1', 'php_course', 'PC1'])[0] === '303', 'teacher already removed is 303');
call('WSSession.UnsubscribeUserFromSession', [$key, 'php_ext', 'P2', 'php_session', 'PS1']);
call('WSSession.UnsubscribeCourseFromSession', [$key, 'php_course', 'PC1', 'php_session', 'PS1']);
check(fault('WSSession.UnsubscribeCourseFromSession', [$key, 'php_course', 'PC1', 'php_session', 'PS1'])[0] === '304', 'course already removed is 304');

// --- reports
check(call('WSReport.GetTimeSpentOnPlatform', [$key, 'php_ext', 'P2']) === '0', 'GetTimeSpentOnPlatform');
check(call('WSReport.GetTimeSpentOnCourse', [$key, 'php_ext', 'P2', 'php_course', 'PC1']) === '0', 'GetTimeSpentOnCourse');
check(call('WSReport.GetLearnpathsByCourse', [$key, 'php_ext', 'P2', 'php_course', 'PC1']) === [], 'GetLearnpathsByCourse');
check(fault('WSReport.GetLearnpathProgress', [$key, 'php_ext', 'P2', 'php_course', 'PC1', '1']) === ['400', 'Learnpath not found'], 'learnpath figures are a fault');

// --- a wrong key
check(fault('WSUser.DisableUser', [str_repeat('0', 40), 'php_ext', 'P2']) === ['1', 'API key is invalid'], 'wrong key');
check(fault('WSReport.GetTimeSpentOnPlatform', ['nokey', 'php_ext', 'P2'])[0] === '1', 'wrong key on WSReport');

// --- teardown
call('WSSession.DeleteSession', [$key, 'php_session', 'PS1']);
check(fault('WSSession.DeleteSession', [$key, 'php_session', 'PS1'])[0] === '300', 'deleted session is gone');
call('WSCourse.DeleteCourse', [$key, 'php_course', 'PC1']);
$r = call('WSCourse.DeleteCourses', [$key, [['course_id_field_name' => 'php_course', 'course_id_value' => 'PC2'], ['course_id_field_name' => 'php_course', 'course_id_value' => 'PC1']]]);
check(codes($r) === [0, 200], 'DeleteCourses', $r);
call('WSUser.DeleteUser', [$key, 'php_ext', 'P4']);
$r = call('WSUser.DeleteUsers', [$key, [['user_id_field_name' => 'php_ext', 'user_id_value' => 'P2'], ['user_id_field_name' => 'php_ext', 'user_id_value' => 'P4']]]);
check(codes($r) === [0, 100], 'DeleteUsers', $r);

echo "OK $checks\n";
