#include "collection/import/httpfileimporter.h"

#include "collection/import/credentialheaders.h"
#include "collection/import/importfailure.h"
#include "collection/import/importguard.h"
#include "collection/import/textinput.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

namespace Keyway {

using namespace ImportDetail;

namespace {

const QRegularExpression &requestLine()
{
    static const QRegularExpression re(
        QStringLiteral("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT|[A-Z][A-Z-]*)\\s+(\\S+)"
                       "(?:\\s+HTTP/[0-9.]+)?\\s*$"));
    return re;
}

const QRegularExpression &fileVariable()
{
    static const QRegularExpression re(QStringLiteral("^@([A-Za-z_][\\w.-]*)\\s*=\\s?(.*)$"));
    return re;
}

bool isComment(const QString &line)
{
    return line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1String("//"));
}

QString commentText(const QString &line)
{
    return line.mid(line.startsWith(QLatin1Char('#')) ? 1 : 2).trimmed();
}

QString headerValue(const KeyValueList &headers, QLatin1String name)
{
    for (const KeyValue &h : headers) {
        if (h.enabled && h.name.compare(name, Qt::CaseInsensitive) == 0)
            return h.value;
    }
    return {};
}

struct Line
{
    QString text;
    int number;
};

class HttpFileReader
{
public:
    HttpFileReader(ImportResult &result, FolderItem &collection)
        : m_result(result)
        , m_collection(collection)
    {
    }

    void readBlock(const QList<Line> &lines, const QString &separatorName)
    {
        RequestItem request;
        QString name = separatorName;
        qsizetype i = 0;
        // Before the request line: comments, metadata and file variables.
        for (; i < lines.size(); ++i) {
            const QString text = lines.at(i).text.trimmed();
            if (text.isEmpty())
                continue;
            if (isComment(text)) {
                const QString comment = commentText(text);
                if (comment.startsWith(QLatin1String("@name ")))
                    name = comment.mid(6).trimmed();
                else if (comment == QLatin1String("@no-redirect"))
                    request.settings.followRedirects = false;
                continue;
            }
            if (const auto match = fileVariable().match(text); match.hasMatch()) {
                m_collection.variables.append({match.captured(1), match.captured(2).trimmed(), true, false});
                continue;
            }
            break;
        }
        if (i == lines.size())
            return; // a block of variables and comments only

        const Line &first = lines.at(i);
        const QString start = first.text.trimmed();
        if (const auto match = requestLine().match(start); match.hasMatch()) {
            request.method = match.captured(1);
            request.url = match.captured(2);
        } else if (!start.contains(QLatin1Char(' '))
                   && (start.contains(QLatin1String("://")) || start.startsWith(QLatin1String("{{")))) {
            request.url = start; // a bare URL is a GET
        } else {
            throw ImportFailure {QStringLiteral("%1:1").arg(first.number),
                                 QStringLiteral("expected a request line (METHOD URL), found \"%1\"").arg(start)};
        }
        // The query may go on over indented lines starting with ? or & (JetBrains).
        for (++i; i < lines.size(); ++i) {
            const QString text = lines.at(i).text;
            const QString trimmed = text.trimmed();
            if (!text.isEmpty() && text.front().isSpace()
                && (trimmed.startsWith(QLatin1Char('?')) || trimmed.startsWith(QLatin1Char('&'))))
                request.url += trimmed;
            else
                break;
        }
        // Headers, up to the empty line before the body.
        for (; i < lines.size(); ++i) {
            const QString text = lines.at(i).text.trimmed();
            if (text.isEmpty()) {
                ++i;
                break;
            }
            if (isComment(text))
                continue;
            // A header name is an RFC 9110 token (or a {{variable}}).
            static const QRegularExpression headerName(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z{}-]+$"));
            const qsizetype colon = text.indexOf(QLatin1Char(':'));
            if (colon <= 0 || !headerName.match(text.left(colon).trimmed()).hasMatch()) {
                throw ImportFailure {QStringLiteral("%1:1").arg(lines.at(i).number),
                                     QStringLiteral("expected a header (Name: value) or an empty "
                                                    "line before the body, found \"%1\"").arg(text)};
            }
            request.headers.append({text.left(colon).trimmed(), text.mid(colon + 1).trimmed(), true, {}});
        }
        request.name = name.isEmpty() ? defaultName(request) : name;
        readBody(lines.mid(i), request);
        moveCredentialsOutOfHeaders(request, m_result);
        m_collection.requests.append(request);
    }

private:
    static QString defaultName(const RequestItem &request)
    {
        const QString path = QUrl(request.url).path();
        return request.method + QLatin1Char(' ') + (path.isEmpty() ? request.url : path);
    }

