#pragma once

#include "auth/profile.h"
#include "auth/tokenerror.h"

#include <QString>

namespace Keyway::Cli {

// One line that says why the token endpoint gave no tokens and which option to look at: the
// server's error and error_description as it sent them, never a credential.
QString signInErrorText(const TokenError &error, const Profile &profile);

// The same for `token refresh`: why the refresh gave no tokens, and what to do (log in again for
// a dead refresh token).
QString refreshErrorText(const TokenError &error, const Profile &profile);

// The token endpoint gave no HTTP answer at all: worth a ConnectionCheck to say why.
bool isUnreachable(const TokenError &error);

} // namespace Keyway::Cli
