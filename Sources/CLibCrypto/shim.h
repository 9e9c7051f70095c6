#ifndef SCOUR_CLIBCRYPTO_SHIM_H
#define SCOUR_CLIBCRYPTO_SHIM_H
// OpenSSL's libcrypto, which libssh2 is built on here (libssh2-1-dev depends on libssl-dev):
// only HMAC-SHA1, for known_hosts' hashed names.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#endif
