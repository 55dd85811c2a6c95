#include "collection/import/curlimporter.h"

#include "collection/import/credentialheaders.h"
#include "collection/import/importguard.h"
#include "collection/import/secretlift.h"
#include "collection/import/shellwords.h"
#include "collection/import/textinput.h"

#include <QRegularExpression>
#include <QUrl>

namespace Keyway {

using namespace ImportDetail;

namespace {

enum class Arg { None, Required };

struct OptionSpec
{
    const char *longName;
    char shortName;
    Arg arg;
};

// The options "Copy as cURL" writes and the common ones people add; the others are reported.
constexpr OptionSpec options[] = {
    {"request", 'X', Arg::Required},      {"header", 'H', Arg::Required},
    {"data", 'd', Arg::Required},         {"data-ascii", 0, Arg::Required},
    {"data-raw", 0, Arg::Required},       {"data-binary", 0, Arg::Required},
    {"data-urlencode", 0, Arg::Required}, {"json", 0, Arg::Required},
    {"user", 'u', Arg::Required},         {"form", 'F', Arg::Required},
    {"form-string", 0, Arg::Required},    {"user-agent", 'A', Arg::Required},
    {"referer", 'e', Arg::Required},      {"cookie", 'b', Arg::Required},
    {"url", 0, Arg::Required},            {"url-query", 0, Arg::Required},
    {"get", 'G', Arg::None},              {"head", 'I', Arg::None},
    {"upload-file", 'T', Arg::Required},  {"oauth2-bearer", 0, Arg::Required},
    {"max-time", 'm', Arg::Required},     {"insecure", 'k', Arg::None},
    {"location", 'L', Arg::None},         {"compressed", 0, Arg::None},
    {"proxy", 'x', Arg::Required},        {"cert", 'E', Arg::Required},
    {"key", 0, Arg::Required},            {"cacert", 0, Arg::Required},
    {"digest", 0, Arg::None},             {"ntlm", 0, Arg::None},
    {"negotiate", 0, Arg::None},          {"aws-sigv4", 0, Arg::Required},
    // Output and connection options: nothing of the request, nothing to report.
    {"silent", 's', Arg::None},           {"show-error", 'S', Arg::None},
    {"verbose", 'v', Arg::None},          {"include", 'i', Arg::None},
    {"fail", 'f', Arg::None},             {"fail-with-body", 0, Arg::None},
    {"globoff", 'g', Arg::None},          {"no-buffer", 'N', Arg::None},
    {"output", 'o', Arg::Required},       {"remote-name", 'O', Arg::None},
    {"write-out", 'w', Arg::Required},    {"cookie-jar", 'c', Arg::Required},
    {"connect-timeout", 0, Arg::Required}, {"retry", 0, Arg::Required},
    {"max-redirs", 0, Arg::Required},     {"http1.1", 0, Arg::None},
    {"http2", 0, Arg::None},              {"http1.0", '0', Arg::None},
    {"http2-prior-knowledge", 0, Arg::None}, {"http3", 0, Arg::None},
    {"ipv4", '4', Arg::None},             {"ipv6", '6', Arg::None},
    {"progress-bar", '#', Arg::None},     {"no-progress-meter", 0, Arg::None},
    {"path-as-is", 0, Arg::None},         {"location-trusted", 0, Arg::None},
    {"basic", 0, Arg::None},              {"anyauth", 0, Arg::None},
    {"tr-encoding", 0, Arg::None},        {"raw", 0, Arg::None},
    {"resolve", 0, Arg::Required},        {"connect-to", 0, Arg::Required},
};

const OptionSpec *findLong(const QString &name)
{
    for (const OptionSpec &spec : options) {
        if (name == QLatin1String(spec.longName))
            return &spec;
    }
    return nullptr;
}

const OptionSpec *findShort(QChar name)
{
    for (const OptionSpec &spec : options) {
        if (spec.shortName && name == QLatin1Char(spec.shortName))
            return &spec;
    }
    return nullptr;
}

struct DataPart
{
    QString kind; // the option's long name
    QString value;
};

struct ParsedCurl
{
    QString method;
    QStringList urls;
    KeyValueList headers;
    QList<DataPart> data;
    QList<DataPart> forms;
    QStringList urlQueries;
    QString user;
    bool hasUser = false;
    QString bearer;
    QString uploadFile;
    bool get = false;
    bool head = false;
    int timeoutMs = 0;
    QStringList issues;
};

ParsedCurl parseWords(const ShellCommand &words, const QString &text)
{
    ParsedCurl parsed;
    const auto place = [&text](const ShellWord &word) { return lineColumn(text.toUtf8(), text.left(word.offset).toUtf8().size()); };
    const auto apply = [&](const OptionSpec &spec, const QString &value, const ShellWord &word) {
        const QLatin1String name(spec.longName);
        if (name == QLatin1String("request")) {
            parsed.method = value;
        } else if (name == QLatin1String("header")) {
            if (value.startsWith(QLatin1Char('@'))) {
                parsed.issues.append(QStringLiteral("headers read from the file %1 not imported").arg(value.mid(1)));
                return;
            }
            const qsizetype colon = value.indexOf(QLatin1Char(':'));
            const qsizetype semicolon = value.indexOf(QLatin1Char(';'));
            if (colon < 0 && semicolon > 0 && value.mid(semicolon + 1).trimmed().isEmpty()) {
                // "Name;" is curl's way to send a header with no value.
                parsed.headers.append({value.left(semicolon).trimmed(), QString(), true, {}});
            } else if (colon <= 0) {
                throw ImportFailure {place(word), QStringLiteral("-H \"%1\" is not a header (Name: value)").arg(value)};
            } else if (value.mid(colon + 1).trimmed().isEmpty()) {
                parsed.issues.append(QStringLiteral("-H \"%1\" removes a header curl would send; not imported").arg(value));
            } else {
                parsed.headers.append({value.left(colon).trimmed(), value.mid(colon + 1).trimmed(), true, {}});
            }
        } else if (name.startsWith(QLatin1String("data")) || name == QLatin1String("json")) {
            parsed.data.append({QString(name), value});
        } else if (name == QLatin1String("form") || name == QLatin1String("form-string")) {
            parsed.forms.append({QString(name), value});
        } else if (name == QLatin1String("user")) {
            parsed.user = value;
            parsed.hasUser = true;
        } else if (name == QLatin1String("user-agent")) {
            parsed.headers.append({QStringLiteral("User-Agent"), value, true, {}});
        } else if (name == QLatin1String("referer")) {
            parsed.headers.append({QStringLiteral("Referer"), value, true, {}});
        } else if (name == QLatin1String("cookie")) {
            if (value.contains(QLatin1Char('=')))
                parsed.headers.append({QStringLiteral("Cookie"), value, true, {}});
            else
                parsed.issues.append(QStringLiteral("cookies read from the file %1 not imported").arg(value));
        } else if (name == QLatin1String("url")) {
            parsed.urls.append(value);
        } else if (name == QLatin1String("url-query")) {
            parsed.urlQueries.append(value);
        } else if (name == QLatin1String("get")) {
            parsed.get = true;
        } else if (name == QLatin1String("head")) {
            parsed.head = true;
        } else if (name == QLatin1String("upload-file")) {
            parsed.uploadFile = value;
        } else if (name == QLatin1String("oauth2-bearer")) {
            parsed.bearer = value;
        } else if (name == QLatin1String("max-time")) {
            parsed.timeoutMs = int(value.toDouble() * 1000);
        } else if (name == QLatin1String("insecure")) {
            parsed.issues.append(QStringLiteral("-k/--insecure not imported: Keyway always checks "
                                                "TLS certificates"));
        } else if (name == QLatin1String("proxy")) {
            parsed.issues.append(QStringLiteral("proxy %1 not imported").arg(value));
        } else if (name == QLatin1String("cert") || name == QLatin1String("key")
                   || name == QLatin1String("cacert")) {
            parsed.issues.append(QStringLiteral("--%1 not imported: client certificates and CA "
                                                "files are not part of a request").arg(name));
        } else if (name == QLatin1String("digest") || name == QLatin1String("ntlm")
                   || name == QLatin1String("negotiate") || name == QLatin1String("aws-sigv4")) {
            parsed.issues.append(QStringLiteral("--%1 authentication is not supported; imported "
                                                "without auth").arg(name));
            parsed.hasUser = false;
        }
    };

    bool optionsEnded = false;
    for (qsizetype i = 1; i < words.size(); ++i) {
        const ShellWord &word = words.at(i);
        const QString &w = word.text;
        const auto argument = [&](const QString &option) -> const ShellWord & {
            if (i + 1 >= words.size())
                throw ImportFailure {place(word), QStringLiteral("%1 needs a value").arg(option)};
            return words.at(++i);
        };
        if (optionsEnded || !w.startsWith(QLatin1Char('-')) || w == QLatin1String("-")) {
            parsed.urls.append(w);
        } else if (w == QLatin1String("--")) {
            optionsEnded = true;
        } else if (w.startsWith(QLatin1String("--"))) {
            const QString name = w.mid(2);
            const OptionSpec *spec = findLong(name);
            if (!spec) {
                parsed.issues.append(QStringLiteral("option %1 not imported").arg(w));
                continue;
            }
            if (spec->arg == Arg::Required) {
                const ShellWord &value = argument(w);
                if (value.containsInvalidBytes)
                    parsed.issues.append(QStringLiteral("the value of %1 has bytes that are not "
                                                        "UTF-8 text; they were replaced (U+FFFD)").arg(w));
                apply(*spec, value.text, value);
            } else {
                apply(*spec, QString(), word);
            }
        } else {
            // Short options combine (-sSL) and take their value attached or as the next word.
            for (qsizetype k = 1; k < w.size(); ++k) {
                const OptionSpec *spec = findShort(w.at(k));
                if (!spec) {
                    parsed.issues.append(QStringLiteral("option -%1 not imported").arg(w.at(k)));
                    continue;
                }
                if (spec->arg == Arg::Required) {
                    if (k + 1 < w.size()) {
                        apply(*spec, w.mid(k + 1), word);
                    } else {
                        const ShellWord &value = argument(QStringLiteral("-") + w.at(k));
                        if (value.containsInvalidBytes)
                            parsed.issues.append(QStringLiteral("the value of -%1 has bytes that are not "
                                                                "UTF-8 text; they were replaced (U+FFFD)").arg(w.at(k)));
                        apply(*spec, value.text, value);
                    }
                    break;
                }
                apply(*spec, QString(), word);
            }
        }
    }
    if (parsed.urls.isEmpty())
        throw ImportFailure {place(words.first()), QStringLiteral("the curl command has no URL")};
    return parsed;
}

// --data-urlencode's forms: "content", "=content", "name=content" (curl manual).
QString urlEncodedData(const QString &value, QStringList &issues)
{
    const auto encode = [](const QString &s) { return QString::fromLatin1(QUrl::toPercentEncoding(s)); };
    const qsizetype equals = value.indexOf(QLatin1Char('='));
    const qsizetype at = value.indexOf(QLatin1Char('@'));
    if (at >= 0 && (equals < 0 || at < equals)) {
        issues.append(QStringLiteral("--data-urlencode %1 reads a file; imported as text").arg(value));
    }
    if (equals < 0)
        return encode(value);
    if (equals == 0)
        return encode(value.mid(1));
    return value.left(equals) + QLatin1Char('=') + encode(value.mid(equals + 1));
}

QString headerValue(const KeyValueList &headers, QLatin1String name)
{
    for (const KeyValue &h : headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0)
            return h.value;
    }
    return {};
}

bool isFormData(const QString &data)
{
    if (data.isEmpty())
        return false;
    static const QRegularExpression pair(QStringLiteral("^[^=&\\s]+=[^&\\s]*$"));
    const QStringList pieces = data.split(QLatin1Char('&'));
    return std::all_of(pieces.cbegin(), pieces.cend(),
                       [](const QString &piece) { return pair.match(piece).hasMatch(); });
}

QString formDecoded(QString text)
{
    text.replace(QLatin1Char('+'), QLatin1Char(' '));
    return QUrl::fromPercentEncoding(text.toUtf8());
}

class CurlMapper
{
public:
    CurlMapper(ImportResult &result)
        : m_result(result)
    {
    }

