#include "auth/signin/clientauthentication.h"

#include <QUrl>

namespace Keyway {

namespace {

// RFC 6749 §2.3.1: the client id and secret are form-urlencoded before they go into Basic.
QByteArray formEncode(const QString &value)
{
    return QUrl::toPercentEncoding(value).replace("%20", "+");
}

} // namespace

void addClientAuthentication(const Profile &profile, HttpHeaders *headers, QUrlQuery *form)
{
    const bool hasSecret = !profile.publicClient && !profile.clientSecret.isEmpty();
    if (hasSecret && profile.clientAuth == ClientAuthMethod::Basic) {
        const QByteArray pair =
            formEncode(profile.clientId) + ':' + formEncode(profile.clientSecret);
        headers->append({"Authorization", "Basic " + pair.toBase64()});
        return;
    }
    form->removeAllQueryItems(QStringLiteral("client_id"));
    form->addQueryItem(QStringLiteral("client_id"), profile.clientId);
    if (hasSecret)
        form->addQueryItem(QStringLiteral("client_secret"), profile.clientSecret);
}

void addMissingParameters(QUrlQuery *form, const QList<QPair<QString, QString>> &parameters)
{
    for (const auto &[name, value] : parameters) {
        if (!name.isEmpty() && !form->hasQueryItem(name))
            form->addQueryItem(name, value);
    }
}

void addProfileExtras(const Profile &profile, const QList<QPair<QString, QString>> &extras,
                      QUrlQuery *form)
{
    QList<QPair<QString, QString>> parameters;
    if (!profile.audience.isEmpty())
        parameters.append({QStringLiteral("audience"), profile.audience});
    if (!profile.resource.isEmpty())
        parameters.append({QStringLiteral("resource"), profile.resource});
    parameters += extras;
    addMissingParameters(form, parameters);
}

QByteArray encodeForm(const QUrlQuery &form)
{
    // QUrlQuery keeps '+' and, with FullyEncoded, encodes everything else that needs it.
    QByteArray body;
    const auto items = form.queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

QList<QPair<QString, QString>> decodeForm(const QByteArray &query)
{
    QList<QPair<QString, QString>> items;
    const QList<QByteArray> pairs = query.split('&');
    for (const QByteArray &pair : pairs) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        QByteArray name = equals < 0 ? pair : pair.left(equals);
        QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
        items.append({QUrl::fromPercentEncoding(name.replace('+', ' ')),
                      QUrl::fromPercentEncoding(value.replace('+', ' '))});
    }
    return items;
}

} // namespace Keyway
