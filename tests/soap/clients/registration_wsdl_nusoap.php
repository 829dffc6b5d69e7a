<?php
// NuSOAP in WSDL mode (nusoap_client($wsdl_url, true), as Chamilo's example client) loads
// registration.soap.php's WSDL.
// Usage: php registration_wsdl_nusoap.php BASE_URL NUSOAP_PHP
// Prints "OK <number of checks>" and exits 0, or names the first failed check and exits 1.

// PHP's own messages (NuSOAP warns on PHP 8) go to stderr: stdout carries the verdict
ini_set('display_errors', 'stderr');
ini_set('log_errors', '0');
if ($argc < 3) {
    fwrite(STDERR, "usage: php registration_wsdl_nusoap.php BASE_URL NUSOAP_PHP\n");
    exit(2);
}
$base = rtrim($argv[1], '/');
require $argv[2];
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

$c = new nusoap_client("$base/main/webservices/registration.soap.php?wsdl", true);
// NuSOAP fetches the WSDL on the first call(); loadWSDL() is that step alone (calling
// operations is the POST side's test)
$c->loadWSDL();
check(!$c->getError(), 'the WSDL loads', $c->getError());
check(count($c->operations) === 53, 'the client has 53 operations', count($c->operations));
$ops = $c->wsdl->getOperations();
check(count($ops) === 53, '53 operations', array_keys($ops));
check(array_keys($ops)[0] === 'WSCreateUsers', 'in WSDL order', array_keys($ops)[0]);
check(
    $ops['WSUnSubscribeUserFromCourseSimple']['soapAction'] === 'urn:WSRegistration#WSUnSubscribeUserFromCourseSimple',
    'SOAPAction',
    $ops['WSUnSubscribeUserFromCourseSimple']['soapAction'] ?? null
);
check(
    $ops['WSCreateUsers']['endpoint'] === "$base/main/webservices/registration.soap.php",
    'endpoint',
    $ops['WSCreateUsers']['endpoint'] ?? null
);
$type = $c->wsdl->getTypeDef('usersParamsList', 'urn:WSRegistration');
check(is_array($type) && $type['phpType'] === 'array', 'usersParamsList is an array', $type);
echo "OK $checks\n";