    void readBody(QList<Line> lines, RequestItem &request)
    {
        // Response handlers (> {% ... %}, > script.js) and output redirects (>> file) end the body.
        for (qsizetype k = 0; k < lines.size(); ++k) {
            const QString text = lines.at(k).text;
            if (text.startsWith(QLatin1Char('>'))) {
                m_result.issues.append({request.name, text.startsWith(QLatin1String(">>"))
                                                          ? QStringLiteral("response output redirect not imported")
                                                          : QStringLiteral("response handler script not imported")});
                lines = lines.mid(0, k);
                break;
            }
        }
        while (!lines.isEmpty() && lines.last().text.trimmed().isEmpty())
            lines.removeLast();
        if (lines.isEmpty())
            return;
        QStringList texts;
        for (const Line &line : std::as_const(lines))
            texts.append(line.text);

        const QString type = headerValue(request.headers, QLatin1String("content-type"));
        const QString mediaType = type.section(QLatin1Char(';'), 0, 0).trimmed().toLower();
        if (texts.size() == 1 && texts.first().startsWith(QLatin1String("< "))) {
            request.body.mode = RequestBody::Mode::File;
            request.body.filePath = texts.first().mid(2).trimmed();
            request.body.contentType = type;
        } else if (mediaType == QLatin1String("multipart/form-data")) {
            readMultipart(texts, type, request);
        } else if (mediaType == QLatin1String("application/x-www-form-urlencoded")) {
            request.body.mode = RequestBody::Mode::FormUrlEncoded;
            // Pairs may be spread over lines, each starting with &.
            const QString joined = texts.join(QString()).trimmed();
            for (const QString &pair : joined.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
                const qsizetype equals = pair.indexOf(QLatin1Char('='));
                const auto decode = [](const QString &s) {
                    return QUrl::fromPercentEncoding(QString(s).replace(QLatin1Char('+'), QLatin1Char(' ')).toUtf8());
                };
                request.body.formFields.append({decode(pair.left(equals < 0 ? pair.size() : equals)),
                                                equals < 0 ? QString() : decode(pair.mid(equals + 1)), true, {}});
            }
        } else {
            request.body.mode = RequestBody::Mode::Raw;
            request.body.text = texts.join(QLatin1Char('\n'));
            request.body.contentType = type;
        }
    }

    void readMultipart(const QStringList &texts, const QString &type, RequestItem &request)
    {
        static const QRegularExpression boundaryParam(QStringLiteral("boundary=\"?([^\";]+)\"?"));
        const QString boundary = boundaryParam.match(type).captured(1);
        request.body.mode = RequestBody::Mode::Multipart;
        if (boundary.isEmpty()) {
            m_result.issues.append({request.name, QStringLiteral("multipart body without a boundary; imported as text")});
            request.body.mode = RequestBody::Mode::Raw;
            request.body.text = texts.join(QLatin1Char('\n'));
            request.body.contentType = type;
            return;
        }
        const QString delimiter = QStringLiteral("--") + boundary;
        QList<QStringList> parts;
        for (const QString &text : texts) {
            if (text.trimmed() == delimiter) {
                parts.append(QStringList());
            } else if (text.trimmed() == delimiter + QStringLiteral("--")) {
                break;
            } else if (!parts.isEmpty()) {
                parts.last().append(text);
            }
        }
        static const QRegularExpression nameParam(QStringLiteral("\\bname=\"([^\"]*)\""));
        for (const QStringList &partLines : std::as_const(parts)) {
            MultipartPart part;
            qsizetype k = 0;
            for (; k < partLines.size() && !partLines.at(k).trimmed().isEmpty(); ++k) {
                const QString header = partLines.at(k);
                const QString lower = header.toLower();
                if (lower.startsWith(QLatin1String("content-disposition:")))
                    part.name = nameParam.match(header).captured(1);
                else if (lower.startsWith(QLatin1String("content-type:")))
                    part.contentType = header.mid(header.indexOf(QLatin1Char(':')) + 1).trimmed();
            }
            QStringList content = partLines.mid(k + 1);
            while (!content.isEmpty() && content.last().trimmed().isEmpty())
                content.removeLast();
            if (content.size() == 1 && content.first().startsWith(QLatin1String("< ")))
                part.filePath = content.first().mid(2).trimmed();
            else
                part.value = content.join(QLatin1Char('\n'));
            request.body.parts.append(part);
        }
    }

    ImportResult &m_result;
    FolderItem &m_collection;
};

} // namespace

bool looksLikeHttpFile(const QByteArray &bytes)
{
    const QStringList lines = QString::fromUtf8(bytes.left(8192)).split(QLatin1Char('\n'));
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1String("###")) || isComment(line)
            || fileVariable().match(line).hasMatch())
            continue;
        return requestLine().match(line).hasMatch()
            || (!line.contains(QLatin1Char(' ')) && line.contains(QLatin1String("://")));
    }
    return false;
}

ImportResult importHttpFile(const ImportSource &source)
{
    return guardedImport(source.fileName, &source.bytes, [&source](ImportResult &result) {
        const QString text = decodeText(source.bytes);
        FolderItem collection;
        collection.name = source.fileName.isEmpty() ? QStringLiteral("Imported requests")
                                                    : QFileInfo(source.fileName).completeBaseName();
        HttpFileReader reader(result, collection);
        QList<Line> block;
        QString blockName;
        int number = 0;
        for (QString line : text.split(QLatin1Char('\n'))) {
            ++number;
            if (line.endsWith(QLatin1Char('\r')))
                line.chop(1);
            if (line.startsWith(QLatin1String("###"))) {
                reader.readBlock(block, blockName);
                block.clear();
                blockName = line.mid(3).trimmed();
                continue;
            }
            block.append({line, number});
        }
        reader.readBlock(block, blockName);
        if (collection.requests.isEmpty())
            throw ImportFailure {QStringLiteral("1:1"), QStringLiteral("no request found (a line METHOD URL)")};
        result.workspace.collections.append(collection);
    });
}

} // namespace Keyway
