#include "collection/export/requestview.h"

#include "collection/import/secretlift.h"

namespace Keyway {

ExportedRequest exportedRequest(const RequestItem &request, const KeyValueList &inheritedHeaders,
                                const RequestAuth &inheritedAuth, const VariableLookup &resolve,
                                const QString &path, QStringList &warnings)
{
    const auto sub = [&](const QString &text) {
        return substituteVariables(text, resolve, path, warnings);
    };
    const auto credential = [&](const QString &value, const char *what) {
        if (value.isEmpty() || ImportDetail::isVariableReference(value))
            return sub(value);
        warnings.append(QStringLiteral("%1: the literal %2 was left out; use a secret variable")
                            .arg(path, QLatin1String(what)));
        return QString();
    };

    if (!request.assertions.isEmpty())
        warnings.append(QStringLiteral("%1: %2 assertion(s) not exported (only the Postman export "
                                       "carries them, as test scripts)")
                            .arg(path).arg(request.assertions.size()));
    ExportedRequest view;
    view.method = request.method;
    view.url = sub(request.url);
    bool hasContentType = false;
    for (const KeyValue &header : inheritedHeaders + request.headers) {
        if (!header.enabled)
            continue;
        hasContentType |= header.name.compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0;
        view.headers.append({sub(header.name), sub(header.value), true, {}});
    }

    view.body = request.body;
    RequestBody &body = view.body;
    body.text = sub(body.text);
    body.filePath = sub(body.filePath);
    for (KeyValue &field : body.formFields) {
        field.name = sub(field.name);
        field.value = sub(field.value);
    }
    for (MultipartPart &part : body.parts) {
        part.name = sub(part.name);
        part.value = sub(part.value);
        part.filePath = sub(part.filePath);
    }
    if (!hasContentType && !body.contentType.isEmpty()
        && (body.mode == RequestBody::Mode::Raw || body.mode == RequestBody::Mode::File))
        view.headers.append({QStringLiteral("Content-Type"), body.contentType, true, {}});

    const RequestAuth &auth = request.auth.mode == RequestAuth::Mode::Inherit ? inheritedAuth : request.auth;
    switch (auth.mode) {
    case RequestAuth::Mode::Inherit:
    case RequestAuth::Mode::None: break;
    case RequestAuth::Mode::Bearer:
        view.headers.append({QStringLiteral("Authorization"),
                             QStringLiteral("Bearer ") + credential(auth.token, "bearer token"), true, {}});
        break;
    case RequestAuth::Mode::Basic:
        view.basicUser = sub(auth.username);
        if (view.basicUser.isNull())
            view.basicUser = QStringLiteral("");
        view.basicPassword = credential(auth.password, "Basic password");
        break;
    case RequestAuth::Mode::Profile: view.profileToken = true; break;
    }
    return view;
}

} // namespace Keyway
