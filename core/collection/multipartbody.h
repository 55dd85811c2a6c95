#pragma once

// A multipart/form-data body (RFC 7578) as a BodySource factory: every attempt gets a fresh
// device that streams the text parts and re-opens the files, so a replay after a refresh sends
// the same body and a large file part is never held in memory.

#include "http/bodysource.h"

#include <QList>
#include <QString>

namespace Keyway {

struct MultipartField
{
    QString name;
    QByteArray value; // a text part
    QString filePath; // a file part (absolute)
    QString contentType; // empty: text/plain for text, application/octet-stream for files
};

// The body and the value of its Content-Type header (with the boundary).
struct MultipartBody
{
    BodySource body;
    QByteArray contentType;
};

MultipartBody makeMultipartBody(const QList<MultipartField> &fields);

} // namespace Keyway
