<?php
// PHP's SoapClient loads registration.soap.php's WSDL: every operation and type is usable.
// Usage: php registration_wsdl_soapclient.php BASE_URL
// Prints "OK <number of checks>" and exits 0, or names the first failed check and exits 1.

if ($argc < 2) {
    fwrite(STDERR, "usage: php registration_wsdl_soapclient.php BASE_URL\n");
    exit(2);
}
$base = rtrim($argv[1], '/');
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

try {
    // no WSDL cache: each run's server listens on a port of its own
    $c = new SoapClient("$base/main/webservices/registration.soap.php?wsdl", [
        'cache_wsdl' => WSDL_CACHE_NONE,
        'exceptions' => true,
    ]);
} catch (SoapFault $f) {
    check(false, 'the WSDL loads', $f->getMessage());
}
$functions = $c->__getFunctions();
check(count($functions) === 53, '53 operations', count($functions));
check(in_array('results_createUsers WSCreateUsers(createUsers $createUsers)', $functions), 'WSCreateUsers', $functions[0]);
check(count(preg_grep('/ WSCertificatesList\(string \$startingDate, string \$endingDate\)$/', $functions)) === 1, 'WSCertificatesList', preg_grep('/WSCertificatesList/', $functions));
$types = $c->__getTypes();
// Chamilo's 152 complexTypes, and what PHP lists of the SOAP encoding schema it imported
check(count($types) >= 152, '152 types', count($types));
check(count(preg_grep('/^usersParams usersParamsList\[\]$/', $types)) === 1, 'usersParamsList is an array of usersParams', preg_grep('/usersParamsList/', $types));
echo "OK $checks\n";
