// Fuzzes the JWT decoder (RFC 7519, display only): the token inspector and `token show` decode
// whatever access or ID token a server issued.

#include "auth/signin/jwt.h"
#include "fuzzinput.h"

using namespace Keyway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    if (const auto jwt = DecodedJwt::decode(QString::fromUtf8(Fuzz::bytes(data, size)), &error))
        (void)jwt->toDisplayJson();
    return 0;
}
