#pragma once

#include "sandbox/httpexchange.h"

#include <QHash>
#include <QString>

#include <optional>

namespace Keyway {

struct SandboxState;

// GET and POST /oauth/authorize: the authorization endpoint of RFC 6749 4.1.1 with PKCE
// (RFC 7636), answering at once, through a sign-in form, or with a denial (AuthorizeMode).
class AuthorizeRoute final
{
public:
    explicit AuthorizeRoute(SandboxState &state);
    Q_DISABLE_COPY_MOVE(AuthorizeRoute)

    HttpResponse handle(const HttpRequest &request);

private:
    using Parameters = QHash<QString, QString>;
    // An RFC 6749 4.1.2.1 error that goes back to the client by redirect.
    struct Refusal
    {
        QString error;
        QString description;
    };

    std::optional<Refusal> refusalFor(const Parameters &parameters) const;
    HttpResponse formSubmission(const Parameters &parameters);
    HttpResponse approve(const Parameters &parameters);
    HttpResponse formPage(const Parameters &parameters, const QString &message) const;

    SandboxState &m_state;
};

} // namespace Keyway
