#pragma once

#include <QString>

namespace Keyway {

// The reason phrase RFC 9110 gives a status ("Not Found"); empty for codes it does not name.
// ApiCall keeps the code only; the response viewer and the HAR export show the phrase.
QString httpReasonPhrase(int status);

} // namespace Keyway
