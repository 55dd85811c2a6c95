#include "authsettings.h"

namespace Keyway::Cli {

namespace {

template<typename T> void take(T *target, const std::optional<T> &given)
{
    if (given)
        *target = *given;
}

} // namespace

void AuthSettings::applyTo(StoredProfile *stored) const
{
    Profile &p = stored->profile;
    take(&p.issuer, issuer);
    take(&p.tokenUrl, tokenUrl);
    take(&p.authorizationUrl, authorizationUrl);
    take(&p.deviceAuthorizationUrl, deviceUrl);
    take(&p.revocationUrl, revocationUrl);
    take(&p.clientId, clientId);
    take(&p.clientAuth, clientAuth);
    take(&p.username, username);
    take(&p.scope, scope);
    take(&p.audience, audience);
    take(&p.resource, resource);
    take(&p.extraAuthorizationParams, params);
    take(&p.extraTokenParams, tokenParams);
    take(&p.expiredStatuses, expiredStatuses);
    take(&p.refreshTimeoutMs, refreshTimeoutMs);
    applyTlsTo(&p.tls);
    if (grant) {
        stored->loginGrant = *grant;
        p.grant = *grant == QLatin1String("password")
            ? GrantType::Password
            : (*grant == QLatin1String("client_credentials") ? GrantType::ClientCredentials
                                                             : GrantType::None);
    }
    if (clientSecretSource != SecretSource::None)
        p.clientSecret = clientSecret;
    if (passwordSource != SecretSource::None)
        p.password = password;
}

void AuthSettings::applyTlsTo(TlsSettings *tls) const
{
    take(&tls->insecure, insecure);
    take(&tls->caCertificateFiles, caCertificateFiles);
    take(&tls->clientCertificateFile, clientCertificateFile);
    take(&tls->clientKeyFile, clientKeyFile);
    if (!clientKeyPassphraseVariable.isEmpty())
        tls->clientKeyPassphrase = clientKeyPassphrase;
}

} // namespace Keyway::Cli