    void map(ParsedCurl parsed)
    {
        RequestItem request;
        QString url = parsed.urls.first();
        if (!url.contains(QLatin1String("://")) && !url.startsWith(QLatin1String("{{")))
            url.prepend(QStringLiteral("http://")); // curl's default scheme
        for (qsizetype i = 1; i < parsed.urls.size(); ++i)
            parsed.issues.append(QStringLiteral("only the first URL imported; %1 left out").arg(parsed.urls.at(i)));

        QStringList dataPieces;
        bool fileBody = false;
        for (const DataPart &part : std::as_const(parsed.data)) {
            const bool reads = part.value.startsWith(QLatin1Char('@'))
                && part.kind != QLatin1String("data-raw") && part.kind != QLatin1String("data-urlencode");
            if (reads) {
                if (parsed.data.size() > 1)
                    parsed.issues.append(QStringLiteral("--%1 %2 joined with other data: only the file is sent").arg(part.kind, part.value));
                request.body.mode = RequestBody::Mode::File;
                request.body.filePath = part.value.mid(1);
                fileBody = true;
                break;
            }
            dataPieces.append(part.kind == QLatin1String("data-urlencode")
                                  ? urlEncodedData(part.value, parsed.issues)
                                  : part.value);
            if (part.kind == QLatin1String("json")) {
                if (headerValue(parsed.headers, QLatin1String("content-type")).isEmpty())
                    parsed.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json"), true, {}});
                if (headerValue(parsed.headers, QLatin1String("accept")).isEmpty())
                    parsed.headers.append({QStringLiteral("Accept"), QStringLiteral("application/json"), true, {}});
            }
        }
        const QString data = dataPieces.join(QLatin1Char('&'));

        if (parsed.get && !dataPieces.isEmpty()) {
            url += (url.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) + data;
        } else if (!parsed.forms.isEmpty()) {
            request.body.mode = RequestBody::Mode::Multipart;
            for (const DataPart &form : std::as_const(parsed.forms))
                request.body.parts.append(formPart(form, parsed.issues));
            if (!dataPieces.isEmpty() || fileBody)
                parsed.issues.append(QStringLiteral("-d together with -F: curl refuses that; the data was left out"));
        } else if (!fileBody && !parsed.data.isEmpty()) {
            const QString type = headerValue(parsed.headers, QLatin1String("content-type"));
            if ((type.isEmpty() || type.startsWith(QLatin1String("application/x-www-form-urlencoded")))
                && isFormData(data)) {
                request.body.mode = RequestBody::Mode::FormUrlEncoded;
                for (const QString &pair : data.split(QLatin1Char('&'))) {
                    const qsizetype equals = pair.indexOf(QLatin1Char('='));
                    request.body.formFields.append({formDecoded(pair.left(equals)),
                                                    formDecoded(pair.mid(equals + 1)), true, {}});
                }
            } else {
                request.body.mode = RequestBody::Mode::Raw;
                request.body.text = data;
                request.body.contentType = type.isEmpty()
                    ? QStringLiteral("application/x-www-form-urlencoded") // what curl sends
                    : type;
            }
        } else if (!parsed.uploadFile.isEmpty()) {
            request.body.mode = RequestBody::Mode::File;
            request.body.filePath = parsed.uploadFile;
        }
        for (const QString &query : std::as_const(parsed.urlQueries))
            url += (url.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) + query;

        if (!parsed.method.isEmpty())
            request.method = parsed.method;
        else if (parsed.head)
            request.method = QStringLiteral("HEAD");
        else if (parsed.get)
            request.method = QStringLiteral("GET");
        else if (!parsed.uploadFile.isEmpty())
            request.method = QStringLiteral("PUT");
        else if (request.body.mode != RequestBody::Mode::None)
            request.method = QStringLiteral("POST");

        request.url = url;
        request.settings.timeoutMs = parsed.timeoutMs;
        request.name = requestName(request);
        mapAuth(parsed, request);
        for (const QString &issue : std::as_const(parsed.issues))
            m_result.issues.append({request.name, issue});
        m_result.workspace.requests.append(request);
    }

private:
    static QString requestName(const RequestItem &request)
    {
        const QUrl url(request.url);
        QString path = url.path();
        if (path.isEmpty())
            path = QStringLiteral("/");
        return request.method + QLatin1Char(' ') + (url.isValid() ? url.host() + path : request.url);
    }

