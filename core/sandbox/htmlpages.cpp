#include "sandbox/htmlpages.h"

namespace Keyway {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

HttpResponse page(int status, const QString &title, const QString &body)
{
    const QString html = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head>"
                                        "<meta charset=\"utf-8\"><title>%1</title></head>\n"
                                        "<body><h1>%1</h1>\n%2</body></html>\n")
                             .arg(escaped(title), body);
    HttpResponse response =
        HttpResponse::raw(status, QByteArrayLiteral("text/html; charset=utf-8"), html.toUtf8());
    // A sign-in page holds one-time values; a browser must not show it again from cache.
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

QString paragraph(const QString &text)
{
    return text.isEmpty() ? QString() : QStringLiteral("<p>%1</p>\n").arg(escaped(text));
}

QString hiddenField(const QString &name, const QString &value)
{
    return QStringLiteral("<input type=\"hidden\" name=\"%1\" value=\"%2\">\n")
        .arg(escaped(name), escaped(value));
}

QString decisionButtons()
{
    return QStringLiteral("<button type=\"submit\" name=\"decision\" value=\"approve\">"
                          "Approve</button>\n"
                          "<button type=\"submit\" name=\"decision\" value=\"deny\">"
                          "Deny</button>\n");
}

} // namespace

HttpResponse authorizeErrorPage(const QString &description)
{
    return page(400, QStringLiteral("Sign-in request rejected"),
                paragraph(description)
                    + paragraph(QStringLiteral("The application that sent you here is not "
                                               "registered for this address, so you are not "
                                               "sent back to it.")));
}

HttpResponse authorizeFormPage(const QList<QPair<QString, QString>> &parameters,
                               const QString &clientId, const QString &scope,
                               const QString &message)
{
    QString body = paragraph(message)
        + paragraph(QStringLiteral("%1 asks for access with scope \"%2\".").arg(clientId, scope))
        + QStringLiteral("<form method=\"post\" action=\"/oauth/authorize\">\n");
    for (const auto &[name, value] : parameters)
        body += hiddenField(name, value);
    body += QStringLiteral("<label>Username <input name=\"username\" autocomplete=\"username\">"
                           "</label>\n"
                           "<label>Password <input type=\"password\" name=\"password\" "
                           "autocomplete=\"current-password\"></label>\n")
        + decisionButtons() + QStringLiteral("</form>\n");
    return page(200, QStringLiteral("Sign in to the Keyway sandbox"), body);
}

HttpResponse deviceVerificationPage(int status, const QString &userCode, const QString &message)
{
    const QString body = paragraph(message)
        + QStringLiteral("<form method=\"post\" action=\"/device\">\n"
                         "<label>Code shown on your device <input name=\"user_code\" "
                         "value=\"%1\" autocomplete=\"off\"></label>\n")
              .arg(escaped(userCode))
        + decisionButtons() + QStringLiteral("</form>\n");
    return page(status, QStringLiteral("Connect a device"), body);
}

HttpResponse deviceResultPage(int status, const QString &message)
{
    return page(status, QStringLiteral("Connect a device"), paragraph(message));
}

} // namespace Keyway
