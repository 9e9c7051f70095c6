/// The client keywords OpenSSH knows (readconf.c `keywords[]`, OpenSSH 9.2 with Debian's
/// GSSAPI key exchange and keep-alive patches): any other is an error in ssh unless an
/// `IgnoreUnknown` in effect names it, and so in Scour.
enum SSHKeywords {
    /// Accepted and ignored by ssh (deprecated, or not built in): nothing to report.
    static let ignoredBySSH: Set<String> = [
        "protocol", "cipher", "fallbacktorsh", "globalknownhostsfile2", "rhostsauthentication", "userknownhostsfile2",
        "useroaming", "usersh", "useprivilegedport", "afstokenpassing", "kerberosauthentication", "kerberostgtpassing",
        "rsaauthentication", "rhostsrsaauthentication", "compressionlevel",
    ]

    /// Known to ssh, not read by Scour: reported where they apply ("not honoured").
    static let other: Set<String> = [
        "gssapiauthentication", "gssapidelegatecredentials", "gssapikeyexchange", "gssapitrustdns", "gssapiclientidentity",
        "gssapiserveridentity", "gssapirenewalforcesrekey", "gssapikexalgorithms", "pkcs11provider", "smartcarddevice",
        "forwardagent", "forwardx11", "forwardx11trusted", "forwardx11timeout", "exitonforwardfailure", "xauthlocation",
        "gatewayports", "passwordauthentication", "kbdinteractiveauthentication", "kbdinteractivedevices",
        "challengeresponseauthentication", "skeyauthentication", "tisauthentication", "pubkeyauthentication", "dsaauthentication",
        "hostbasedauthentication", "identityfile2", "certificatefile", "addkeystoagent", "identityagent", "hostkeyalias",
        "ciphers", "macs", "remoteforward", "localforward", "permitremoteopen", "escapechar", "globalknownhostsfile",
        "connectionattempts", "batchmode", "checkhostip", "stricthostkeychecking", "compression", "tcpkeepalive", "keepalive",
        "numberofpasswordprompts", "syslogfacility", "loglevel", "logverbose", "dynamicforward", "preferredauthentications",
        "hostkeyalgorithms", "casignaturealgorithms", "bindaddress", "bindinterface", "clearallforwardings", "enablesshkeysign",
        "verifyhostkeydns", "nohostauthenticationforlocalhost", "rekeylimit", "addressfamily", "serveraliveinterval",
        "serveralivecountmax", "protocolkeepalives", "setuptimeout", "sendenv", "setenv", "controlpath", "controlmaster",
        "controlpersist", "hashknownhosts", "tunnel", "tunneldevice", "localcommand", "permitlocalcommand", "remotecommand",
        "visualhostkey", "kexalgorithms", "ipqos", "requesttty", "sessiontype", "stdinnull", "forkafterauthentication",
        "proxyusefdpass", "canonicaldomains", "canonicalizefallbacklocal", "canonicalizemaxdots", "canonicalizepermittedcnames",
        "streamlocalbindmask", "streamlocalbindunlink", "revokedhostkeys", "fingerprinthash", "updatehostkeys",
        "hostbasedacceptedalgorithms", "hostbasedkeytypes", "pubkeyacceptedalgorithms", "pubkeyacceptedkeytypes",
        "securitykeyprovider", "knownhostscommand", "requiredrsasize", "enableescapecommandline",
    ]
}