    static MultipartPart formPart(const DataPart &form, QStringList &issues)
    {
        MultipartPart part;
        const qsizetype equals = form.value.indexOf(QLatin1Char('='));
        part.name = form.value.left(equals);
        QString value = equals < 0 ? QString() : form.value.mid(equals + 1);
        if (form.kind == QLatin1String("form-string")) {
            part.value = value;
            return part;
        }
        // ;type= and ;filename= follow the value (curl manual, -F).
        QStringList attributes = value.split(QLatin1Char(';'));
        value = attributes.takeFirst();
        for (const QString &attribute : std::as_const(attributes)) {
            const QString a = attribute.trimmed();
            if (a.startsWith(QLatin1String("type=")))
                part.contentType = a.mid(5);
            else if (a.startsWith(QLatin1String("filename=")))
                issues.append(QStringLiteral("-F %1: the file name sent (%2) not imported").arg(part.name, a.mid(9)));
            else if (!a.isEmpty() && !value.startsWith(QLatin1Char('@')) && !value.startsWith(QLatin1Char('<')))
                value += QLatin1Char(';') + attribute; // a ';' that belongs to the text
        }
        if (value.startsWith(QLatin1Char('@'))) {
            part.filePath = value.mid(1);
        } else if (value.startsWith(QLatin1Char('<'))) {
            part.filePath = value.mid(1);
            issues.append(QStringLiteral("-F %1=<%2: sent as a file part, not as a text field with the file's content")
                              .arg(part.name, part.filePath));
        } else {
            part.value = value;
        }
        return part;
    }

