#pragma once

#include "sandbox/httpexchange.h"

#include <QList>
#include <QPair>
#include <QString>

namespace Keyway {

// The few pages a person sees in the browser during sign-in. Every value is HTML-escaped.

// RFC 6749 4.1.2.1: what the user sees when the client or redirect_uri cannot be trusted, so
// nothing may be sent back to it.
HttpResponse authorizeErrorPage(const QString &description);

// The sign-in form of AuthorizeMode::Form. `parameters` are the authorization request's,
// carried through as hidden fields; it POSTs to /oauth/authorize with decision=approve|deny.
HttpResponse authorizeFormPage(const QList<QPair<QString, QString>> &parameters,
                               const QString &clientId, const QString &scope,
                               const QString &message);

// RFC 8628 3.3: where the user enters or confirms a user_code; POSTs to /device with
// user_code and decision=approve|deny.
HttpResponse deviceVerificationPage(int status, const QString &userCode, const QString &message);

// The page after a decision on /device.
HttpResponse deviceResultPage(int status, const QString &message);

} // namespace Keyway
