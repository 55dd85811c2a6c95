#include "collection/import/importresult.h"

namespace Keyway {

QString ImportIssue::toString() const
{
    return path.isEmpty() ? message : path + QStringLiteral(": ") + message;
}

QString ImportError::toString() const
{
    QString text = file.isEmpty() ? QStringLiteral("<input>") : file;
    if (!place.isEmpty())
        text += QLatin1Char(':') + place;
    return text + QStringLiteral(": ") + message;
}

ImportResult ImportResult::failure(ImportError error)
{
    ImportResult result;
    result.error = std::move(error);
    return result;
}

} // namespace Keyway