    void mapAuth(ParsedCurl &parsed, RequestItem &request)
    {
        if (parsed.hasUser) {
            const qsizetype colon = parsed.user.indexOf(QLatin1Char(':'));
            request.auth.mode = RequestAuth::Mode::Basic;
            request.auth.username = parsed.user.left(colon);
            if (colon < 0) {
                m_result.issues.append({request.name, QStringLiteral("-u without a password (curl asks for it): set the password")});
            } else {
                request.auth.password = lift(parsed.user.mid(colon + 1), QStringLiteral("password"),
                                             QStringLiteral("Basic password"), request);
            }
        }
        if (!parsed.bearer.isEmpty()) {
            request.auth.mode = RequestAuth::Mode::Bearer;
            request.auth.token = lift(parsed.bearer, QStringLiteral("token"), QStringLiteral("bearer token"), request);
        }
        request.headers = parsed.headers;
        moveCredentialsOutOfHeaders(request, m_result);
    }

    QString lift(const QString &value, const QString &variable, const QString &what, RequestItem &request)
    {
        return liftRequestSecret(value, variable, what, request, m_result);
    }

    ImportResult &m_result;
};

bool isCurlWord(const QString &word)
{
    const QString base = word.section(QLatin1Char('/'), -1).section(QLatin1Char('\\'), -1).toLower();
    return base == QLatin1String("curl") || base == QLatin1String("curl.exe");
}

} // namespace

