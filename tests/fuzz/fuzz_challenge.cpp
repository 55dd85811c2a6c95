// Fuzzes the WWW-Authenticate parser (RFC 9110 §11.6.1, RFC 6750 §3) and the verdict built on it:
// an API's header is text from a server Keyway does not control.

#include "auth/challenge.h"
#include "fuzzinput.h"

using namespace Keyway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray header = Fuzz::bytes(data, size);
    for (const AuthChallenge &challenge : parseWwwAuthenticate(header))
        (void)challenge.param("error");
    (void)classifyAnswer(401, header, {401});
    (void)classifyAnswer(403, header, {401, 403});
    return 0;
}