bool isCurlCommand(const QByteArray &bytes)
{
    // The first line that is not blank or a comment, after a pasted prompt ("$ ").
    static const QRegularExpression start(QStringLiteral("^(\\$\\s+)?(\\S*[/\\\\])?curl(\\.exe)?(\\s|$)"),
                                          QRegularExpression::CaseInsensitiveOption);
    const QStringList lines = QString::fromUtf8(bytes.left(4096)).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        return start.match(trimmed).hasMatch();
    }
    return false;
}

ImportResult importCurl(const ImportSource &source)
{
    return guardedImport(source.fileName, &source.bytes, [&source](ImportResult &result) {
        QString text = decodeText(source.bytes);
        // A pasted prompt ("$ curl ...") is not part of the command.
        // Blanked rather than removed, so that error positions stay those of the input.
        static const QRegularExpression prompt(QStringLiteral("^[ \\t]*\\$[ \\t]+"),
                                               QRegularExpression::MultilineOption);
        for (auto it = prompt.globalMatch(text); it.hasNext();) {
            const auto match = it.next();
            text.replace(match.capturedStart(), match.capturedLength(),
                         QString(match.capturedLength(), QLatin1Char(' ')));
        }
        const QList<ShellCommand> commands = splitShellCommands(text, detectShellDialect(text));
        CurlMapper mapper(result);
        QStringList others;
        for (const ShellCommand &command : commands) {
            if (isCurlWord(command.first().text))
                mapper.map(parseWords(command, text));
            else
                others.append(command.first().text);
        }
        if (result.workspace.requests.isEmpty()) {
            throw ImportFailure {QStringLiteral("1:1"),
                                 QStringLiteral("no curl command found (a command line that "
                                                "starts with curl)")};
        }
        // What follows a pipe (| jq) or another command is not a request, but is said.
        for (const QString &other : std::as_const(others))
            result.issues.append({QString(), QStringLiteral("the command \"%1\" is not curl; left out").arg(other)});
    });
}

} // namespace Keyway
